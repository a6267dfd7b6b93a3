/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-connection-uri"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-connection-uri.h"
#include "ferry-error.h"

/* libvirt URIs are driver[+transport]://[user@][host][:port]/path[?query]. The dialog builds
 * the common QEMU/KVM ones from parts; GUri does the escaping and the IPv6 brackets. */

#define HOST_NAME_MAX_LENGTH  253
#define HOST_LABEL_MAX_LENGTH  63

void
ferry_connection_fields_clear (FerryConnectionFields *fields)
{
  g_clear_pointer (&fields->user, g_free);
  g_clear_pointer (&fields->host, g_free);
  fields->port = 0;
  fields->transport = FERRY_TRANSPORT_LOCAL_SYSTEM;
}

gboolean
ferry_transport_is_remote (FerryTransport transport)
{
  return transport == FERRY_TRANSPORT_SSH || transport == FERRY_TRANSPORT_TLS;
}

static const char *
remote_scheme (FerryTransport transport)
{
  g_assert (ferry_transport_is_remote (transport));
  return transport == FERRY_TRANSPORT_SSH ? "qemu+ssh" : "qemu+tls";
}

/* The character at P for a message, or NULL when it would not show (a control character). */
static char *
printable_char (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  if (!g_unichar_isgraph (c))
    return NULL;
  return g_ucs4_to_utf8 (&c, 1, NULL, NULL, NULL);
}

gboolean
ferry_connection_check_user (const char  *user,
                             GError     **error)
{
  /* No user is fine: ssh then logs in as the local user. */
  if (user == NULL || *user == '\0')
    return TRUE;

  if (!g_utf8_validate (user, -1, NULL))
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("The user name is not valid text."));
      return FALSE;
    }
  /* ssh would read a leading hyphen as an option. */
  if (*user == '-')
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A user name cannot begin with a hyphen."));
      return FALSE;
    }
  for (const char *p = user; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                               _("A user name cannot contain spaces."));
          return FALSE;
        }
      if (!g_unichar_isgraph (c))
        {
          g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                               _("A user name cannot contain control characters."));
          return FALSE;
        }
      /* These end the user part of a URI or start another part. */
      if (c < 0x80 && strchr ("@:/?#", (int) c) != NULL)
        {
          /* Translators: %c is a character such as @ or : */
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                       _("A user name cannot contain “%c”."), (char) c);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
is_ipv6 (const char *text)
{
  /* Zone indexes (fe80::1%eth0) are left out: libvirt's URI parser does not take them. */
  return strchr (text, ':') != NULL && strchr (text, '%') == NULL &&
         g_hostname_is_ip_address (text);
}

static gboolean
all_digits (const char *text,
            gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
check_label (const char  *label,
             gsize        length,
             GError     **error)
{
  if (length == 0)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A host name cannot have an empty part between dots."));
      return FALSE;
    }
  if (length > HOST_LABEL_MAX_LENGTH)
    {
      /* Translators: %d is a number of characters (63) */
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                   _("Each part of a host name between dots is at most %d characters long."),
                   HOST_LABEL_MAX_LENGTH);
      return FALSE;
    }
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (label[i]) && label[i] != '-')
      {
        g_autofree char *shown = printable_char (label + i);

        if (shown == NULL)
          g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                               _("A host name holds only letters a–z, digits, hyphens and dots."));
        else
          /* Translators: %s is one character; the host name field refused it */
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                       _("A host name cannot contain “%s”: use letters a–z, digits, hyphens and dots."),
                       shown);
        return FALSE;
      }
  if (label[0] == '-' || label[length - 1] == '-')
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A part of a host name cannot begin or end with a hyphen."));
      return FALSE;
    }
  return TRUE;
}

/* A host name as RFC 1123 has it, an IPv4 address, or an IPv6 address bare or in brackets. */
gboolean
ferry_connection_check_host (const char  *host,
                             GError     **error)
{
  const char *label;
  const char *dot;
  gsize length;

  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("Enter the host’s name or address."));
      return FALSE;
    }
  if (!g_utf8_validate (host, -1, NULL))
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("The host name is not valid text."));
      return FALSE;
    }

  length = strlen (host);
  if (host[0] == '[')
    {
      g_autofree char *inner = NULL;

      if (length < 2 || host[length - 1] != ']')
        {
          g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                               _("An IPv6 address in brackets ends with “]”."));
          return FALSE;
        }
      inner = g_strndup (host + 1, length - 2);
      if (!is_ipv6 (inner))
        {
          g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                               _("This is not an IPv6 address."));
          return FALSE;
        }
      return TRUE;
    }
  if (is_ipv6 (host))
    return TRUE;

  /* The two mistakes a URI-minded person makes: the other fields typed into this one. */
  if (strchr (host, '@') != NULL)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A host name cannot contain “@”: put the user name under User."));
      return FALSE;
    }
  if (strchr (host, ':') != NULL)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A host name cannot contain “:”: put the port under Port, or write an IPv6 address in full."));
      return FALSE;
    }
  if (length > HOST_NAME_MAX_LENGTH)
    {
      /* Translators: %d is a number of characters (253) */
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                   _("A host name is at most %d characters long."), HOST_NAME_MAX_LENGTH);
      return FALSE;
    }

  for (label = host; ; label = dot + 1)
    {
      dot = strchr (label, '.');
      if (!check_label (label, dot ? (gsize) (dot - label) : strlen (label), error))
        return FALSE;
      if (dot == NULL)
        break;
    }

  /* No top-level domain is all digits (RFC 1123, 2.1): such a name is meant as an IPv4
   * address, and must be one. */
  if (all_digits (label, strlen (label)) && !g_hostname_is_ip_address (host))
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("This is not an IPv4 address: four numbers from 0 to 255, with dots between."));
      return FALSE;
    }
  return TRUE;
}

/* Empty TEXT is the transport's default port, 0. */
gboolean
ferry_connection_parse_port (const char  *text,
                             guint       *port,
                             GError     **error)
{
  guint64 value = 0;

  g_return_val_if_fail (port != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      *port = 0;
      return TRUE;
    }
  if (!all_digits (text, strlen (text)) ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &value, NULL))
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("The port is a number from 1 to 65535, or empty for the usual one."));
      return FALSE;
    }
  *port = (guint) value;
  return TRUE;
}

/* Any libvirt URI, as typed under Custom: it must parse and name a driver; a host in it
 * follows the same rules as the Host field. */
gboolean
ferry_connection_check_uri (const char  *uri,
                            GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;
  const char *host;

  if (uri == NULL || *uri == '\0')
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("Enter a connection URI."));
      return FALSE;
    }

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  scheme = parsed != NULL ? g_uri_get_scheme (parsed) : NULL;
  if (scheme == NULL || *scheme == '\0' || strstr (uri, "://") == NULL)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A libvirt URI looks like driver:///system or driver+transport://user@host/system."));
      return FALSE;
    }

  host = g_uri_get_host (parsed);
  if (host != NULL && *host != '\0' && !ferry_connection_check_host (host, error))
    return FALSE;
  return ferry_connection_check_user (g_uri_get_user (parsed), error);
}

/* The URI of FIELDS (not CUSTOM, which has no parts), or an error saying which part is wrong
 * and why. */
char *
ferry_connection_uri_build (const FerryConnectionFields *fields,
                            GError                     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (fields->transport != FERRY_TRANSPORT_CUSTOM, NULL);
  g_return_val_if_fail (fields->port <= G_MAXUINT16, NULL);

  if (fields->transport == FERRY_TRANSPORT_LOCAL_SYSTEM)
    return g_strdup ("qemu:///system");
  if (fields->transport == FERRY_TRANSPORT_LOCAL_SESSION)
    return g_strdup ("qemu:///session");

  if (!ferry_connection_check_user (fields->user, error) ||
      !ferry_connection_check_host (fields->host, error))
    return NULL;

  /* GUri adds the brackets an IPv6 address needs; the field may have them already. */
  if (fields->host[0] == '[')
    host = g_strndup (fields->host + 1, strlen (fields->host) - 2);
  else
    host = g_strdup (fields->host);
  /* GUri would leave non-ASCII letters as they are (an IRI); libvirt wants them escaped. */
  if (fields->user != NULL && *fields->user != '\0')
    user = g_uri_escape_string (fields->user, G_URI_RESERVED_CHARS_SUBCOMPONENT_DELIMITERS, FALSE);

  uri = g_uri_build (G_URI_FLAGS_ENCODED, remote_scheme (fields->transport), user, host,
                     fields->port != 0 ? (int) fields->port : -1, "/system", NULL, NULL);
  return g_uri_to_string (uri);
}

/* Reads URI back into FIELDS when it is one the dialog builds: the parts are filled as they
 * are, valid or not, for the fields to show what is wrong. Anything else is CUSTOM, FALSE. */
gboolean
ferry_connection_uri_parse (const char            *uri,
                            FerryConnectionFields *fields)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;
  const char *host;
  const char *path;

  g_return_val_if_fail (fields != NULL, FALSE);

  ferry_connection_fields_clear (fields);
  fields->transport = FERRY_TRANSPORT_CUSTOM;

  if (uri == NULL || strstr (uri, "://") == NULL)
    return FALSE;
  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL || g_uri_get_query (parsed) != NULL || g_uri_get_fragment (parsed) != NULL)
    return FALSE;

  scheme = g_uri_get_scheme (parsed);
  host = g_uri_get_host (parsed);
  path = g_uri_get_path (parsed);

  if (g_str_equal (scheme, "qemu"))
    {
      if ((host != NULL && *host != '\0') || g_uri_get_user (parsed) != NULL ||
          g_uri_get_port (parsed) != -1)
        return FALSE;
      if (g_str_equal (path, "/system"))
        fields->transport = FERRY_TRANSPORT_LOCAL_SYSTEM;
      else if (g_str_equal (path, "/session"))
        fields->transport = FERRY_TRANSPORT_LOCAL_SESSION;
      else
        return FALSE;
      return TRUE;
    }

  if (!g_str_equal (scheme, "qemu+ssh") && !g_str_equal (scheme, "qemu+tls"))
    return FALSE;
  if (host == NULL || *host == '\0' || !g_str_equal (path, "/system"))
    return FALSE;

  fields->transport = g_str_equal (scheme, "qemu+ssh") ? FERRY_TRANSPORT_SSH : FERRY_TRANSPORT_TLS;
  fields->user = g_strdup (g_uri_get_user (parsed));
  fields->host = g_strdup (host);
  fields->port = g_uri_get_port (parsed) > 0 ? (guint) g_uri_get_port (parsed) : 0;
  return TRUE;
}

GStrv
ferry_connection_recent_add (const char * const *recent,
                             const char         *uri,
                             guint               max)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 1;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (max > 0, NULL);

  g_strv_builder_add (builder, uri);
  for (guint i = 0; recent != NULL && recent[i] != NULL && n < max; i++)
    if (!g_str_equal (recent[i], uri))
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  return g_strv_builder_end (builder);
}

GStrv
ferry_connection_recent_remove (const char * const *recent,
                                const char         *uri)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (uri != NULL, NULL);

  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    if (!g_str_equal (recent[i], uri))
      g_strv_builder_add (builder, recent[i]);
  return g_strv_builder_end (builder);
}

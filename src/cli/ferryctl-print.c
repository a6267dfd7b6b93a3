/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-error.h"
#include "ferry-text.h"
#include "ferryctl-private.h"

/* Output that several ferryctl commands share: JSON pieces, findings, errors. */

/* Host-given TEXT as text output may show it: a name the host chose could otherwise move the
 * terminal's cursor, forge a row with a newline or read backwards (ferry_text_dup_safe).
 * Unbounded in length: a terminal wraps. Kept until ferryctl exits; NULL for NULL. JSON needs
 * none of this: it escapes by itself. */
const char *
ferryctl_safe (const char *text)
{
  static GStringChunk *kept;
  g_autofree char *safe = ferry_text_dup_safe (text, 0);

  if (safe == NULL)
    return NULL;
  if (kept == NULL)
    kept = g_string_chunk_new (4096);
  return g_string_chunk_insert_const (kept, safe);
}

void
ferryctl_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* A libvirt or host failure: exit status 1. */
int
ferryctl_print_error (const GError *error)
{
  const char *details = ferry_error_get_details (error);

  /* Messages quote names, and libvirt's own words come from the host. */
  g_printerr ("ferryctl: %s\n", ferryctl_safe (error->message));
  /* libvirt's own words under Ferry's, as the window's Details. */
  if (details != NULL)
    g_printerr ("  %s %s\n", _("libvirt said:"), ferryctl_safe (details));
  return 1;
}

void
ferryctl_add_string_or_null (JsonBuilder *builder,
                             const char  *member,
                             const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
ferryctl_add_address_array (JsonBuilder           *builder,
                            const char            *member,
                            const FerryPciAddress *addresses,
                            guint                  n_addresses)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_addresses; i++)
    {
      g_autofree char *text = ferry_pci_address_to_string (&addresses[i]);
      json_builder_add_string_value (builder, text);
    }
  json_builder_end_array (builder);
}

/* Findings (assignment rules, pool checks) as MEMBER: [{code, severity, message, devices,
 * guests}]. */
/* MEMBER: STRV (NULL-terminated; NULL is an empty array) as a JSON array of strings. */
void
ferryctl_add_string_array (JsonBuilder        *builder,
                           const char         *member,
                           const char * const *strv)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

void
ferryctl_add_findings_array (JsonBuilder *builder,
                             const char  *member,
                             GPtrArray   *findings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    {
      FerryFinding *finding = findings->pdata[i];
      const char * const *guests = ferry_finding_get_guests (finding);
      const FerryPciAddress *devices;
      guint n_devices;

      devices = ferry_finding_get_devices (finding, &n_devices);
      json_builder_begin_object (builder);
      ferryctl_add_string_or_null (builder, "code", ferry_finding_get_code (finding));
      ferryctl_add_string_or_null (builder, "severity",
                                   ferry_finding_get_severity_name (finding));
      ferryctl_add_string_or_null (builder, "message", ferry_finding_get_message (finding));
      ferryctl_add_address_array (builder, "devices", devices, n_devices);
      ferryctl_add_string_array (builder, "guests", guests);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

void
ferryctl_print_findings (GPtrArray   *findings,
                         FerryctlSay  say)
{
  for (guint i = 0; i < findings->len; i++)
    {
      FerryFinding *finding = findings->pdata[i];

      say ("%-7s  %-17s  %s\n", ferry_finding_get_severity_name (finding),
           ferry_finding_get_code (finding),
           ferryctl_safe (ferry_finding_get_message (finding)));
    }
  if (findings->len == 0)
    say ("%s\n", _("Nothing stands in the way."));
}

const char *
ferryctl_kind_name (FerryAssignmentKind kind)
{
  switch (kind)
    {
    case FERRY_ASSIGNMENT_INTERFACE_HOSTDEV:
      return "interface-hostdev";
    case FERRY_ASSIGNMENT_INTERFACE_POOL:
      return "interface-pool";
    case FERRY_ASSIGNMENT_HOSTDEV:
    default:
      return "hostdev";
    }
}

/* The guest called NAME, or NULL after saying so (a host finding: exit status 1). */
FerryGuest *
ferryctl_find_guest (FerrySession *session,
                     const char   *name)
{
  FerryGuest *guest = ferry_session_lookup_guest (session, name);

  if (guest != NULL)
    return guest;
  g_printerr ("ferryctl: %s: %s\n", ferryctl_safe (name), _("no such guest"));
  return NULL;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-error"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-error.h"
#include "ferry-failure.h"

/* FERRY_ERROR is an extended error domain: its errors carry libvirt's own text beside the
 * plain-words message, and g_error_copy() keeps it. GLib hands these functions the private
 * part through a lookup GCC cannot prove non-NULL (it is, for FERRY_ERROR errors). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"

typedef struct
{
  char *details;
} FerryErrorPrivate;

static void
ferry_error_private_init (FerryErrorPrivate *priv)
{
  priv->details = NULL;
}

static void
ferry_error_private_copy (const FerryErrorPrivate *src,
                          FerryErrorPrivate       *dest)
{
  dest->details = g_strdup (src->details);
}

static void
ferry_error_private_clear (FerryErrorPrivate *priv)
{
  g_clear_pointer (&priv->details, g_free);
}

G_DEFINE_EXTENDED_ERROR (FerryError, ferry_error)

/* Sets what libvirt or QEMU said about ERROR, a FERRY_ERROR. */
void
ferry_error_set_details (GError     *error,
                         const char *details)
{
  FerryErrorPrivate *priv;

  g_return_if_fail (error != NULL);
  g_return_if_fail (error->domain == FERRY_ERROR);

  priv = ferry_error_get_private (error);
  g_free (priv->details);
  priv->details = g_strdup (details);
}

/* libvirt's or QEMU's own words behind ERROR; NULL for any other error or when there are
 * none. */
const char *
ferry_error_get_details (const GError *error)
{
  FerryErrorPrivate *priv;

  if (error == NULL || error->domain != FERRY_ERROR)
    return NULL;
  priv = ferry_error_get_private (error);
  return priv->details;
}

#pragma GCC diagnostic pop

/* A FERRY_ERROR (CODE): WHAT failed, then why and what to do when Ferry knows
 * LIBVIRT_MESSAGE, which stays as the details either way. URI: see ferry_failure_explain. */
static void
set_explained (GError         **error,
               FerryErrorCode   code,
               const char      *what,
               const char      *libvirt_message,
               const char      *uri)
{
  const char *cause = NULL;
  const char *remedy = NULL;

  if (ferry_failure_explain (libvirt_message, uri, &cause, &remedy))
    /* Translators: what failed ("Cannot detach the device"), why, and what to do; each of
       the last two a sentence */
    g_set_error (error, FERRY_ERROR, code, _("%s. %s %s"), what, cause, remedy);
  else
    /* Translators: %s says what failed, e.g. "Cannot detach the device" */
    g_set_error (error, FERRY_ERROR, code, _("%s."), what);
  ferry_error_set_details (*error, libvirt_message);
}

/* A FERRY_ERROR (CODE) for an operation libvirt refused: WHAT failed ("Cannot start
 * win11"), then in plain words why and what to do when Ferry knows LIBVIRT_MESSAGE, which
 * stays as the details either way. */
void
ferry_set_libvirt_error (GError         **error,
                         FerryErrorCode   code,
                         const char      *what,
                         const char      *libvirt_message)
{
  g_return_if_fail (what != NULL);

  if (error == NULL)
    return;
  set_explained (error, code, what, libvirt_message, NULL);
}

/* A FERRY_ERROR_LIBVIRT for a connection to URI that did not open: as
 * ferry_set_libvirt_error, with advice that fits URI's transport (no ssh-copy-id for a SASL
 * login) and names its host ("ssh-keyscan server.example"). */
void
ferry_set_connection_error (GError     **error,
                            const char  *what,
                            const char  *libvirt_message,
                            const char  *uri)
{
  g_autofree char *named = NULL;

  g_return_if_fail (what != NULL && uri != NULL);

  if (error == NULL)
    return;
  set_explained (error, FERRY_ERROR_LIBVIRT, what, libvirt_message, uri);
  named = ferry_failure_name_host ((*error)->message, uri);
  g_free ((*error)->message);
  (*error)->message = g_steal_pointer (&named);
}

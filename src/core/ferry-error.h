/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FERRY_ERROR (ferry_error_quark ())

typedef enum
{
  FERRY_ERROR_INVALID_XML,
  FERRY_ERROR_INVALID_ADDRESS,
  FERRY_ERROR_NOT_SUPPORTED,
  FERRY_ERROR_LIBVIRT,
  FERRY_ERROR_NOT_FOUND,
  FERRY_ERROR_TIMED_OUT,
  FERRY_ERROR_INVALID_INPUT,
  FERRY_ERROR_NOT_STARTED,
  FERRY_ERROR_IN_USE,
  FERRY_ERROR_CONNECTION_LOST,  /* mid-operation; the message says what is true now */
} FerryErrorCode;

GQuark      ferry_error_quark       (void);

/* A FERRY_ERROR says in plain words what happened and what to do; what libvirt or QEMU said
 * travels with it, for a "Details" section. */
void        ferry_error_set_details (GError       *error,
                                     const char   *details);
const char *ferry_error_get_details (const GError *error);
void        ferry_set_libvirt_error (GError       **error,
                                     FerryErrorCode code,
                                     const char    *what,
                                     const char    *libvirt_message);
void        ferry_set_connection_error (GError    **error,
                                        const char *what,
                                        const char *libvirt_message,
                                        const char *uri);

G_END_DECLS

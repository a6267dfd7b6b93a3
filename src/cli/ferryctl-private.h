/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ferry-assigned-device.h"
#include "ferry-finding.h"
#include "ferry-guest.h"
#include "ferry-pci-address.h"
#include "ferry-session.h"

G_BEGIN_DECLS

/* ferryctl's options. The first few belong to every command; the rest each to the commands
 * whose table entry lists it (ferryctl.c), and are refused on any other. */
typedef enum
{
  FERRYCTL_OPT_HELP,
  FERRYCTL_OPT_CONNECT,
  FERRYCTL_OPT_DEMO,
  FERRYCTL_OPT_TIMEOUT,
  FERRYCTL_OPT_JSON,          /* every command with a JSON printer */
  FERRYCTL_OPT_GUEST,
  FERRYCTL_OPT_MAC,
  FERRYCTL_OPT_LIVE,
  FERRYCTL_OPT_CONFIG,
  FERRYCTL_OPT_UNMANAGED,
  FERRYCTL_OPT_ALL_FUNCTIONS,
  FERRYCTL_OPT_WITH_GROUP,
  FERRYCTL_OPT_FORCE,
  FERRYCTL_OPT_REATTACH,
  FERRYCTL_OPT_PF,
  FERRYCTL_OPT_VF,
  FERRYCTL_OPT_VLAN,
  FERRYCTL_OPT_AUTOSTART,
  FERRYCTL_OPT_START,
  FERRYCTL_OPT_DRY_RUN,
  FERRYCTL_OPT_ROLLBACK_ON_LOSS,
  FERRYCTL_N_OPTIONS
} FerryctlOption;

#define FERRYCTL_BIT(option) (1u << (option))

#define FERRYCTL_MAX_ARGS 2

/* One command line, checked: what main() hands a command once the host is connected. */
typedef struct
{
  const char *args[FERRYCTL_MAX_ARGS];   /* the positional arguments, as given */
  GArray     *addresses;                 /* FerryPciAddress: the ADDRESS argument, or --vf */
  const char *values[FERRYCTL_N_OPTIONS]; /* each given option's value; NULL if none */
  guint       given;                     /* FERRYCTL_BIT of each option given */
  guint       vlan;                      /* --vlan; 0 for none */
} FerryctlCall;

static inline gboolean
ferryctl_call_has (const FerryctlCall *call,
                   FerryctlOption      option)
{
  return (call->given & FERRYCTL_BIT (option)) != 0;
}

/* Prints what a command has to say, text or JSON; returns the exit status. */
typedef int (*FerryctlPrinter) (FerrySession       *session,
                                const FerryctlCall *call);

/* g_print or g_printerr: where a printer's lines go. */
typedef void (*FerryctlSay) (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* ferryctl.c */
GAsyncResult *ferryctl_wait_for_change    (GCancellable           *cancellable,
                                           GAsyncResult          **slot);

/* ferryctl-print.c: output shared by several commands. */
const char *ferryctl_safe                 (const char             *text);
void        ferryctl_print_json           (JsonBuilder            *builder);
int         ferryctl_print_error          (const GError           *error);
void        ferryctl_add_string_or_null   (JsonBuilder            *builder,
                                           const char             *member,
                                           const char             *value);
void        ferryctl_add_address_array    (JsonBuilder            *builder,
                                           const char             *member,
                                           const FerryPciAddress  *addresses,
                                           guint                   n_addresses);
void        ferryctl_add_string_array     (JsonBuilder            *builder,
                                           const char             *member,
                                           const char * const     *strv);
void        ferryctl_add_findings_array   (JsonBuilder            *builder,
                                           const char             *member,
                                           GPtrArray              *findings);
void        ferryctl_print_findings       (GPtrArray              *findings,
                                           FerryctlSay             say);
const char *ferryctl_kind_name            (FerryAssignmentKind     kind);
FerryGuest *ferryctl_find_guest           (FerrySession           *session,
                                           const char             *name);

/* ferryctl-commands-host.c */
int ferryctl_host_text      (FerrySession *session, const FerryctlCall *call);
int ferryctl_host_json      (FerrySession *session, const FerryctlCall *call);
int ferryctl_devices_text   (FerrySession *session, const FerryctlCall *call);
int ferryctl_devices_json   (FerrySession *session, const FerryctlCall *call);
int ferryctl_groups_text    (FerrySession *session, const FerryctlCall *call);
int ferryctl_groups_json    (FerrySession *session, const FerryctlCall *call);
int ferryctl_readiness_text (FerrySession *session, const FerryctlCall *call);
int ferryctl_readiness_json (FerrySession *session, const FerryctlCall *call);
int ferryctl_host_detach    (FerrySession *session, const FerryctlCall *call);
int ferryctl_host_reattach  (FerrySession *session, const FerryctlCall *call);

/* ferryctl-commands-guests.c */
int ferryctl_guests_text    (FerrySession *session, const FerryctlCall *call);
int ferryctl_guests_json    (FerrySession *session, const FerryctlCall *call);
int ferryctl_guest_text     (FerrySession *session, const FerryctlCall *call);
int ferryctl_guest_json     (FerrySession *session, const FerryctlCall *call);
int ferryctl_detach         (FerrySession *session, const FerryctlCall *call);
int ferryctl_check_text     (FerrySession *session, const FerryctlCall *call);
int ferryctl_check_json     (FerrySession *session, const FerryctlCall *call);
int ferryctl_assign         (FerrySession *session, const FerryctlCall *call);
int ferryctl_repair         (FerrySession *session, const FerryctlCall *call);

/* ferryctl-commands-pools.c */
int ferryctl_pools_text     (FerrySession *session, const FerryctlCall *call);
int ferryctl_pools_json     (FerrySession *session, const FerryctlCall *call);
int ferryctl_pool_create    (FerrySession *session, const FerryctlCall *call);
int ferryctl_pool_delete    (FerrySession *session, const FerryctlCall *call);
int ferryctl_connect        (FerrySession *session, const FerryctlCall *call);

G_END_DECLS

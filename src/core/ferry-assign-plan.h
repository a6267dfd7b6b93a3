/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-assign-check.h"
#include "ferry-host-facts.h"

G_BEGIN_DECLS

/* How the picked functions are given to the guest. */
typedef struct
{
  gboolean       managed;       /* managed='yes': libvirt detaches them at guest start */
  FerryTristate  rom_bar;       /* UNKNOWN leaves libvirt's default */
  const char    *rom_file;      /* for the first picked function (a GPU's video BIOS) */
  gboolean       as_interface;  /* VFs as <interface type='hostdev'> */
  const char    *mac;           /* as_interface, one VF: NULL or "" lets libvirt choose */
  int            vlan;          /* as_interface: 1–4094, 0 for none */
  const char    *profile_id;    /* as_interface: 802.1Qbh port profile, NULL for none */
} FerryAssignOptions;

#define FERRY_ASSIGN_OPTIONS_INIT { TRUE, FERRY_TRISTATE_UNKNOWN, NULL, FALSE, NULL, 0, NULL }

/* What Apply does, in order: detach DETACH_FIRST from the host, then attach each device XML
 * (live and/or persistent), all of it or none. */
typedef struct
{
  char      *guest;
  GArray    *addresses;     /* FerryPciAddress, in attach order */
  GPtrArray *device_xml;    /* one document per address */
  GArray    *detach_first;  /* FerryPciAddress */
  GArray    *records;       /* FerryHostdevRecord: what is at each address, for the guard */
  gboolean   live;
  gboolean   config;
  /* When the connection is lost mid-way, whatever the daemon applied is read again and put
   * back (otherwise only reported). */
  gboolean   roll_back_on_loss;
} FerryAssignPlan;

gboolean         ferry_assign_options_check_profile_id (const char *profile_id,
                                                        GError    **error);
gboolean         ferry_assign_options_check_rom_file   (const char *rom_file,
                                                        GError    **error);
char            *ferry_assign_options_generate_mac     (void);

FerryAssignPlan *ferry_assign_plan_new     (const FerryAssignRequest *request,
                                            const FerryAssignOptions *options,
                                            gboolean                  live,
                                            gboolean                  config,
                                            GError                  **error);
FerryAssignPlan *ferry_assign_plan_copy    (const FerryAssignPlan    *plan);
void             ferry_assign_plan_free    (FerryAssignPlan          *plan);
char            *ferry_assign_plan_dup_xml (const FerryAssignPlan    *plan);
char            *ferry_assign_plan_dup_definition (const FerryAssignPlan *plan,
                                                   const char            *domain_xml,
                                                   GError               **error);
char            *ferry_assign_plan_describe_loss (const FerryAssignPlan *plan,
                                                  const char            *host,
                                                  const char            *before_config,
                                                  const char            *now_config,
                                                  const char            *now_live,
                                                  gboolean              *changed,
                                                  GArray                *live_added,
                                                  GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryAssignPlan, ferry_assign_plan_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ferry-pci-address.h"

G_BEGIN_DECLS

/* What the pool editor sets on a VF pool: the rest of an existing network's XML stays. */
typedef struct
{
  const char            *name;
  const char            *pf_device;   /* "All VFs of a physical function", or NULL */
  const FerryPciAddress *vfs;         /* "Selected VFs" when pf_device is NULL */
  guint                  n_vfs;
  gboolean               managed;
  guint                  vlan;        /* 0: none */
} FerryPoolSpec;

gboolean ferry_pool_xml_check_name (const char           *name,
                                    const char * const   *taken,
                                    GError              **error);
char    *ferry_pool_xml_build      (const char           *existing_xml,
                                    const FerryPoolSpec  *spec,
                                    GError              **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-host-facts.h"

G_BEGIN_DECLS

void ferry_host_probe (const char     *root,
                       FerryHostFacts *facts);

G_END_DECLS

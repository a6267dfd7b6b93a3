/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *fixture_load          (const char *name);
void  fixture_assert_valid  (const char *xml,
                             const char *schema);

G_END_DECLS

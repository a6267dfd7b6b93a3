/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ferry-host-facts.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_CHECK_PASS,
  FERRY_CHECK_WARN,
  FERRY_CHECK_FAIL,
  FERRY_CHECK_UNKNOWN,
} FerryCheckStatus;

#define FERRY_TYPE_READINESS_CHECK (ferry_readiness_check_get_type ())

G_DECLARE_FINAL_TYPE (FerryReadinessCheck, ferry_readiness_check, FERRY, READINESS_CHECK, GObject)

GPtrArray          *ferry_readiness_evaluate             (const FerryHostFacts *facts);
const char         *ferry_readiness_check_get_id         (FerryReadinessCheck  *self);
FerryCheckStatus    ferry_readiness_check_get_status     (FerryReadinessCheck  *self);
const char         *ferry_readiness_check_get_status_name (FerryReadinessCheck *self);
const char         *ferry_readiness_check_get_title      (FerryReadinessCheck  *self);
const char         *ferry_readiness_check_get_summary    (FerryReadinessCheck  *self);
const char         *ferry_readiness_check_get_remedy     (FerryReadinessCheck  *self);
const char * const *ferry_readiness_check_get_commands   (FerryReadinessCheck  *self);
const char         *ferry_readiness_check_get_fix_uri    (FerryReadinessCheck  *self);
gboolean            ferry_readiness_check_equal          (FerryReadinessCheck  *a,
                                                          FerryReadinessCheck  *b);

G_END_DECLS

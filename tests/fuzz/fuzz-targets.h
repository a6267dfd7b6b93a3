/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One parser or edit of libferry-core fed with bytes a host could send. */
typedef void (*FerryFuzzTarget) (const guint8 *data,
                                 gsize         size);

typedef struct
{
  const char      *name;   /* also the corpus directory: corpus/NAME/ */
  FerryFuzzTarget  run;
} FerryFuzzEntry;

extern const FerryFuzzEntry ferry_fuzz_targets[];
extern const guint ferry_fuzz_n_targets;

const FerryFuzzEntry *ferry_fuzz_lookup (const char *name);

G_END_DECLS

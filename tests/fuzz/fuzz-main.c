/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-fuzz"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "fuzz-targets.h"

/* libFuzzer's entry point for one target, named at build time (tests/fuzz/meson.build). */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const FerryFuzzEntry *entry;

  if (entry == NULL)
    {
      entry = ferry_fuzz_lookup (FERRY_FUZZ_TARGET);
      if (entry == NULL)
        abort ();
    }
  entry->run (data, size);
  return 0;
}

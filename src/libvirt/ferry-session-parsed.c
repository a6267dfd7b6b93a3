/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-session"

#include "config.h"

#include "ferry-session-private.h"

/* What a read parsed, kept for the next one (ParsedCache in ferry-session-private.h). */

Parsed *
parsed_new (char           *text,
            char           *text2,
            gpointer        result,
            GDestroyNotify  free_result)
{
  Parsed *parsed = g_new (Parsed, 1);

  *parsed = (Parsed) { text, text2, result, free_result };
  return parsed;
}

void
parsed_free (Parsed *parsed)
{
  g_free (parsed->text);
  g_free (parsed->text2);
  parsed->free_result (parsed->result);
  g_free (parsed);
}

ParsedCache *
parsed_cache_new (void)
{
  ParsedCache *cache = g_new0 (ParsedCache, 1);

  g_atomic_ref_count_init (&cache->ref);
  cache->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) parsed_free);
  cache->netdevs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) parsed_free);
  cache->networks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) parsed_free);
  cache->guests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) parsed_free);
  return cache;
}

ParsedCache *
parsed_cache_ref (ParsedCache *cache)
{
  g_atomic_ref_count_inc (&cache->ref);
  return cache;
}

void
parsed_cache_unref (ParsedCache *cache)
{
  if (!g_atomic_ref_count_dec (&cache->ref))
    return;

  g_hash_table_unref (cache->devices);
  g_hash_table_unref (cache->netdevs);
  g_hash_table_unref (cache->networks);
  g_hash_table_unref (cache->guests);
  g_free (cache);
}

/* TABLE's parse of KEY when it was made from TEXT and TEXT2 exactly; any thread (the tables
 * are never changed once made). */
Parsed *
lookup_parsed (GHashTable *table,
               const char *key,
               const char *text,
               const char *text2)
{
  Parsed *parsed = table && key ? g_hash_table_lookup (table, key) : NULL;

  if (parsed == NULL || g_strcmp0 (parsed->text, text) != 0 ||
      g_strcmp0 (parsed->text2, text2) != 0)
    return NULL;
  return parsed;
}


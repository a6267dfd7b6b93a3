/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-session"

#include "config.h"

#include "ferry-session-private.h"

#include <string.h>

/* What a read parsed, kept for the next one (ParsedCache in ferry-session-private.h). */

static guint64
rotate_left (guint64 word,
             guint   bits)
{
  return (word << bits) | (word >> (64 - bits));
}

#define PRIME1 G_GUINT64_CONSTANT (0x9E3779B185EBCA87)
#define PRIME2 G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F)
#define PRIME3 G_GUINT64_CONSTANT (0x165667B19E3779F9)
#define LANES 4

static guint64
avalanche (guint64 h)
{
  h ^= h >> 33;
  h *= PRIME2;
  h ^= h >> 29;
  h *= PRIME3;
  return h ^ (h >> 32);
}

/* Takes the LANES words at WORDS into each hash's lanes: a word changes its lane of either
 * hash one to one, and each hash mixes its own way, so a text that fools one does not fool
 * the other by the same token. */
static void
take_words (const guint64 words[LANES],
            guint64       a[LANES],
            guint64       b[LANES])
{
  for (guint i = 0; i < LANES; i++)
    {
      a[i] = rotate_left (a[i] + words[i] * PRIME2, 31) * PRIME1;
      b[i] = rotate_left (b[i] ^ words[i], 27) * PRIME3;
    }
}

/* The print (TextPrint) of TEXT, LENGTH bytes: two hashes of their own seeds, each of four
 * lanes that take a word in turn. Four independent lanes, not one chain, keep the processor's
 * multipliers busy: hashing was a fifth of a reload's parse lookups. */
static void
print_text (const char *text,
            gsize       length,
            TextPrint  *print)
{
  static gsize seeded;
  static guint64 seeds[2 * LANES];
  guint64 a[LANES], b[LANES], words[LANES];
  gsize n = length;

  if (g_once_init_enter (&seeded))
    {
      for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
        seeds[i] = (guint64) g_random_int () << 32 | g_random_int ();
      g_once_init_leave (&seeded, 1);
    }

  for (guint i = 0; i < LANES; i++)
    {
      a[i] = seeds[i] + length;
      b[i] = seeds[LANES + i] ^ length;
    }
  for (; n >= sizeof words; n -= sizeof words, text += sizeof words)
    {
      memcpy (words, text, sizeof words);
      take_words (words, a, b);
    }
  /* The length, in the seeds, tells the padding from bytes that are zero. */
  if (n > 0)
    {
      memset (words, 0, sizeof words);
      memcpy (words, text, n);
      take_words (words, a, b);
    }
  *print = (TextPrint) { length,
                         { avalanche (rotate_left (a[0], 1) + rotate_left (a[1], 7) +
                                      rotate_left (a[2], 12) + rotate_left (a[3], 18)),
                           avalanche (b[0] ^ rotate_left (b[1], 19) ^ rotate_left (b[2], 38) ^
                                      rotate_left (b[3], 57)) },
                         TRUE };
}

static void
print_text_or_none (const char *text,
                    TextPrint  *print)
{
  if (text != NULL)
    print_text (text, strlen (text), print);
  else
    *print = (TextPrint) { 0 };
}

static gboolean
same_print (const TextPrint *print,
            const char      *text)
{
  TextPrint other;
  gsize length;

  if (print->present != (text != NULL))
    return FALSE;
  if (text == NULL)
    return TRUE;
  /* Most changed texts change length: those need no hashing. */
  length = strlen (text);
  if (length != print->length)
    return FALSE;
  print_text (text, length, &other);
  return memcmp (print->hash, other.hash, sizeof other.hash) == 0;
}

/* A parse of TEXT and TEXT2 (or NULL), which are not kept, into RESULT, which is. SAME_TEXTS,
 * when given, is a parse lookup_parsed found for these very texts: their prints are its. */
Parsed *
parsed_new (const char     *text,
            const char     *text2,
            const Parsed   *same_texts,
            gpointer        result,
            GDestroyNotify  free_result)
{
  Parsed *parsed = g_new0 (Parsed, 1);

  if (same_texts != NULL)
    {
      parsed->text = same_texts->text;
      parsed->text2 = same_texts->text2;
    }
  else
    {
      print_text_or_none (text, &parsed->text);
      print_text_or_none (text2, &parsed->text2);
    }
  parsed->result = result;
  parsed->free_result = free_result;
  return parsed;
}

void
parsed_free (Parsed *parsed)
{
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

/* TABLE's parse of KEY when it was made from TEXT and TEXT2 (as their prints tell); any
 * thread (the tables are never changed once made). */
Parsed *
lookup_parsed (GHashTable *table,
               const char *key,
               const char *text,
               const char *text2)
{
  Parsed *parsed = table && key ? g_hash_table_lookup (table, key) : NULL;

  if (parsed == NULL || !same_print (&parsed->text, text) || !same_print (&parsed->text2, text2))
    return NULL;
  return parsed;
}


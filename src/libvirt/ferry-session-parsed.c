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

/* The print (TextPrint) of TEXT, LENGTH bytes: eight bytes a step, each hash with its own
 * seed and mixing, so a text that fools one does not fool the other by the same token. */
static void
print_text (const char *text,
            gsize       length,
            TextPrint  *print)
{
  static gsize seeded;
  static guint64 seeds[2];
  guint64 a, b;
  gsize n = length;

  if (g_once_init_enter (&seeded))
    {
      for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
        seeds[i] = (guint64) g_random_int () << 32 | g_random_int ();
      g_once_init_leave (&seeded, 1);
    }

  a = seeds[0] ^ length;
  b = seeds[1] + length;
  for (; n >= sizeof (guint64); n -= sizeof (guint64), text += sizeof (guint64))
    {
      guint64 word;

      memcpy (&word, text, sizeof word);
      a = (a ^ word) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
      a ^= a >> 32;
      b = rotate_left (b + word * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F), 31);
      b *= G_GUINT64_CONSTANT (0x165667B19E3779F9);
    }
  if (n > 0)
    {
      guint64 word = 0;

      memcpy (&word, text, n);
      a = (a ^ word) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
      b = rotate_left (b + word * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F), 31);
      b *= G_GUINT64_CONSTANT (0x165667B19E3779F9);
    }
  *print = (TextPrint) { length, { a ^ (a >> 29), b ^ (b >> 32) }, TRUE };
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


/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-text"

#include "config.h"

#include <string.h>

#include "ferry-text.h"

/* Names come from the host, which may be remote and hostile: a name that holds an escape
 * sequence would drive the terminal ferryctl prints to, and a bidi override would make a
 * label read as something else (CVE-2021-42574, "Trojan Source"). */
static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202a && c <= 0x202e) ||   /* LRE, RLE, PDF, LRO, RLO */
         (c >= 0x2066 && c <= 0x2069) ||   /* LRI, RLI, FSI, PDI */
         c == 0x200e || c == 0x200f ||     /* LRM, RLM */
         c == 0x061c;                      /* ALM */
}

static gboolean
is_control (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

/* TEXT for display: control characters (C0, DEL, C1) shown as \xNN, bidi controls as \uNNNN,
 * bytes that are not UTF-8 as U+FFFD, and at most MAX_CHARS characters (0: no bound), the
 * last of them "…" when TEXT was longer. NULL for NULL. */
char *
ferry_text_dup_safe (const char *text,
                     gsize       max_chars)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) safe = NULL;
  gsize n_chars = 0;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  safe = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char piece[16];
      gsize piece_chars;

      if (is_control (c))
        g_snprintf (piece, sizeof piece, "\\x%02x", c);
      else if (is_bidi_control (c))
        g_snprintf (piece, sizeof piece, "\\u%04x", c);
      else
        piece[g_unichar_to_utf8 (c, piece)] = '\0';

      piece_chars = g_utf8_strlen (piece, -1);
      /* One character is kept for the ellipsis, unless this piece ends the text exactly. */
      if (max_chars > 0 && n_chars + piece_chars > max_chars - 1 &&
          !(n_chars + piece_chars == max_chars && *g_utf8_next_char (p) == '\0'))
        {
          g_string_append (safe, "…");
          break;
        }

      g_string_append (safe, piece);
      n_chars += piece_chars;
    }

  return g_string_free (g_steal_pointer (&safe), FALSE);
}

/* Replaces the string *FIELD holds with a copy of VALUE (either may be NULL) and says whether
 * it changed, so a property is notified only on a real change (GLib 2.74 has no g_set_str). */
gboolean
ferry_text_set (char       **field,
                const char  *value)
{
  g_return_val_if_fail (field != NULL, FALSE);

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-host-root"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "ferry-host-root-private.h"
#include "ferry-pci-address.h"

/* Reading a host's /proc and /sys under a root directory ("/" for this machine, a fixture
 * tree in tests): every path goes through ferry_root_resolve(), so a fixture's links are
 * followed inside the fixture and never into the real /sys. */

/* The kernel gives up after 40 links in one lookup; so does this, which also ends loops. */
#define MAX_LINKS 40

static char *
join_under_root (const char *root,
                 GPtrArray  *components)
{
  GString *path = g_string_new (root);

  for (guint i = 0; i < components->len; i++)
    {
      if (path->len == 0 || path->str[path->len - 1] != '/')
        g_string_append_c (path, '/');
      g_string_append (path, components->pdata[i]);
    }

  return g_string_free (path, FALSE);
}

/* Resolves PATH under ROOT as the kernel would if ROOT were "/": an absolute link target
 * starts again at ROOT and ".." stops there. Returns the path relative to ROOT, free of
 * links ("" for ROOT itself), or NULL when a component is missing or the links loop. */
char *
ferry_root_resolve (const char *root,
                    const char *path)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *rest = g_strdup (path);
  guint links = 0;

  while (rest[0] != '\0')
    {
      const char *slash = strchr (rest, '/');
      g_autofree char *component = slash != NULL ? g_strndup (rest, slash - rest)
                                                 : g_strdup (rest);
      g_autofree char *next = g_strdup (slash != NULL ? slash + 1 : "");
      g_autofree char *full = NULL;
      GStatBuf st;

      g_free (rest);
      rest = g_steal_pointer (&next);

      if (component[0] == '\0' || g_str_equal (component, "."))
        continue;
      if (g_str_equal (component, ".."))
        {
          if (done->len > 0)
            g_ptr_array_remove_index (done, done->len - 1);
          continue;
        }

      g_ptr_array_add (done, g_steal_pointer (&component));
      full = join_under_root (root, done);
      if (g_lstat (full, &st) != 0)
        return NULL;

      if (S_ISLNK (st.st_mode))
        {
          g_autofree char *target = g_file_read_link (full, NULL);

          if (target == NULL || ++links > MAX_LINKS)
            return NULL;

          g_ptr_array_remove_index (done, done->len - 1);
          if (g_path_is_absolute (target))
            g_ptr_array_set_size (done, 0);
          next = g_strconcat (target, "/", rest, NULL);
          g_free (rest);
          rest = g_steal_pointer (&next);
        }
    }

  g_ptr_array_add (done, NULL);
  return g_strjoinv ("/", (char **) done->pdata);
}

/* The contents of file PATH under ROOT, stripped of surrounding white space; NULL when
 * it cannot be read. */
char *
ferry_root_read (const char *root,
                 const char *path)
{
  g_autofree char *resolved = ferry_root_resolve (root, path);
  g_autofree char *full = NULL;
  char *contents = NULL;

  if (resolved == NULL)
    return NULL;

  full = g_build_filename (root, resolved, NULL);
  if (!g_file_get_contents (full, &contents, NULL, NULL))
    return NULL;
  return g_strstrip (contents);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The entries of a directory under ROOT, sorted so that results do not depend on the
 * file system's order. Empty when it is missing. */
GPtrArray *
ferry_root_list (const char *root,
                 const char *path)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *resolved = ferry_root_resolve (root, path);
  g_autofree char *full = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (resolved != NULL)
    {
      full = g_build_filename (root, resolved, NULL);
      dir = g_dir_open (full, 0, NULL);
    }

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));

  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

/* sysfs names PCI functions in full, "0000:07:00.0"; nothing else there looks like that. */
char *
ferry_root_parse_pci_function (const char *name)
{
  FerryPciAddress address;

  if (strlen (name) != 12 || name[4] != ':' || name[7] != ':' || name[10] != '.')
    return NULL;
  if (!ferry_pci_address_parse (name, &address))
    return NULL;
  return ferry_pci_address_to_string (&address);
}

/* The PCI function a sysfs device hangs from: the last PCI-named component of its path. A
 * disk's path names the root port first and its controller last; a virtio or USB device
 * sits below the function the host would lose with it. */
char *
ferry_root_nearest_pci_function (const char *resolved)
{
  g_auto(GStrv) parts = g_strsplit (resolved, "/", -1);

  for (guint i = g_strv_length (parts); i > 0; i--)
    {
      char *address = ferry_root_parse_pci_function (parts[i - 1]);

      if (address != NULL)
        return address;
    }

  return NULL;
}


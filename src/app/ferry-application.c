/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-application"

#include "config.h"

#include <glib/gi18n.h>
#if HAVE_M_MMAP_THRESHOLD || HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "ferry-application.h"
#include "ferry-askpass-server.h"
#include "ferry-session.h"
#include "ferry-window.h"

struct _FerryApplication
{
  AdwApplication      parent_instance;

  FerryAskpassServer *askpass;
};

G_DEFINE_FINAL_TYPE (FerryApplication, ferry_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "connect", 'c', 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the libvirt connection URI (remembered for next time)"), N_("URI") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the built-in demo host instead of a real one"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { NULL }
};

static int
ferry_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("ferry %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

/* Every invocation with a URI (or --demo) opens a window on it; a bare one brings back an
 * existing window, or opens the last URI, else qemu:///system. */
static int
ferry_application_command_line (GApplication            *application,
                                GApplicationCommandLine *command_line)
{
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *uri = NULL;
  GtkWindow *existing;
  FerryWindow *window;

  if (g_variant_dict_contains (options, "demo"))
    uri = ferry_session_dup_demo_uri ();
  else if (!g_variant_dict_lookup (options, "connect", "s", &uri))
    {
      g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

      existing = gtk_application_get_active_window (GTK_APPLICATION (application));
      if (existing != NULL)
        {
          gtk_window_present (existing);
          return 0;
        }

      uri = g_settings_get_string (settings, "last-uri");
      if (*uri == '\0')
        {
          g_free (uri);
          uri = g_strdup ("qemu:///system");
        }
    }

  window = ferry_window_new (GTK_APPLICATION (application));
  gtk_window_present (GTK_WINDOW (window));
  ferry_window_open_uri (window, uri);
  return 0;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *application = user_data;
  static const char *developers[] = { "The Ferry developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (application),
                         "application-name", _("Ferry"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Ferry developers"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/ferry-app/ferry",
                         "issue-url", "https://github.com/ferry-app/ferry/issues",
                         "developers", developers,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Hand host PCI devices over to virtual machines and "
                                       "take them back"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

#if HAVE_MALLOC_TRIM
static guint trim_source;

static gboolean
trim_cb (gpointer user_data)
{
  trim_source = 0;
  malloc_trim (0);
  return G_SOURCE_REMOVE;
}

/* Gives the system back the pages a read freed, once its snapshot is in the models and
 * dropped (before the next frame is drawn). Its documents are parsed on many threads, each
 * into a malloc arena of its own, and the test driver in this process parses its whole host
 * file into the connect thread's: glibc keeps the freed pages of an arena resident until
 * asked (41 of the 184 MiB on the 4,096-function host), since a few live blocks among them
 * stop it trimming the arena's top. An emission hook, as every window's sessions read. */
static gboolean
session_reloaded_hook (GSignalInvocationHint *hint,
                       guint                  n_values,
                       const GValue          *values,
                       gpointer               user_data)
{
  if (trim_source == 0)
    trim_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, trim_cb, NULL, NULL);
  return TRUE;
}
#endif

static void
ferry_application_startup (GApplication *application)
{
  static const GActionEntry actions[] = {
    { "about", about_action },
    { "quit", quit_action },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (ferry_application_parent_class)->startup (application);

#if HAVE_M_MMAP_THRESHOLD
  /* glibc raises its mmap threshold to the size of every large block freed: the buffers a
   * frame draws into would then come from the heap, and the heap keep the pages freed above
   * them (7 MiB more resident after scrolling the 4,096-function host, at no measured frame
   * time). A fixed threshold (glibc's default) gives them back when freed. */
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);
#endif
#if HAVE_MALLOC_TRIM
  {
    g_autoptr(GTypeClass) session_class = g_type_class_ref (FERRY_TYPE_SESSION);

    g_signal_add_emission_hook (g_signal_lookup ("reloaded", FERRY_TYPE_SESSION), 0,
                                session_reloaded_hook, NULL, NULL);
  }
#endif
  ferry_session_init_libvirt ();
  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions),
                                   application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit",
                                         quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "window.close",
                                         close_accels);
}

static void
ferry_application_dispose (GObject *object)
{
  FerryApplication *self = (FerryApplication *) object;

  g_clear_object (&self->askpass);

  G_OBJECT_CLASS (ferry_application_parent_class)->dispose (object);
}

static void
ferry_application_class_init (FerryApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ferry_application_dispose;

  app_class->startup = ferry_application_startup;
  app_class->command_line = ferry_application_command_line;
  app_class->handle_local_options = ferry_application_handle_local_options;
}

static void
ferry_application_init (FerryApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Hand host PCI devices over to libvirt guests "
                                              "and take them back."));
}

/* ssh asks (qemu+ssh://): over the window in front, where the connect was started. */
static gboolean
askpass_prompt_cb (FerryApplication *self,
                   FerryPrompt      *prompt)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return FERRY_IS_WINDOW (window) && ferry_window_ask (FERRY_WINDOW (window), prompt);
}

/* The SSH_ASKPASS helper: FERRY_ASKPASS if set, else the installed one, else the build
 * tree's (running uninstalled). */
static const char *
askpass_helper (void)
{
  const char *helper = g_getenv ("FERRY_ASKPASS");

  if (helper != NULL && *helper != '\0')
    return helper;
  return g_file_test (ASKPASS_INSTALLED, G_FILE_TEST_IS_EXECUTABLE) ? ASKPASS_INSTALLED
                                                                    : ASKPASS_BUILT;
}

/* Call before any thread starts: it sets SSH_ASKPASS, which libvirt hands the ssh it runs
 * for qemu+ssh://. ssh then asks Ferry's dialogs for host keys and passwords, when it has
 * no terminal to ask on and DISPLAY is set (libvirt passes neither SSH_ASKPASS_REQUIRE nor
 * WAYLAND_DISPLAY on to ssh). */
FerryApplication *
ferry_application_new (void)
{
  FerryApplication *self = g_object_new (FERRY_TYPE_APPLICATION,
                                         "application-id", APPLICATION_ID,
                                         "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                                         NULL);
  g_autoptr(GError) error = NULL;

  self->askpass = ferry_askpass_server_new (askpass_helper (), &error);
  if (self->askpass == NULL)
    {
      g_warning ("ssh will ask its own way, not in Ferry: %s", error->message);
      return self;
    }
  g_setenv ("SSH_ASKPASS", ferry_askpass_server_get_program (self->askpass), TRUE);
  g_signal_connect_object (self->askpass, "prompt", G_CALLBACK (askpass_prompt_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

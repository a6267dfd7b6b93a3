/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-prompt-dialog.h"
#include "ui-helpers.h"

/* ssh's questions in Ferry's dialogs: the real SSH_ASKPASS helper the application set up
 * (no ssh needed), asked what ssh asks, answered from the keyboard; and libvirt's own, asked
 * by the test driver. */

static const char host_key_question[] =
  "The authenticity of host '[127.0.0.1]:2222 ([127.0.0.1]:2222)' can't be established.\n"
  "ED25519 key fingerprint is SHA256:3bXkLHk0yX0gE0aN1F6y4l8bq7wS8dB0mJ4Zl1mVt2E.\n"
  "This key is not known by any other names.\n"
  "Are you sure you want to continue connecting (yes/no/[fingerprint])? ";

typedef struct
{
  GSubprocess *helper;
  gboolean     done;
  char        *out;
} Helper;

static void
helper_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Helper *helper = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &helper->out, NULL,
                                        NULL);
  helper->done = TRUE;
}

static gboolean
helper_done (gpointer data)
{
  return ((Helper *) data)->done;
}

/* Runs the helper ssh would run, with QUESTION; returns its exit status, its output in OUT,
 * having answered the dialog with ANSWER_DIALOG meanwhile. */
static int
ask (const char  *question,
     void       (*answer_dialog) (FerryPromptDialog *dialog),
     char       **out)
{
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("SSH_ASKPASS");
  Helper helper = { NULL };
  AdwMessageDialog *dialog;
  int status;

  g_assert_nonnull (program);
  helper.helper = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, program, question,
                                    NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (helper.helper, NULL, NULL, helper_done_cb, &helper);

  dialog = wait_for_dialog ();
  g_assert_true (FERRY_IS_PROMPT_DIALOG (dialog));
  answer_dialog (FERRY_PROMPT_DIALOG (dialog));

  g_assert_true (wait_until (helper_done, &helper));
  status = g_subprocess_get_exit_status (helper.helper);
  g_object_unref (helper.helper);
  *out = helper.out;
  return status;
}

/* Tab from Cancel (the default: Enter alone trusts nothing) to Trust and Connect, then
 * Space, as the keyboard does. */
static void
trust_by_keyboard (FerryPromptDialog *dialog)
{
  GtkWidget *focus;

  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (dialog),
                                               "SHA256:3bXkLHk0yX0gE0aN1F6y4l8bq7wS8dB0mJ4Zl1mVt2E"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (dialog), "[127.0.0.1]:2222"));
  wait_for_settled (GTK_WIDGET (dialog));
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "_Cancel");
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "_Trust and Connect");
  gtk_widget_activate (focus);
}

static void
test_host_key (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  g_autofree char *out = NULL;

  wait_for_page (window, "main");
  g_assert_cmpint (ask (host_key_question, trust_by_keyboard, &out), ==, 0);
  g_assert_cmpstr (out, ==, "yes\n");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The password entry has the focus: type, then Enter. */
static void
password_by_keyboard (FerryPromptDialog *dialog)
{
  GtkWidget *focus;

  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (dialog), "ferry@127.0.0.1"));
  wait_for_settled (GTK_WIDGET (dialog));
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_nonnull (focus);
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_PASSWORD_ENTRY));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_ancestor (focus, GTK_TYPE_PASSWORD_ENTRY)),
                         "s3cret pass");
  /* What Enter does in the entry's text. */
  g_signal_emit_by_name (focus, "activate");
}

/* Escape closes the dialog: the helper exits 1, which ssh takes as no answer. */
static void
cancel_by_keyboard (FerryPromptDialog *dialog)
{
  wait_for_settled (GTK_WIDGET (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
}

static void
test_password (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  g_autofree char *out = NULL;
  g_autofree char *cancelled = NULL;

  wait_for_page (window, "main");
  g_assert_cmpint (ask ("ferry@127.0.0.1's password: ", password_by_keyboard, &out), ==, 0);
  g_assert_cmpstr (out, ==, "s3cret pass\n");
  g_assert_cmpint (ask ("ferry@127.0.0.1's password: ", cancel_by_keyboard, &cancelled), ==, 1);
  g_assert_cmpstr (cancelled, ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* libvirt's own questions (its auth callback) in Ferry's dialogs: the test driver on
 * tests/data/host-auth.xml asks the user name, then the password. */
static char *
dup_auth_host_uri (void)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "host-auth.xml", NULL);
  /* test:/// takes an absolute path. */
  g_autofree char *path = g_canonicalize_filename (file, NULL);

  return g_strconcat ("test://", path, NULL);
}

/* The prompt dialog on screen with HEADING, settled. */
static FerryPromptDialog *
wait_for_prompt (const char *heading)
{
  FerryPromptDialog *dialog =
    FERRY_PROMPT_DIALOG (wait_for_dialog_headed (FERRY_TYPE_PROMPT_DIALOG, heading));

  wait_for_settled (GTK_WIDGET (dialog));
  return dialog;
}

/* Types ANSWER where the focus is in DIALOG, then Enter; returns the text widget typed into,
 * which is inside an entry of ENTRY_TYPE. */
static GtkWidget *
type_answer (FerryPromptDialog *dialog,
             GType              entry_type,
             const char        *answer)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

  g_assert_true (GTK_IS_TEXT (focus));
  g_assert_nonnull (gtk_widget_get_ancestor (focus, entry_type));
  gtk_editable_set_text (GTK_EDITABLE (focus), answer);
  /* What Enter does in the entry's text. */
  g_signal_emit_by_name (focus, "activate");
  return focus;
}

static gboolean
no_prompt (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* The user name shown as typed, the password hidden, both from the keyboard: the window
 * lands on the host. */
static void
test_libvirt_login (void)
{
  g_autofree char *uri = dup_auth_host_uri ();
  FerryWindow *window = open_window (uri);
  FerryPromptDialog *dialog;
  GtkWidget *typed;

  dialog = wait_for_prompt ("User Name");
  g_assert_nonnull (find_label_containing (GTK_WIDGET (dialog), "username"));
  g_object_ref (dialog);
  typed = type_answer (dialog, GTK_TYPE_ENTRY, "alice");
  g_assert_true (gtk_text_get_visibility (GTK_TEXT (typed)));
  g_assert_true (wait_until (no_prompt, dialog));
  g_object_unref (dialog);

  dialog = wait_for_prompt ("Password");
  g_assert_nonnull (find_label_containing (GTK_WIDGET (dialog), "password of alice"));
  typed = type_answer (dialog, GTK_TYPE_PASSWORD_ENTRY, "s3cret pass");
  g_assert_false (gtk_text_get_visibility (GTK_TEXT (typed)));

  wait_for_page (window, "main");
  g_assert_true (ferry_session_get_connected (ferry_window_get_session (window)));
  find_sidebar_guest (window, "web");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Escape on the first question: the connect ends as cancelled, with no word of a failed
 * login. */
static void
test_libvirt_login_cancelled (void)
{
  g_autofree char *uri = dup_auth_host_uri ();
  FerryWindow *window = open_window (uri);
  FerryPromptDialog *dialog = wait_for_prompt ("User Name");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  wait_for_page (window, "failed");
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window), "was cancelled"));
  g_assert_null (find_label_containing (GTK_WIDGET (window), "refused the login"));
  g_assert_null (ferry_window_get_session (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

void
add_prompt_tests (void)
{
  g_test_add_func ("/window/prompt/host-key", test_host_key);
  g_test_add_func ("/window/prompt/password", test_password);
  g_test_add_func ("/window/prompt/libvirt-login", test_libvirt_login);
  g_test_add_func ("/window/prompt/libvirt-login-cancelled", test_libvirt_login_cancelled);
}

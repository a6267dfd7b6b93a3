/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-ssh-prompt.h"

/* ssh's questions to its SSH_ASKPASS program, as OpenSSH 9.2 writes them. */
static void
test_host_key (void)
{
  g_autofree char *subject = NULL;
  g_autofree char *fingerprint = NULL;
  const char *text =
    "The authenticity of host '[127.0.0.1]:2222 ([127.0.0.1]:2222)' can't be established.\n"
    "ED25519 key fingerprint is SHA256:3bXkLHk0yX0gE0aN1F6y4l8bq7wS8dB0mJ4Zl1mVt2E.\n"
    "This key is not known by any other names.\n"
    "Are you sure you want to continue connecting (yes/no/[fingerprint])? ";

  g_assert_cmpint (ferry_ssh_prompt_parse (text, &subject, &fingerprint), ==,
                   FERRY_SSH_PROMPT_HOST_KEY);
  g_assert_cmpstr (subject, ==, "[127.0.0.1]:2222 ([127.0.0.1]:2222)");
  g_assert_cmpstr (fingerprint, ==, "SHA256:3bXkLHk0yX0gE0aN1F6y4l8bq7wS8dB0mJ4Zl1mVt2E");
}

static void
test_password (void)
{
  g_autofree char *subject = NULL;
  g_autofree char *fingerprint = NULL;

  g_assert_cmpint (ferry_ssh_prompt_parse ("ferry-ssh@127.0.0.1's password: ", &subject,
                                           &fingerprint), ==, FERRY_SSH_PROMPT_PASSWORD);
  g_assert_cmpstr (subject, ==, "ferry-ssh@127.0.0.1");
  g_assert_null (fingerprint);
  g_clear_pointer (&subject, g_free);

  /* Keyboard-interactive: the server's words, made safe. */
  g_assert_cmpint (ferry_ssh_prompt_parse ("(ann@host\x1b[31m) Password: ", &subject,
                                           &fingerprint), ==, FERRY_SSH_PROMPT_PASSWORD);
  g_assert_null (strchr (subject, '\x1b'));
}

static void
test_passphrase_and_other (void)
{
  g_autofree char *subject = NULL;
  g_autofree char *fingerprint = NULL;

  g_assert_cmpint (ferry_ssh_prompt_parse ("Enter passphrase for key '/home/ann/.ssh/id_ed25519': ",
                                           &subject, &fingerprint), ==,
                   FERRY_SSH_PROMPT_PASSPHRASE);
  g_assert_cmpstr (subject, ==, "/home/ann/.ssh/id_ed25519");
  g_clear_pointer (&subject, g_free);

  g_assert_cmpint (ferry_ssh_prompt_parse ("Verification code: ", &subject, &fingerprint), ==,
                   FERRY_SSH_PROMPT_OTHER);
  g_assert_null (subject);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ssh-prompt/host-key", test_host_key);
  g_test_add_func ("/ssh-prompt/password", test_password);
  g_test_add_func ("/ssh-prompt/passphrase-and-other", test_passphrase_and_other);
  return g_test_run ();
}

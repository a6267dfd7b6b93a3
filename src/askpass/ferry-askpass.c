/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-askpass"

#include "config.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <stdio.h>
#include <string.h>

#include "ferry-askpass-server.h"

/* Ferry's SSH_ASKPASS program: ssh runs it with its question as the one argument and reads
 * the answer from its standard output. It passes the question to the running Ferry, whose
 * socket is next to the link ssh ran (argv[0]; see ferry-askpass-server.c), and prints the
 * user's answer; it exits 1 when the user cancels or Ferry cannot be reached, which ssh
 * takes as no answer. Nothing else: the question and the answer stay out of every log. */

int
main (int   argc,
      char *argv[])
{
  g_autofree char *directory = NULL;
  g_autofree char *socket_path = NULL;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  const char *question;
  guint8 buffer[1024];
  gssize got;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s QUESTION\n", argv[0]);
      return 2;
    }
  question = argv[1];

  directory = g_path_get_dirname (argv[0]);
  socket_path = g_build_filename (directory, FERRY_ASKPASS_SOCKET_NAME, NULL);
  address = g_unix_socket_address_new (socket_path);
  client = g_socket_client_new ();
  if (!(connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL,
                                              NULL)))
    return 1;

  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  question, MIN (strlen (question), FERRY_ASKPASS_MAX_BYTES),
                                  NULL, NULL, NULL) ||
      !g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, NULL))
    return 1;

  /* Ferry answers when the user has: as long as that takes. */
  while ((got = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                     buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      if (reply->len + got > FERRY_ASKPASS_MAX_BYTES + 1)
        return 1;
      g_byte_array_append (reply, buffer, got);
    }
  if (got < 0 || reply->len == 0 || reply->data[0] != 'y')
    return 1;

  fwrite (reply->data + 1, 1, reply->len - 1, stdout);
  fputc ('\n', stdout);
  memset (reply->data, 0, reply->len);
  return fflush (stdout) == 0 ? 0 : 1;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-askpass-server"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>
#include <unistd.h>

#include "ferry-askpass-server.h"
#include "ferry-prompt.h"

/* The app's end of Ferry's SSH_ASKPASS helper. libvirt runs ssh for qemu+ssh:// and hands
 * it only a few variables of the environment (SSH_ASKPASS, DISPLAY, XAUTHORITY among them,
 * not SSH_ASKPASS_REQUIRE nor any of Ferry's), so the way to the app is in SSH_ASKPASS
 * itself: a link to the helper in a private directory (mode 0700) next to this socket. The
 * helper sends ssh's question and gets the user's answer back. */

struct _FerryAskpassServer
{
  GObject          parent_instance;

  char            *directory;
  char            *program;
  char            *socket_path;
  GSocketService  *service;
};

enum {
  PROMPT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FerryAskpassServer, ferry_askpass_server, G_TYPE_OBJECT)

static void
ferry_askpass_server_finalize (GObject *object)
{
  FerryAskpassServer *self = (FerryAskpassServer *) object;

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_object_unref (self->service);
    }
  if (self->socket_path != NULL)
    g_unlink (self->socket_path);
  if (self->program != NULL)
    g_unlink (self->program);
  if (self->directory != NULL)
    g_rmdir (self->directory);
  g_free (self->socket_path);
  g_free (self->program);
  g_free (self->directory);

  G_OBJECT_CLASS (ferry_askpass_server_parent_class)->finalize (object);
}

static void
ferry_askpass_server_class_init (FerryAskpassServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_askpass_server_finalize;

  /* ssh asks (FerryPrompt): a handler shows it and answers or cancels it. Unhandled, the
   * prompt is cancelled and ssh fails as it would with nobody to ask. */
  signals[PROMPT] = g_signal_new ("prompt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  g_signal_accumulator_true_handled, NULL, NULL,
                                  G_TYPE_BOOLEAN, 1, FERRY_TYPE_PROMPT);
}

static void
ferry_askpass_server_init (FerryAskpassServer *self)
{
}

/* One helper's question, from its connection to its answer. */
typedef struct
{
  FerryAskpassServer *server;
  GSocketConnection  *connection;
  GByteArray         *question;
  guint8              buffer[1024];
  FerryPrompt        *prompt;
  GBytes             *reply;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  g_object_unref (exchange->server);
  g_io_stream_close (G_IO_STREAM (exchange->connection), NULL, NULL);
  g_object_unref (exchange->connection);
  g_byte_array_unref (exchange->question);
  g_clear_object (&exchange->prompt);
  if (exchange->reply != NULL)
    {
      /* The answer is a password: not left in freed memory. */
      gsize size;
      guint8 *data = g_bytes_unref_to_data (exchange->reply, &size);

      memset (data, 0, size);
      g_free (data);
    }
  g_free (exchange);
}

static void
reply_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Exchange *exchange = user_data;

  /* A helper that went away (ssh gave up) simply does not get its answer. */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  exchange_free (exchange);
}

static void
prompt_finished_cb (FerryPrompt *prompt,
                    Exchange    *exchange)
{
  g_autofree char *answer = ferry_prompt_wait (prompt, NULL);
  g_autoptr(GString) reply = g_string_new (answer != NULL ? "y" : "n");
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (exchange->connection));
  gsize size;

  g_signal_handlers_disconnect_by_data (prompt, exchange);
  if (answer != NULL)
    {
      g_string_append (reply, answer);
      memset (answer, 0, strlen (answer));
    }
  size = reply->len;
  exchange->reply = g_bytes_new_take (g_string_free (g_steal_pointer (&reply), FALSE), size);
  g_output_stream_write_all_async (output, g_bytes_get_data (exchange->reply, NULL), size,
                                   G_PRIORITY_DEFAULT, NULL, reply_written_cb, exchange);
}

static void
ask (Exchange *exchange)
{
  g_autofree char *text = NULL;
  gboolean handled = FALSE;

  g_byte_array_append (exchange->question, (const guint8 *) "", 1);
  text = g_utf8_make_valid ((const char *) exchange->question->data, -1);
  exchange->prompt = ferry_prompt_new_for_ssh (text);
  g_signal_connect (exchange->prompt, "finished", G_CALLBACK (prompt_finished_cb), exchange);
  g_signal_emit (exchange->server, signals[PROMPT], 0, exchange->prompt, &handled);
  if (!handled)
    ferry_prompt_cancel (exchange->prompt);
}

static void
question_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Exchange *exchange = user_data;
  gssize got = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (got < 0 || exchange->question->len + got > FERRY_ASKPASS_MAX_BYTES)
    {
      exchange_free (exchange);
      return;
    }
  if (got == 0)
    {
      ask (exchange);
      return;
    }
  g_byte_array_append (exchange->question, exchange->buffer, got);
  g_input_stream_read_async (G_INPUT_STREAM (object), exchange->buffer,
                             sizeof exchange->buffer, G_PRIORITY_DEFAULT, NULL,
                             question_read_cb, exchange);
}

static gboolean
incoming_cb (GSocketService     *service,
             GSocketConnection  *connection,
             GObject            *source_object,
             FerryAskpassServer *self)
{
  g_autoptr(GCredentials) credentials = NULL;
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  Exchange *exchange;

  /* The directory already keeps others out; this says so again at the door. */
  credentials = g_socket_get_credentials (g_socket_connection_get_socket (connection), NULL);
  if (credentials == NULL || g_credentials_get_unix_user (credentials, NULL) != getuid ())
    return TRUE;

  exchange = g_new0 (Exchange, 1);
  exchange->server = g_object_ref (self);
  exchange->connection = g_object_ref (connection);
  exchange->question = g_byte_array_new ();
  g_input_stream_read_async (input, exchange->buffer, sizeof exchange->buffer,
                             G_PRIORITY_DEFAULT, NULL, question_read_cb, exchange);
  return TRUE;
}

/* Listens in a new private directory under the user's runtime directory, where a link to
 * HELPER (the ferry-askpass program) is the program to give ssh as SSH_ASKPASS. */
FerryAskpassServer *
ferry_askpass_server_new (const char  *helper,
                          GError     **error)
{
  g_autoptr(FerryAskpassServer) self = g_object_new (FERRY_TYPE_ASKPASS_SERVER, NULL);
  g_autofree char *template = g_build_filename (g_get_user_runtime_dir (),
                                                "ferry-askpass-XXXXXX", NULL);
  g_autoptr(GSocketAddress) address = NULL;

  g_return_val_if_fail (helper != NULL, NULL);

  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", template,
                   g_strerror (saved));
      return NULL;
    }
  self->directory = g_steal_pointer (&template);
  self->program = g_build_filename (self->directory, "ferry-askpass", NULL);
  if (symlink (helper, self->program) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", self->program,
                   g_strerror (saved));
      g_clear_pointer (&self->program, g_free);
      return NULL;
    }

  self->socket_path = g_build_filename (self->directory, FERRY_ASKPASS_SOCKET_NAME, NULL);
  address = g_unix_socket_address_new (self->socket_path);
  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                      NULL, NULL, error))
    {
      g_clear_pointer (&self->socket_path, g_free);
      return NULL;
    }
  g_signal_connect_object (self->service, "incoming", G_CALLBACK (incoming_cb), self, 0);
  g_socket_service_start (self->service);
  return g_steal_pointer (&self);
}

/* What SSH_ASKPASS must name for ssh to ask this server. */
const char *
ferry_askpass_server_get_program (FerryAskpassServer *self)
{
  g_return_val_if_fail (FERRY_IS_ASKPASS_SERVER (self), NULL);
  return self->program;
}

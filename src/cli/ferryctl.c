/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <string.h>

#include "ferry-domain-edit.h"
#include "ferry-pool-xml.h"
#include "ferry-wait.h"
#include "ferryctl-private.h"

/* ferryctl: Ferry's core from the command line, for scripts and remote shells. Every command
 * is one entry of the table below; the command line is checked against it before connecting,
 * so a usage error (exit 2) never waits on a host. */

typedef enum
{
  VALUE_NONE,                 /* a flag */
  VALUE_TEXT,                 /* any text but the empty one */
  VALUE_SECONDS,
  VALUE_MAC,
  VALUE_VLAN,
  VALUE_ADDRESSES,
} ValueKind;

typedef struct
{
  const char *long_name;
  char        short_name;
  ValueKind   value;
  const char *value_name;     /* for the usage text */
  const char *help;
} OptionInfo;

static const OptionInfo options[FERRYCTL_N_OPTIONS] = {
  [FERRYCTL_OPT_HELP] = { "help", 'h', VALUE_NONE, NULL, N_("show this help") },
  [FERRYCTL_OPT_CONNECT] = { "connect", 'c', VALUE_TEXT, N_("URI"),
                             N_("libvirt connection URI (default: $LIBVIRT_DEFAULT_URI, else "
                                "qemu:///system)") },
  [FERRYCTL_OPT_DEMO] = { "demo", 0, VALUE_NONE, NULL, N_("use the built-in demo host") },
  [FERRYCTL_OPT_TIMEOUT] = { "timeout", 't', VALUE_SECONDS, N_("SECONDS"),
                             N_("give up on a host that does not answer within SECONDS "
                                "(default 30, 0 never)") },
  [FERRYCTL_OPT_JSON] = { "json", 0, VALUE_NONE, NULL, N_("print JSON for scripts") },
  [FERRYCTL_OPT_GUEST] = { "guest", 'g', VALUE_TEXT, N_("NAME"), N_("the guest") },
  [FERRYCTL_OPT_MAC] = { "mac", 0, VALUE_MAC, N_("MAC"),
                         N_("the new interface’s MAC address (default: libvirt picks one)") },
  [FERRYCTL_OPT_LIVE] = { "live", 0, VALUE_NONE, NULL, N_("the running guest only") },
  [FERRYCTL_OPT_CONFIG] = { "config", 0, VALUE_NONE, NULL,
                            N_("the persistent definition only (next boot)") },
  [FERRYCTL_OPT_UNMANAGED] = { "unmanaged", 0, VALUE_NONE, NULL,
                               N_("managed='no' (you detach and reattach the device yourself)") },
  [FERRYCTL_OPT_ALL_FUNCTIONS] = { "all-functions", 0, VALUE_NONE, NULL,
                                   N_("every function of a multifunction device") },
  [FERRYCTL_OPT_WITH_GROUP] = { "with-group", 0, VALUE_NONE, NULL,
                                N_("the rest of the IOMMU group too") },
  [FERRYCTL_OPT_FORCE] = { "force", 0, VALUE_NONE, NULL,
                           N_("even when the check finds errors, or running guests use the "
                              "pool") },
  [FERRYCTL_OPT_REATTACH] = { "reattach", 0, VALUE_NONE, NULL,
                              N_("give a managed='no' device back to its host driver") },
  [FERRYCTL_OPT_PF] = { "pf", 0, VALUE_TEXT, N_("IFNAME"),
                        N_("all VFs of the physical function with this interface") },
  [FERRYCTL_OPT_VF] = { "vf", 0, VALUE_ADDRESSES, N_("ADDRESS,…"),
                        N_("these VFs, comma-separated") },
  [FERRYCTL_OPT_VLAN] = { "vlan", 0, VALUE_VLAN, N_("N"),
                          N_("a VLAN tag for the whole pool") },
  [FERRYCTL_OPT_AUTOSTART] = { "autostart", 0, VALUE_NONE, NULL,
                               N_("start the pool with the host") },
  [FERRYCTL_OPT_START] = { "start", 0, VALUE_NONE, NULL, N_("start the pool now") },
  [FERRYCTL_OPT_DRY_RUN] = { "dry-run", 0, VALUE_NONE, NULL,
                             N_("print the XML instead of defining it") },
  [FERRYCTL_OPT_ROLLBACK_ON_LOSS] = { "rollback-on-loss", 0, VALUE_NONE, NULL,
                                      N_("if the connection drops midway, undo what the host "
                                         "did (otherwise it is only reported)") },
};

/* Every command takes these; --json goes with a JSON printer. */
#define GLOBAL_OPTIONS (FERRYCTL_BIT (FERRYCTL_OPT_HELP) | FERRYCTL_BIT (FERRYCTL_OPT_CONNECT) | \
                        FERRYCTL_BIT (FERRYCTL_OPT_DEMO) | FERRYCTL_BIT (FERRYCTL_OPT_TIMEOUT))
#define OPT(name) FERRYCTL_BIT (FERRYCTL_OPT_##name)

/* What a positional argument must be. */
typedef enum
{
  ARG_NAME,                   /* a guest or network name: not empty */
  ARG_NEW_POOL,               /* a name the pool editor would accept */
  ARG_ADDRESS,                /* one PCI address */
  ARG_ADDRESSES,              /* PCI addresses, comma-separated */
} ArgKind;

typedef struct
{
  const char *name;           /* for the usage text */
  ArgKind     kind;
} ArgInfo;

typedef struct
{
  const char      *name;
  ArgInfo          args[FERRYCTL_MAX_ARGS];
  guint            options;   /* FERRYCTL_BIT of each option it takes, beyond the global ones */
  guint            required;  /* of those, the ones it needs */
  guint            one_of;    /* of those, it needs exactly one */
  const char      *summary;
  FerryctlPrinter  text;
  FerryctlPrinter  json;      /* NULL: no --json */
} Command;

static const Command commands[] = {
  { "host", { { NULL } }, 0, 0, 0,
    N_("the connection and counts of its PCI functions, guests and networks"),
    ferryctl_host_text, ferryctl_host_json },
  { "guests", { { NULL } }, 0, 0, 0,
    N_("every guest with its assigned PCI devices"),
    ferryctl_guests_text, ferryctl_guests_json },
  { "guest", { { N_("NAME"), ARG_NAME } }, 0, 0, 0,
    N_("one guest’s hardware: assigned, VirtIO, emulated"),
    ferryctl_guest_text, ferryctl_guest_json },
  { "devices", { { NULL } }, 0, 0, 0,
    N_("every PCI function: names, driver, IOMMU group, SR-IOV, owners"),
    ferryctl_devices_text, ferryctl_devices_json },
  { "groups", { { NULL } }, 0, 0, 0,
    N_("IOMMU groups with their functions and guests"),
    ferryctl_groups_text, ferryctl_groups_json },
  { "readiness", { { NULL } }, 0, 0, 0,
    N_("what PCI passthrough needs from the host, with fixes"),
    ferryctl_readiness_text, ferryctl_readiness_json },
  { "host-detach", { { N_("ADDRESS"), ARG_ADDRESS } }, 0, 0, 0,
    N_("take a device from its host driver (bind it to vfio-pci)"),
    ferryctl_host_detach, NULL },
  { "host-reattach", { { N_("ADDRESS"), ARG_ADDRESS } }, 0, 0, 0,
    N_("give a device back to its host driver"),
    ferryctl_host_reattach, NULL },
  { "detach", { { N_("ADDRESS"), ARG_ADDRESS } },
    OPT (GUEST) | OPT (LIVE) | OPT (CONFIG) | OPT (REATTACH), OPT (GUEST), 0,
    N_("take an assigned device away from a guest"),
    ferryctl_detach, NULL },
  { "pools", { { NULL } }, 0, 0, 0,
    N_("SR-IOV VF pools with their VFs and guests"),
    ferryctl_pools_text, ferryctl_pools_json },
  { "pool-create", { { N_("NAME"), ARG_NEW_POOL } },
    OPT (PF) | OPT (VF) | OPT (VLAN) | OPT (AUTOSTART) | OPT (START) | OPT (DRY_RUN), 0,
    OPT (PF) | OPT (VF),
    N_("define a VF pool"),
    ferryctl_pool_create, NULL },
  { "pool-delete", { { N_("NAME"), ARG_NAME } }, OPT (FORCE), 0, 0,
    N_("stop and undefine a VF pool (refused while running guests use it, unless --force)"),
    ferryctl_pool_delete, NULL },
  { "connect", { { N_("POOL"), ARG_NAME } }, OPT (GUEST) | OPT (MAC), OPT (GUEST), 0,
    N_("give a guest a network interface from a VF pool"),
    ferryctl_connect, NULL },
  { "check", { { N_("ADDRESS[,…]"), ARG_ADDRESSES } }, OPT (GUEST), OPT (GUEST), 0,
    N_("what stands in the way of giving devices to a guest (exit 3 on errors)"),
    ferryctl_check_text, ferryctl_check_json },
  { "assign", { { N_("ADDRESS[,…]"), ARG_ADDRESSES } },
    OPT (GUEST) | OPT (LIVE) | OPT (CONFIG) | OPT (UNMANAGED) | OPT (ALL_FUNCTIONS) |
    OPT (WITH_GROUP) | OPT (FORCE) | OPT (ROLLBACK_ON_LOSS) | OPT (DRY_RUN), OPT (GUEST), 0,
    N_("give devices to a guest, all or nothing (exit 3 on errors, unless --force)"),
    ferryctl_assign, NULL },
  { "repair", { { N_("GUEST"), ARG_NAME } }, 0, 0, 0,
    N_("move assigned devices whose address now holds other hardware to where the recorded "
       "device went"),
    ferryctl_repair, NULL },
};

/* Seconds --timeout gives a host to answer when it is not given. */
#define DEFAULT_TIMEOUT 30

static guint
accepted_options (const Command *command)
{
  return GLOBAL_OPTIONS | command->options | (command->json ? OPT (JSON) : 0);
}

static guint
n_args (const Command *command)
{
  guint n = 0;

  while (n < FERRYCTL_MAX_ARGS && command->args[n].name != NULL)
    n++;
  return n;
}

static void
append_option (GString        *text,
               FerryctlOption  option)
{
  g_string_append_printf (text, "--%s", options[option].long_name);
  if (options[option].value != VALUE_NONE)
    g_string_append_printf (text, " %s", _(options[option].value_name));
}

/* "--pf IFNAME | --vf ADDRESS,…" */
static void
append_alternatives (GString *text,
                     guint    alternatives)
{
  const char *separator = "";

  for (guint o = 0; o < FERRYCTL_N_OPTIONS; o++)
    if (alternatives & FERRYCTL_BIT (o))
      {
        g_string_append (text, separator);
        append_option (text, o);
        separator = " | ";
      }
}

/* "assign ADDRESS[,…] --guest NAME [--live] …", from the table. */
static char *
dup_synopsis (const Command *command)
{
  GString *text = g_string_new (command->name);
  guint optional = command->options & ~command->required & ~command->one_of;

  for (guint i = 0; i < n_args (command); i++)
    g_string_append_printf (text, " %s", _(command->args[i].name));
  for (guint o = 0; o < FERRYCTL_N_OPTIONS; o++)
    if (command->required & FERRYCTL_BIT (o))
      {
        g_string_append_c (text, ' ');
        append_option (text, o);
      }
  if (command->one_of != 0)
    {
      g_string_append (text, " (");
      append_alternatives (text, command->one_of);
      g_string_append_c (text, ')');
    }
  if (command->json != NULL)
    optional |= OPT (JSON);
  for (guint o = 0; o < FERRYCTL_N_OPTIONS; o++)
    if (optional & FERRYCTL_BIT (o))
      {
        g_string_append (text, " [");
        append_option (text, o);
        g_string_append_c (text, ']');
      }
  return g_string_free (text, FALSE);
}

/* The commands that take OPTION, comma-separated. */
static char *
dup_commands_taking (FerryctlOption option)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (accepted_options (&commands[i]) & FERRYCTL_BIT (option))
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", commands[i].name);
  return g_string_free (text, FALSE);
}

static char *
dup_command_names (void)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", commands[i].name);
  return g_string_free (text, FALSE);
}

/* TERM, then TEXT in a column of its own (on the next line when TERM is too wide). */
static void
append_entry (GString    *usage,
              const char *term,
              const char *text)
{
  const int column = 26;
  long width = g_utf8_strlen (term, -1);

  if (width + 4 <= column)
    g_string_append_printf (usage, "  %s%*s%s\n", term, (int) (column - 2 - width), "", text);
  else
    g_string_append_printf (usage, "  %s\n%*s%s\n", term, column, "", text);
}

static char *
dup_usage (void)
{
  GString *usage = g_string_new (NULL);

  g_string_append_printf (usage, "%s\n\n%s\n\n%s\n",
                          _("Usage: ferryctl [-c URI | --demo] [--timeout SECONDS] COMMAND "
                            "[ARGUMENT] [OPTION…]"),
                          _("Ferry from the command line."), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *synopsis = dup_synopsis (&commands[i]);

      append_entry (usage, synopsis, _(commands[i].summary));
    }

  g_string_append_printf (usage, "\n%s\n", _("Options:"));
  for (guint o = 0; o < FERRYCTL_N_OPTIONS; o++)
    {
      g_autoptr(GString) term = g_string_new (NULL);
      g_autofree char *help = NULL;

      if (options[o].short_name != 0)
        g_string_append_printf (term, "-%c, ", options[o].short_name);
      append_option (term, o);
      if (GLOBAL_OPTIONS & FERRYCTL_BIT (o))
        help = g_strdup (_(options[o].help));
      else
        {
          g_autofree char *taking = dup_commands_taking (o);

          /* Translators: an option's help, then the commands that take it */
          help = g_strdup_printf (_("%s; for %s"), _(options[o].help), taking);
        }
      append_entry (usage, term->str, help);
    }

  g_string_append_printf (usage, "\n%s\n",
                          _("Exit status: 0 done; 1 the host or libvirt failed; 2 the command "
                            "line is wrong\n(refused before connecting); 3 check or assign "
                            "found errors."));
  return g_string_free (usage, FALSE);
}

/* A refusal of the command line: "ferryctl: " and what was wrong. */
static void G_GNUC_PRINTF (1, 2)
complain (const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("ferryctl: %s\n", ferryctl_safe (message));
}

static gboolean
parse_address (const char *where,
               const char *text,
               GArray     *addresses)
{
  FerryPciAddress address;

  if (!ferry_pci_address_parse (text, &address))
    {
      complain ("%s: “%s”: %s", where, text, _("not a PCI address (expected 0000:01:00.0)"));
      return FALSE;
    }
  g_array_append_val (addresses, address);
  return TRUE;
}

/* ADDRESS, or ADDRESS,ADDRESS… unless JUST_ONE, into ADDRESSES; WHERE (a command or an
 * option) names it in the refusal. */
static gboolean
parse_addresses (const char *where,
                 const char *text,
                 gboolean    just_one,
                 GArray     *addresses)
{
  g_auto(GStrv) items = NULL;

  if (just_one)
    return parse_address (where, text, addresses);

  items = g_strsplit (text, ",", -1);
  /* g_strsplit() makes no item of "": refuse it as the address it is not. */
  if (items[0] == NULL)
    return parse_address (where, text, addresses);
  for (guint i = 0; items[i] != NULL; i++)
    if (!parse_address (where, g_strstrip (items[i]), addresses))
      return FALSE;
  return TRUE;
}

static void
call_clear (FerryctlCall *call)
{
  g_clear_pointer (&call->addresses, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FerryctlCall, call_clear)

/* An option's value: what the option needs before anything is asked of the host. */
static gboolean
check_value (FerryctlCall   *call,
             FerryctlOption  option,
             guint          *timeout)
{
  const char *name = options[option].long_name;
  const char *value = call->values[option];
  g_autoptr(GError) error = NULL;
  guint64 number;
  int vlan;

  if (options[option].value == VALUE_NONE)
    return TRUE;
  if (*value == '\0')
    {
      complain ("--%s: %s", name, _("an option needs a value"));
      return FALSE;
    }

  switch (options[option].value)
    {
    case VALUE_SECONDS:
      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &number, NULL))
        {
          complain ("--%s: “%s”: %s", name, value,
                    _("not a whole number of seconds (0 for no limit)"));
          return FALSE;
        }
      *timeout = (guint) number;
      return TRUE;
    case VALUE_MAC:
      if (!ferry_domain_edit_check_mac (value, &error))
        {
          complain ("--%s: “%s”: %s", name, value, error->message);
          return FALSE;
        }
      return TRUE;
    case VALUE_VLAN:
      if (!ferry_domain_edit_check_vlan (value, &vlan, &error))
        {
          complain ("--%s: “%s”: %s", name, value, error->message);
          return FALSE;
        }
      call->vlan = (guint) vlan;
      return TRUE;
    case VALUE_ADDRESSES:
      {
        g_autofree char *where = g_strconcat ("--", name, NULL);

        g_assert (call->addresses == NULL);
        call->addresses = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
        return parse_addresses (where, value, FALSE, call->addresses);
      }
    case VALUE_TEXT:
    case VALUE_NONE:
    default:
      return TRUE;
    }
}

/* A positional argument of COMMAND, by its kind. */
static gboolean
check_arg (FerryctlCall  *call,
           const Command *command,
           guint          index)
{
  const char *value = call->args[index];
  g_autoptr(GError) error = NULL;

  switch (command->args[index].kind)
    {
    case ARG_NEW_POOL:
      if (!ferry_pool_xml_check_name (value, NULL, &error))
        {
          complain ("%s: %s", command->name, error->message);
          return FALSE;
        }
      return TRUE;
    case ARG_ADDRESS:
    case ARG_ADDRESSES:
      /* A command takes its addresses either as an argument or as --vf, never both. */
      g_assert (call->addresses == NULL);
      call->addresses = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
      return parse_addresses (command->name, value,
                              command->args[index].kind == ARG_ADDRESS,
                              call->addresses);
    case ARG_NAME:
    default:
      if (*value == '\0')
        {
          /* Translators: first %s is a command, second what it needs, e.g. NAME */
          complain (_("%s: %s is empty"), command->name, _(command->args[index].name));
          return FALSE;
        }
      return TRUE;
    }
}

static gssize
find_option (const char *arg)
{
  for (guint o = 0; o < FERRYCTL_N_OPTIONS; o++)
    if (arg[1] == '-' ? g_str_equal (arg + 2, options[o].long_name)
                      : arg[1] == options[o].short_name && arg[2] == '\0')
      return o;
  return -1;
}

/* Reads ARGV into COMMAND and CALL, refusing what the table does not allow. Returns -1 to go
 * on, else the exit status (0 after --help, 2 after a refusal). */
static int
parse_command_line (int             argc,
                    char          **argv,
                    const Command **out_command,
                    FerryctlCall   *call,
                    guint          *timeout)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  const Command *command = NULL;
  gboolean only_words = FALSE;
  guint accepted, picked;

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *arg = g_strdup (argv[i]);
      char *equals = g_str_has_prefix (arg, "--") ? strchr (arg, '=') : NULL;
      const char *value = NULL;
      gssize option;

      if (only_words || arg[0] != '-' || arg[1] == '\0')
        {
          g_ptr_array_add (words, argv[i]);
          continue;
        }
      if (g_str_equal (arg, "--"))
        {
          only_words = TRUE;
          continue;
        }

      if (equals != NULL)
        {
          *equals = '\0';
          value = argv[i] + (equals - arg) + 1;
        }
      if ((option = find_option (arg)) < 0)
        {
          complain ("%s: %s", arg, _("no such option (see ferryctl --help)"));
          return 2;
        }
      if (options[option].value == VALUE_NONE && value != NULL)
        {
          complain ("%s: %s", arg, _("this option takes no value"));
          return 2;
        }
      if (options[option].value != VALUE_NONE && value == NULL)
        {
          if (i + 1 == argc)
            {
              complain ("%s: %s", arg, _("an option needs a value"));
              return 2;
            }
          value = argv[++i];
        }
      call->given |= FERRYCTL_BIT (option);
      call->values[option] = value;
    }

  if (ferryctl_call_has (call, FERRYCTL_OPT_HELP))
    {
      g_autofree char *usage = dup_usage ();

      g_print ("%s", usage);
      return 0;
    }
  if (words->len == 0)
    {
      g_autofree char *usage = dup_usage ();

      g_printerr ("%s", usage);
      return 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (words->pdata[0], commands[i].name))
      command = &commands[i];
  if (command == NULL)
    {
      g_autofree char *names = dup_command_names ();

      /* Translators: first %s is what was typed, second the list of commands */
      complain (_("“%s” is not a command; the commands are: %s"),
                (const char *) words->pdata[0], names);
      return 2;
    }

  if (words->len - 1 != n_args (command))
    {
      g_autofree char *synopsis = dup_synopsis (command);

      if (words->len - 1 > n_args (command))
        /* Translators: first %s is a command, second an argument it does not take */
        complain (_("%s: unexpected argument “%s”"), command->name,
                  (const char *) words->pdata[n_args (command) + 1]);
      else
        /* Translators: first %s is a command, second what it needs, e.g. NAME */
        complain (_("%s needs %s"), command->name, _(command->args[words->len - 1].name));
      /* Translators: %s is a command with its arguments and options */
      g_printerr (_("Usage: ferryctl %s\n"), synopsis);
      return 2;
    }
  for (guint i = 0; i < n_args (command); i++)
    call->args[i] = words->pdata[i + 1];

  accepted = accepted_options (command);
  for (guint o = 0; o < FERRYCTL_N_OPTIONS; o++)
    {
      guint bit = FERRYCTL_BIT (o);

      if ((call->given & bit) && !(accepted & bit))
        {
          g_autofree char *taking = dup_commands_taking (o);

          /* Translators: first %s is an option, second a command, third the commands that
           * take the option */
          complain (_("--%s is not an option of %s, only of %s"),
                    options[o].long_name, command->name, taking);
          return 2;
        }
      if ((command->required & bit) && !(call->given & bit))
        {
          g_autoptr(GString) needed = g_string_new (NULL);

          append_option (needed, o);
          /* Translators: first %s is a command, second what it needs, e.g. NAME */
          complain (_("%s needs %s"), command->name, needed->str);
          return 2;
        }
    }
  picked = command->one_of & call->given;
  if (command->one_of != 0 && (picked == 0 || (picked & (picked - 1)) != 0))
    {
      g_autoptr(GString) alternatives = g_string_new (NULL);

      append_alternatives (alternatives, command->one_of);
      /* Translators: first %s is a command, second its options, e.g. “--pf IFNAME | --vf
       * ADDRESS,…” */
      complain (_("%s needs exactly one of %s"), command->name, alternatives->str);
      return 2;
    }
  if (ferryctl_call_has (call, FERRYCTL_OPT_CONNECT) && ferryctl_call_has (call, FERRYCTL_OPT_DEMO))
    {
      complain ("%s", _("--connect and --demo cannot go together: --demo is a connection of its "
                        "own"));
      return 2;
    }

  for (guint o = 0; o < FERRYCTL_N_OPTIONS; o++)
    if (ferryctl_call_has (call, o) && !check_value (call, o, timeout))
      return 2;
  for (guint i = 0; i < n_args (command); i++)
    if (!check_arg (call, command, i))
      return 2;

  *out_command = command;
  return -1;
}

static gboolean
interrupted_cb (gpointer cancellable)
{
  /* The change is never left half-made: the session stops it at its next step and undoes
   * it, or it completes first; either way ferryctl says which before it exits. */
  if (!g_cancellable_is_cancelled (cancellable))
    g_printerr ("ferryctl: %s\n", _("interrupted: finishing the change first…"));
  g_cancellable_cancel (cancellable);
  return G_SOURCE_CONTINUE;
}

/* Waits for a change started with CANCELLABLE and ferry_wait_store_result (SLOT) to finish;
 * SIGINT and SIGTERM meanwhile cancel it rather than kill ferryctl halfway. Each of the
 * change's calls is bounded by the connection's keepalive. */
GAsyncResult *
ferryctl_wait_for_change (GCancellable  *cancellable,
                          GAsyncResult **slot)
{
  guint sigint = g_unix_signal_add (SIGINT, interrupted_cb, cancellable);
  guint sigterm = g_unix_signal_add (SIGTERM, interrupted_cb, cancellable);
  GAsyncResult *result = ferry_wait_for_result (slot, 0);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  return result;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(FerryctlCall) call = { { NULL } };
  g_autoptr(FerrySession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  const Command *command = NULL;
  guint timeout = DEFAULT_TIMEOUT;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if ((status = parse_command_line (argc, argv, &command, &call, &timeout)) >= 0)
    return status;

  if (ferryctl_call_has (&call, FERRYCTL_OPT_DEMO))
    uri = ferry_session_dup_demo_uri ();
  else if (ferryctl_call_has (&call, FERRYCTL_OPT_CONNECT))
    uri = g_strdup (call.values[FERRYCTL_OPT_CONNECT]);
  else
    uri = g_strdup (g_getenv ("LIBVIRT_DEFAULT_URI") ? g_getenv ("LIBVIRT_DEFAULT_URI")
                                                     : "qemu:///system");

  session = ferry_session_new (uri);
  if (!ferry_session_connect_sync (session, timeout, &error))
    return ferryctl_print_error (error);

  if (ferryctl_call_has (&call, FERRYCTL_OPT_JSON))
    return command->json (session, &call);
  return command->text (session, &call);
}

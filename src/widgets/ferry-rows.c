/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-rows"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-rows.h"

/* Building the detail pages whose groups depend on what is shown (a device's SR-IOV role,
 * its group members…): groups added to a page and remembered for clearing, plain rows, and
 * the "nothing here" label of a boxed list. Text from hosts is never markup. */

AdwPreferencesGroup *
ferry_rows_add_group (AdwPreferencesPage *page,
                      GPtrArray          *added,
                      const char         *title,
                      const char         *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  if (title != NULL)
    adw_preferences_group_set_title (group, title);
  if (description != NULL)
    adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (page, group);
  g_ptr_array_add (added, group);
  return group;
}

void
ferry_rows_clear (AdwPreferencesPage *page,
                  GPtrArray          *added)
{
  for (guint i = 0; i < added->len; i++)
    adw_preferences_page_remove (page, added->pdata[i]);
  g_ptr_array_set_size (added, 0);
}

AdwActionRow *
ferry_rows_add_row (AdwPreferencesGroup *group,
                    const char          *title,
                    const char          *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  adw_preferences_group_add (group, GTK_WIDGET (row));
  return row;
}

/* A row that states a fact: the name small above, the value below. */
AdwActionRow *
ferry_rows_add_property (AdwPreferencesGroup *group,
                         const char          *title,
                         const char          *value)
{
  AdwActionRow *row = ferry_rows_add_row (group, title, value);

  gtk_widget_add_css_class (GTK_WIDGET (row), "property");
  return row;
}

/* New content starts at its top, not where the previous content was scrolled to. libadwaita
 * 1.2 has no adw_preferences_page_scroll_to_top: the page's one child is its scrolled window. */
void
ferry_rows_scroll_to_top (AdwPreferencesPage *page)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (page));

  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (child));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child)), 0);
}

GtkWidget *
ferry_rows_new_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

/* The tokens a reader takes, and may copy, as one: PCI addresses (0000:01:00.0, 01:00.0), MAC
 * addresses, XML attributes (bus='0x01') and closing tags (</name>, which the Unicode rules
 * would break after its slash). Pango breaks a line inside them where it may:
 * after a MAC's colon by the Unicode rules, anywhere once PANGO_WRAP_WORD_CHAR falls back to
 * characters. */
static GRegex *
whole_tokens_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *compiled = g_regex_new ("[[:xdigit:]]{2}(?::[[:xdigit:]]{2}){5}"
                                      "|(?:[[:xdigit:]]{4}:)?[[:xdigit:]]{2}:[[:xdigit:]]{2}\\.[0-7]"
                                      "|[\\w:.-]+=(?:'[^'\\n]*'|\"[^\"\\n]*\")"
                                      "|</[\\w:.-]+>",
                                      G_REGEX_OPTIMIZE, 0, NULL);

      g_once_init_leave (&regex, compiled);
    }
  return regex;
}

/* Each such token in TEXT, as Pango attributes that keep it on one line. Attributes rather
 * than U+2060 WORD JOINERs or no-break characters in the text: the text stays what it was, so
 * a copied address pastes into a terminal as typed, a search finds it, and a screen reader
 * reads it as before. Everything else still wraps at words (and CJK between characters). */
static PangoAttrList *
dup_whole_token_attrs (const char *text)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (whole_tokens_regex (), text, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      PangoAttribute *attr = pango_attr_allow_breaks_new (FALSE);
      int start;
      int end;

      g_match_info_fetch_pos (match, 0, &start, &end);
      attr->start_index = start;
      attr->end_index = end;
      pango_attr_list_insert (attrs, attr);
    }
  return attrs;
}

static void
label_changed_cb (GtkLabel *label)
{
  g_autoptr(PangoAttrList) attrs = dup_whole_token_attrs (gtk_label_get_text (label));

  gtk_label_set_attributes (label, attrs);
}

/* Keeps the addresses and attributes in LABEL's text whole on wrapping, now and whenever its
 * text changes. The attributes index the text as shown, without markup or mnemonics: what
 * gtk_label_get_text () returns. */
void
ferry_rows_keep_tokens_whole (GtkLabel *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  label_changed_cb (label);
  g_signal_connect (label, "notify::label", G_CALLBACK (label_changed_cb), NULL);
}

/* Sets VIEW's text with its addresses and attributes kept whole on wrapping. */
void
ferry_rows_set_text_keeping_tokens (GtkTextView *view,
                                    const char  *text)
{
  g_autoptr(PangoAttrList) attrs = NULL;
  g_autoslist(PangoAttribute) list = NULL;
  GtkTextBuffer *buffer;
  GtkTextTag *whole;

  g_return_if_fail (GTK_IS_TEXT_VIEW (view));
  g_return_if_fail (text != NULL);

  attrs = dup_whole_token_attrs (text);
  list = pango_attr_list_get_attributes (attrs);
  buffer = gtk_text_view_get_buffer (view);
  whole = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "ferry-whole");
  if (whole == NULL)
    whole = gtk_text_buffer_create_tag (buffer, "ferry-whole", "allow-breaks", FALSE, NULL);
  gtk_text_buffer_set_text (buffer, text, -1);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;
      GtkTextIter start;
      GtkTextIter end;

      gtk_text_buffer_get_iter_at_offset (buffer, &start,
                                          g_utf8_pointer_to_offset (text,
                                                                    text + attr->start_index));
      gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                          g_utf8_pointer_to_offset (text,
                                                                    text + attr->end_index));
      gtk_text_buffer_apply_tag (buffer, whole, &start, &end);
    }
}

/* Copies the command its row shows, and says so where the row's window shows toasts. */
static void
copy_clicked_cb (GtkButton *button,
                 gpointer   user_data)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_PREFERENCES_ROW);
  GtkWidget *toasts = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_TOAST_OVERLAY);
  const char *command = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), command);
  gtk_button_set_icon_name (button, "object-select-symbolic");
  if (toasts != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (toasts),
                                 adw_toast_new (_("Copied to the clipboard")));
}

/* A command for the user to run (Ferry never runs it), in monospace, with a Copy button. */
GtkWidget *
ferry_rows_new_command (const char *command)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), command);
  gtk_widget_add_css_class (row, "monospace");
  gtk_widget_set_tooltip_text (button, _("Copy"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy"), -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect (button, "clicked", G_CALLBACK (copy_clicked_cb), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

/* What the severity icon says, for screen readers: the icon is all that tells an error from a
 * note. */
const char *
ferry_rows_severity_label (FerrySeverity severity)
{
  switch (severity)
    {
    case FERRY_SEVERITY_ERROR:
      return _("Error");
    case FERRY_SEVERITY_WARNING:
      return _("Warning");
    case FERRY_SEVERITY_INFO:
    default:
      return _("Note");
    }
}

const char *
ferry_rows_severity_icon (FerrySeverity severity)
{
  switch (severity)
    {
    case FERRY_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case FERRY_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case FERRY_SEVERITY_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

/* A finding as a boxed-list row: its severity's icon and its message, wrapped. The row's child
 * is a vertical box, for a caller to add the finding's fixes under the message. */
GtkWidget *
ferry_rows_new_finding (FerryFinding *finding)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (
    ferry_rows_severity_icon (ferry_finding_get_severity (finding)));
  GtkWidget *message = gtk_label_new (ferry_finding_get_message (finding));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ferry_rows_severity_label (ferry_finding_get_severity (finding)),
                                  -1);
  gtk_widget_add_css_class (icon, "ferry-finding-icon");
  gtk_widget_add_css_class (icon, ferry_finding_get_severity_name (finding));
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_selectable (GTK_LABEL (message), TRUE);
  ferry_rows_keep_tokens_whole (GTK_LABEL (message));
  gtk_widget_set_hexpand (message, TRUE);
  gtk_box_append (GTK_BOX (line), icon);
  gtk_box_append (GTK_BOX (line), message);
  gtk_box_append (GTK_BOX (box), line);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static gboolean
query_cut_tooltip_cb (GtkWidget  *widget,
                      int         x,
                      int         y,
                      gboolean    keyboard_mode,
                      GtkTooltip *tooltip,
                      gpointer    user_data)
{
  GtkLabel *label = GTK_LABEL (widget);

  /* A tooltip of its own (a badge's reason) goes first. */
  if (gtk_widget_get_tooltip_text (widget) != NULL ||
      !pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, gtk_label_get_text (label));
  return TRUE;
}

/* An ellipsized LABEL shows its whole text in a tooltip while the width cuts it, unless it
 * has a tooltip of its own: asked on hover, so a list's rows measure nothing more. */
void
ferry_rows_tooltip_when_cut (GtkLabel *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_widget_set_has_tooltip (GTK_WIDGET (label), TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (query_cut_tooltip_cb), NULL);
}

static gboolean
query_cut_title_cb (GtkWidget  *widget,
                    int         x,
                    int         y,
                    gboolean    keyboard_mode,
                    GtkTooltip *tooltip,
                    gpointer    user_data)
{
  AdwWindowTitle *title = ADW_WINDOW_TITLE (widget);
  const char *subtitle = adw_window_title_get_subtitle (title);
  g_autofree char *text = NULL;
  int natural = 0;

  /* Its labels are cut exactly when it has less than its natural width. */
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  if (gtk_widget_get_width (widget) >= natural)
    return FALSE;
  text = subtitle != NULL && *subtitle != '\0'
         ? g_strdup_printf ("%s\n%s", adw_window_title_get_title (title), subtitle)
         : g_strdup (adw_window_title_get_title (title));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The same for a header's TITLE (a long device name in a narrow window): title and subtitle
 * whole in a tooltip while they are cut. */
void
ferry_rows_window_title_tooltip_when_cut (AdwWindowTitle *title)
{
  g_return_if_fail (ADW_IS_WINDOW_TITLE (title));

  gtk_widget_set_has_tooltip (GTK_WIDGET (title), TRUE);
  g_signal_connect (title, "query-tooltip", G_CALLBACK (query_cut_title_cb), NULL);
}

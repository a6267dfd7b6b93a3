/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-finding.h"

G_BEGIN_DECLS

AdwPreferencesGroup *ferry_rows_add_group    (AdwPreferencesPage  *page,
                                              GPtrArray           *added,
                                              const char          *title,
                                              const char          *description);
AdwActionRow        *ferry_rows_add_row      (AdwPreferencesGroup *group,
                                              const char          *title,
                                              const char          *subtitle);
AdwActionRow        *ferry_rows_add_property (AdwPreferencesGroup *group,
                                              const char          *title,
                                              const char          *value);
void                 ferry_rows_clear        (AdwPreferencesPage  *page,
                                              GPtrArray           *added);
void                 ferry_rows_scroll_to_top (AdwPreferencesPage *page);
GtkWidget           *ferry_rows_new_placeholder (const char       *text);
GtkWidget           *ferry_rows_new_command  (const char          *command);
GtkWidget           *ferry_rows_new_finding  (FerryFinding        *finding);
const char          *ferry_rows_severity_label (FerrySeverity     severity);
const char          *ferry_rows_severity_icon (FerrySeverity      severity);
void                 ferry_rows_tooltip_when_cut (GtkLabel        *label);
void                 ferry_rows_window_title_tooltip_when_cut (AdwWindowTitle *title);
void                 ferry_rows_keep_tokens_whole (GtkLabel       *label);
void                 ferry_rows_set_text_keeping_tokens (GtkTextView *view,
                                                         const char  *text);

G_END_DECLS

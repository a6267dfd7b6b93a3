/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-network.h"
#include "ferry-wait.h"
#include "ferry-window-private.h"

G_BEGIN_DECLS

/* The widget tests' one way to wait (ui-helpers.c): for a condition, up to one generous limit. */
gboolean           wait_until                (FerryWaitCondition  condition,
                                              gpointer            data);
void               run_for                   (guint               milliseconds);
void               wait_for_settled          (GtkWidget          *root);

/* The application every window of a test belongs to. */
void               ui_test_init              (int                *argc,
                                              char             ***argv);
GtkApplication    *ui_application            (void);
FerryWindow       *open_window               (const char         *uri);
FerryWindow       *open_window_sized         (const char         *uri,
                                              int                 width,
                                              int                 height);
void               reset_window_size         (void);

void               wait_for_page             (FerryWindow        *window,
                                              const char         *page);
GtkWidget         *find_widget               (GtkWidget          *root,
                                              GType               type,
                                              const char         *text);
GtkWidget         *wait_for_widget           (GtkWidget          *root,
                                              GType               type,
                                              const char         *text);
gboolean           wait_for_no_widget        (GtkWidget          *root,
                                              GType               type,
                                              const char         *text);
GtkWidget         *find_label_containing     (GtkWidget          *root,
                                              const char         *needle);
GtkWidget         *wait_for_label_containing (GtkWidget          *root,
                                              const char         *needle);
AdwMessageDialog  *wait_for_dialog           (void);
GtkWindow         *wait_for_window           (GType               type);
GtkWindow         *wait_for_dialog_headed    (GType               type,
                                              const char         *heading);
gboolean           press_key                 (GtkWidget          *widget,
                                              guint               keyval);
gboolean           press_key_with            (GtkWidget          *widget,
                                              guint               keyval,
                                              GdkModifierType     modifiers);
gboolean           press_mnemonic            (GtkWidget          *root,
                                              guint               keyval);

guint              find_sidebar_guest        (FerryWindow        *window,
                                              const char         *name);
GtkWidget         *open_guest_page           (FerryWindow        *window,
                                              const char         *guest);
char              *dup_guest_xml             (FerryWindow        *window,
                                              const char         *guest);
FerryNetwork      *find_network              (FerryWindow        *window,
                                              const char         *name);
guint              n_assigned                (FerryWindow        *window,
                                              const char         *guest_name);
void               wait_for_assigned         (FerryWindow        *window,
                                              const char         *guest,
                                              guint               count);

/* The tests, by page: each file registers its own (test-window.c runs them all). */
void               add_guest_page_tests      (void);
void               add_pool_tests            (void);
void               add_wizard_tests          (void);
void               add_hostile_tests         (void);
void               add_keyboard_tests        (void);
void               add_connect_tests         (void);
void               add_prompt_tests          (void);

G_END_DECLS

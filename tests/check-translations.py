#!/usr/bin/env python3
# Fails when a translation lags the sources: every string in POTFILES.in must be in each
# language's .po, translated and not fuzzy, and the .po must pass msgfmt --check.
import os
import subprocess
import sys
import tempfile

source_root, xgettext, msgmerge, msgfmt = sys.argv[1:5]
po_dir = os.path.join(source_root, 'po')

with open(os.path.join(po_dir, 'POTFILES.in')) as f:
    potfiles = [line.strip() for line in f if line.strip() and not line.startswith('#')]

# The same keywords meson's i18n "glib" preset passes to xgettext.
keywords = ['--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
            '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
            '--keyword=g_dpgettext2:2c,3', '--flag=N_:1:pass-c-format',
            '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
            '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
            '--flag=g_string_printf:2:c-format', '--flag=g_set_error:4:c-format',
            '--flag=g_printf:1:c-format']

with open(os.path.join(po_dir, 'LINGUAS')) as f:
    languages = [w for line in f for w in line.split() if not line.startswith('#')]

failed = False
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'ferry.pot')
    subprocess.run([xgettext, '--package-name=ferry', '--from-code=UTF-8', '--add-comments',
                    '-D', source_root, '-o', pot] + keywords + potfiles, check=True)
    for lang in languages:
        po = os.path.join(po_dir, lang + '.po')
        merged = os.path.join(tmp, lang + '.po')
        subprocess.run([msgmerge, '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot],
                       check=True)
        check = subprocess.run([msgfmt, '--check', '--statistics', '-o', os.devnull, merged],
                               capture_output=True, text=True)
        stats = check.stderr.strip()
        print(f'{lang}: {stats}')
        if check.returncode != 0 or 'untranslated' in stats or 'fuzzy' in stats:
            failed = True
            for flag in ('--untranslated', '--only-fuzzy'):
                print(subprocess.run(['msgattrib', flag, merged],
                                     capture_output=True, text=True).stdout)

sys.exit(1 if failed else 0)

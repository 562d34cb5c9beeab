#!/usr/bin/env bash
# Compile the interface's translations (locale/*/LC_MESSAGES/django.po) into the .mo files Django reads.
# Needs msgfmt (Debian's gettext, installed by deploy/system-packages.sh). Called by `make run`, `make test`,
# the container image and the installation steps of deploy/README.md; only files older than their .po are
# compiled again. A .po with a broken placeholder stops it with msgfmt's message.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v msgfmt >/dev/null || { echo "msgfmt is missing: run deploy/system-packages.sh (Debian's gettext)" >&2; exit 1; }
for po in locale/*/LC_MESSAGES/*.po; do
  [ -e "$po" ] || continue
  mo=${po%.po}.mo
  if [ ! -e "$mo" ] || [ "$po" -nt "$mo" ]; then
    msgfmt --check -o "$mo" "$po"
  fi
done

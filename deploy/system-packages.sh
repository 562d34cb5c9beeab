#!/usr/bin/env bash
# Debian packages Concord needs beyond Python: Pango and HarfBuzz for WeasyPrint's
# PDFs, and Noto fonts so the six UN languages (Arabic, Chinese, Russian…) render.
# As root it installs what is missing; otherwise it says what to install.
set -euo pipefail

PACKAGES=(
  python3-venv
  libpango-1.0-0
  libpangoft2-1.0-0
  libharfbuzz-subset0
  fonts-noto-core
  fonts-noto-cjk
  gettext
  fontconfig
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Concord needs these Debian packages (or your system's equivalents): ${missing[*]}" >&2
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "Concord needs these system packages; install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  echo "(the site runs without them, but PDFs will lack fonts for some languages)" >&2
fi

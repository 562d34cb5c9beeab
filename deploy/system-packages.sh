#!/usr/bin/env bash
# Debian packages Concord needs beyond Python: Pango and HarfBuzz for WeasyPrint's
# PDFs, and Noto fonts so the six UN languages (Arabic, Chinese, Russian…) render.
# As root it installs what is missing; otherwise it says what to install.
#
#   deploy/system-packages.sh           a host: the packages below, with python3-venv for the virtualenv
#   deploy/system-packages.sh --image   the container image (deploy/Dockerfile): the image has its own
#                                       Python; adds postgresql-client for backup.sh and restore.sh, and
#                                       leaves no package lists behind
set -euo pipefail

image=0
case ${1:-} in
  "") ;;
  --image) image=1 ;;
  *)
    echo "usage: $0 [--image]" >&2
    exit 2
    ;;
esac

PACKAGES=(
  libpango-1.0-0
  libpangoft2-1.0-0
  libharfbuzz-subset0
  fonts-noto-core
  fonts-noto-cjk
  gettext
  fontconfig
)
if [ $image = 1 ]; then
  PACKAGES+=(postgresql-client)
else
  PACKAGES+=(python3-venv)
fi

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
  if [ $image = 1 ]; then
    rm -rf /var/lib/apt/lists/*
  fi
else
  echo "Concord needs these system packages; install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  echo "(the site runs without them, but PDFs will lack fonts for some languages)" >&2
fi

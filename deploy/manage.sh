#!/usr/bin/env bash
# Run a manage.py command with Concord's production environment, as the concord user.
#
#   sudo deploy/manage.sh migrate
#   sudo deploy/manage.sh createsuperuser
#
# Reads /etc/concord/env (CONCORD_ENV_FILE names another file) the way the systemd units do, then runs
# the checkout's .venv/bin/python manage.py. Run as root, it switches to CONCORD_USER (concord).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
# shellcheck source=envfile.sh
. "$here/envfile.sh"

load_env_file
python=${CONCORD_PYTHON:-$root/.venv/bin/python}
[ -x "$python" ] || fail "$python not found: create the virtual environment first (deploy/README.md)"
user=${CONCORD_USER:-concord}
cd "$root"
if [ "$(id -u)" = 0 ] && [ "$user" != root ]; then
  id "$user" >/dev/null 2>&1 || fail "there is no user $user: create it first (deploy/README.md), or set CONCORD_USER"
  exec runuser -u "$user" -- "$python" "$root/manage.py" "$@"
fi
exec "$python" "$root/manage.py" "$@"

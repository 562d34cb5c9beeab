# shellcheck shell=bash
# Shared by backup.sh, restore.sh and manage.sh (sourced, not run).
#
# Concord's environment file (/etc/concord/env, or CONCORD_ENV_FILE) is read the way systemd reads
# an EnvironmentFile: KEY=VALUE lines, "#" or ";" comments, values optionally in single or double
# quotes, nothing expanded or executed. A variable already set in the environment keeps its value.

concord_env_file=${CONCORD_ENV_FILE:-/etc/concord/env}

fail() {
  echo "error: $*" >&2
  exit 1
}

_trim() {
  local value=$1
  value=${value#"${value%%[![:space:]]*}"}
  value=${value%"${value##*[![:space:]]}"}
  printf '%s' "$value"
}

# Export every variable of the environment file that the environment does not already set.
load_env_file() {
  local file=$concord_env_file line key value
  if [ ! -e "$file" ]; then
    # /etc/concord/env is optional (the environment may carry everything); a file named on purpose is not.
    [ -z "${CONCORD_ENV_FILE:-}" ] || fail "CONCORD_ENV_FILE names $file, which does not exist"
    return 0
  fi
  [ -r "$file" ] || fail "cannot read $file: run this as root or as the concord user"
  while IFS= read -r line || [ -n "$line" ]; do
    line=$(_trim "$line")
    case $line in '' | '#'* | ';'*) continue ;; esac
    [[ $line == *=* ]] || continue
    key=$(_trim "${line%%=*}")
    value=$(_trim "${line#*=}")
    [[ $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
    if [[ ${#value} -ge 2 && $value == \"*\" ]]; then
      value=${value:1:${#value}-2}
      value=${value//\\\"/\"}
      value=${value//\\\\/\\}
    elif [[ ${#value} -ge 2 && $value == \'*\' ]]; then
      value=${value:1:${#value}-2}
    fi
    [ -n "${!key+set}" ] || export "$key=$value"
  done <"$file"
}

# Turn DATABASE_URL into libpq's PG* variables, so that no password appears on a command line.
export_pg_environment() {
  local url=${DATABASE_URL:-}
  [ -n "$url" ] || fail "DATABASE_URL is not set (in $concord_env_file or the environment)"
  case $url in
    postgres://* | postgresql://* | pgsql://*) ;;
    *) fail "DATABASE_URL must name a PostgreSQL database (postgres://...), not ${url%%:*}" ;;
  esac
  command -v python3 >/dev/null 2>&1 || fail "python3 is needed to read DATABASE_URL"
  unset PGHOST PGHOSTADDR PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE PGSSLMODE PGSSLROOTCERT
  local assignments
  assignments=$(
    python3 - "$url" <<'PY'
import shlex
import sys
from urllib.parse import parse_qs, unquote, urlsplit

parts = urlsplit(sys.argv[1])
query = parse_qs(parts.query)
values = {
    "PGHOST": unquote(parts.hostname or ""),
    "PGPORT": str(parts.port or ""),
    "PGUSER": unquote(parts.username or ""),
    "PGPASSWORD": unquote(parts.password or ""),
    "PGDATABASE": unquote(parts.path.lstrip("/")),
    "PGSSLMODE": query.get("sslmode", [""])[0],
    "PGSSLROOTCERT": query.get("sslrootcert", [""])[0],
}
for name, value in values.items():
    if value:
        print(f"export {name}={shlex.quote(value)}")
PY
  ) || fail "DATABASE_URL is not a valid URL"
  eval "$assignments"
  [ -n "${PGDATABASE:-}" ] || fail "DATABASE_URL names no database"
}

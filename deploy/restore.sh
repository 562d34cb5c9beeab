#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an empty database and an empty media folder.
#
#   deploy/restore.sh [--force] BACKUP_FOLDER
#
# The database named by DATABASE_URL must exist, in UTF-8, and hold no table (createdb -O concord
# -E UTF8 -T template0 --locale=C.UTF-8 concord), and MEDIA_ROOT must be empty or absent; both come
# from the environment or /etc/concord/env (CONCORD_ENV_FILE names another file). --force restores
# over a database or folder that is not empty: the backup's tables replace those of the same name,
# its files those of the same name. Checksums are verified first; nothing is changed if any differs.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=envfile.sh
. "$here/envfile.sh"

force=0
backup=""
for argument in "$@"; do
  case $argument in
    --force) force=1 ;;
    -h | --help)
      sed -n '2,11s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    -*) fail "unknown option $argument (usage: $0 [--force] BACKUP_FOLDER)" ;;
    *)
      [ -z "$backup" ] || fail "usage: $0 [--force] BACKUP_FOLDER"
      backup=$argument
      ;;
  esac
done
[ -n "$backup" ] || fail "usage: $0 [--force] BACKUP_FOLDER"
[ -d "$backup" ] || fail "$backup is not a folder"
for file in database.dump media.tar SHA256SUMS; do
  [ -f "$backup/$file" ] || fail "$backup has no $file: is it a folder made by deploy/backup.sh?"
done
for tool in pg_restore psql tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (Debian: apt-get install postgresql-client tar coreutils)"
done

load_env_file
export_pg_environment
media=${MEDIA_ROOT:-}
[ -n "$media" ] || fail "MEDIA_ROOT is not set (in $concord_env_file or the environment)"

echo "Checking $backup..."
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) ||
  fail "$backup does not match its checksums: the backup is damaged, nothing was restored"

tables=$(psql --no-psqlrc --quiet --tuples-only --no-align --set=ON_ERROR_STOP=1 --command="
  SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'") ||
  fail "cannot connect to database $PGDATABASE${PGHOST:+ on $PGHOST}: create it first (createdb -O <owner> -E UTF8 -T template0 --locale=C.UTF-8 $PGDATABASE)"
if [ "$tables" != 0 ] && [ $force = 0 ]; then
  fail "database $PGDATABASE is not empty ($tables tables and sequences): restore into a new database, or add --force to replace its tables"
fi
if [ -d "$media" ] && [ -n "$(ls -A "$media")" ] && [ $force = 0 ]; then
  fail "MEDIA_ROOT $media is not empty: restore into an empty folder, or add --force"
fi
mkdir -p "$media" || fail "cannot create $media"

echo "Restoring database $PGDATABASE..."
options=(--no-owner --no-privileges --exit-on-error --single-transaction)
[ $force = 0 ] || options+=(--clean --if-exists)
pg_restore "${options[@]}" --dbname="$PGDATABASE" "$backup/database.dump" ||
  fail "pg_restore failed: the database was left as it was (one transaction)"

echo "Restoring files into $media..."
tar --extract --file="$backup/media.tar" --directory="$media" --no-same-owner || fail "tar failed for $media"
if [ "$(id -u)" = 0 ]; then
  # Run as root: the files belong to whoever owns the media folder (the concord user), not to root.
  chown -R --reference="$media" "$media"
fi
echo "Restore complete: database $PGDATABASE and $media. Next: manage.py migrate (if the code is newer)."

#!/usr/bin/env bash
# Back up Concord: the database (pg_dump, custom format) and the uploaded files (MEDIA_ROOT), into
# one dated folder with a SHA-256 checksum of each file.
#
#   deploy/backup.sh [DESTINATION]
#
# DESTINATION defaults to BACKUP_DIR, else /var/backups/concord. DATABASE_URL and MEDIA_ROOT come from
# the environment or /etc/concord/env (CONCORD_ENV_FILE names another file). The backup is
# DESTINATION/concord-YYYYMMDDTHHMMSSZ/ with database.dump, media.tar, backup.txt and SHA256SUMS; it
# appears under that name only once complete. deploy/restore.sh puts it back.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=envfile.sh
. "$here/envfile.sh"

case ${1:-} in
  -h | --help)
    sed -n '2,10s/^# \{0,1\}//p' "$0"
    exit 0
    ;;
esac
[ $# -le 1 ] || fail "usage: $0 [DESTINATION]"

load_env_file
export_pg_environment
media=${MEDIA_ROOT:-}
[ -n "$media" ] || fail "MEDIA_ROOT is not set (in $concord_env_file or the environment)"
[ -d "$media" ] || fail "MEDIA_ROOT $media is not a folder"
destination=${1:-${BACKUP_DIR:-/var/backups/concord}}
for tool in pg_dump tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (Debian: apt-get install postgresql-client tar coreutils)"
done

umask 077 # a backup holds personal data: readable by its owner only
mkdir -p "$destination" || fail "cannot create $destination"
name="concord-$(date -u +%Y%m%dT%H%M%SZ)"
work="$destination/.$name.partial"
[ ! -e "$destination/$name" ] || fail "$destination/$name already exists"
mkdir "$work" || fail "cannot write in $destination"
trap 'rm -rf "$work"' EXIT

# The database first, then the files: every file the dump refers to is already on disk, since uploads
# get new names and are never changed in place.
echo "Dumping database $PGDATABASE${PGHOST:+ on $PGHOST}..."
pg_dump --format=custom --compress=6 --file="$work/database.dump" ||
  fail "pg_dump failed for database $PGDATABASE (is PostgreSQL reachable with DATABASE_URL?)"

# Rendered parts of compilations are a cache: they are made again when needed.
echo "Archiving $media..."
tar --create --file="$work/media.tar" --directory="$media" --exclude=./compilations/parts . ||
  fail "tar failed for $media"

{
  echo "Concord backup $name"
  echo "created: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname)"
  echo "database: $PGDATABASE ($(pg_dump --version))"
  echo "media: $media ($(tar --list --file="$work/media.tar" | grep -vc '/$') files)"
} >"$work/backup.txt"

(cd "$work" && sha256sum database.dump media.tar backup.txt >SHA256SUMS)
mv "$work" "$destination/$name"
trap - EXIT
echo "Backup complete: $destination/$name"

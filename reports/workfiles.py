"""The files a compilation works with on a worker's own disk, and the object storage that shares them between hosts.

Parts are rendered by whichever worker takes their task and merged by whichever takes the last one; each keeps
its files under MEDIA_ROOT/compilations/parts (a local disk: merging reads them many times over). With media on a
local or shared disk, every worker sees every file already. With media on S3-compatible storage (MEDIA_S3_BUCKET),
workers may run on several hosts: each batch file and its parts' records are then also stored in the bucket when
rendered (`publish`), and a worker that lacks one fetches it from there (`fetch`) before rendering it again.
PDF attachments, stored in the bucket, are copied to the local disk to be appended (`local_attachment`).
"""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection

PREFIX = "compilations/parts"


def cache_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "compilations" / "parts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def shared() -> bool:
    """Whether other hosts' workers may need this host's parts (media in object storage)."""
    return bool(settings.MEDIA_S3_BUCKET)


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so that a parallel reader sees all of it or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as file:
        file.write(data)
    os.replace(file.name, path)


def publish(*paths: Path) -> None:
    """Store these work files in the bucket too, when media is there (their names are content addresses)."""
    if not shared():
        return
    for path in paths:
        name = f"{PREFIX}/{path.name}"
        if not default_storage.exists(name):
            with open(path, "rb") as file:
                default_storage.save(name, File(file))


def fetch(path: Path) -> bool:
    """Whether the work file is on this disk, after copying it from the bucket if another host stored it there."""
    if path.exists():
        return True
    name = f"{PREFIX}/{path.name}"
    if not shared() or not default_storage.exists(name):
        return False
    with default_storage.open(name, "rb") as stored:
        write_atomically(path, stored.read())
    return True


def local_attachment(attachment) -> Path:
    """A path on this disk to the attachment's file: its own, or a copy of the stored object checked by its digest."""
    try:
        return Path(attachment.file.path)
    except NotImplementedError:  # object storage
        pass
    path = cache_dir().parent / "attachments" / attachment.sha256
    if not path.exists():
        with attachment.file.open("rb") as stored:
            data = stored.read()
        if hashlib.sha256(data).hexdigest() != attachment.sha256:
            raise OSError(f"the stored file of {attachment.name} does not match its digest")
        write_atomically(path, data)
    return path


# Claims ------------------------------------------------------------------------------------------------------
#
# Redis delivers a task again when it is not acknowledged within the visibility timeout: a task may then run
# twice at once. Rendering and merging hold PostgreSQL advisory locks for the transaction, so that a second run
# waits for the first (a part) or steps aside (a merge); a worker that dies loses its connection, and its locks.

PART_LOCK, MERGE_LOCK = 67196, 67197  # the first key of each kind of lock; the second is the part's or the row's


def _lock_key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big", signed=True)


def wait_for_parts(keys) -> None:
    """Inside a transaction: wait until no other process renders one of these parts, and keep them until it ends.

    Taken in one order (sorted), so that two batches sharing parts cannot wait for each other.
    """
    if connection.vendor != "postgresql":
        return  # SQLite: one process at a time anyway
    with connection.cursor() as cursor:
        for number in sorted({_lock_key(key) for key in keys}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [PART_LOCK, number])


def claim_merge(compilation_id: int) -> bool:
    """Inside a transaction: whether this process may merge the compilation (no other one is merging it)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [MERGE_LOCK, compilation_id])
        return cursor.fetchone()[0]

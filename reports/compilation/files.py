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
from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage

PREFIX = "compilations/parts"


def cache_dir() -> Path:
    """The part cache of this host (MEDIA_ROOT/compilations/parts), made if missing."""
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


def discard(path: Path) -> None:
    """Delete a work file that is no longer needed, here and in the bucket."""
    path.unlink(missing_ok=True)
    if shared():
        with suppress(OSError):
            default_storage.delete(f"{PREFIX}/{path.name}")


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

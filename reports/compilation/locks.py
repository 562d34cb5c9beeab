"""Claims on parts and merges, so that a task delivered twice never renders or merges the same thing twice at once.

Redis delivers a task again when it is not acknowledged within the visibility timeout: a task may then run twice at
once. Rendering and merging hold PostgreSQL advisory locks for the transaction (`claims_held`), so that a second run
waits for the first (a part) or steps aside (a merge); a worker that dies loses its connection, and its locks. They
lock no row and read none: the only SQL here.
"""

import hashlib
from contextlib import contextmanager

from django.db import connection, transaction

PART_LOCK, MERGE_LOCK = 67196, 67197  # the first key of each kind of lock; the second is the part's or the row's


@contextmanager
def claims_held():
    """The transaction that the claims (PostgreSQL advisory locks) last as long as: none on SQLite.

    SQLite has no such locks, and its transaction would lock the whole database through the render or merge inside
    it: every page writing meanwhile (beside the embedded set-up's jobs, run in a thread) would wait, then fail."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        yield


def _lock_key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big", signed=True)


def wait_for_parts(keys) -> None:
    """Inside `claims_held`: wait until no other process renders one of these parts, and keep them until it ends.

    Taken in one order (sorted), so that two batches sharing parts cannot wait for each other.
    """
    if connection.vendor != "postgresql":
        return  # SQLite: one process at a time anyway
    with connection.cursor() as cursor:
        for number in sorted({_lock_key(key) for key in keys}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [PART_LOCK, number])


def claim_merge(compilation_id: int) -> bool:
    """Inside `claims_held`: whether this process may merge the compilation (no other one is merging it)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [MERGE_LOCK, compilation_id])
        return cursor.fetchone()[0]

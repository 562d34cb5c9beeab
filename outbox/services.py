"""The transactional outbox: a follow-up is written in the transaction of the change that causes it.

It is handed to Celery once that transaction commits. If the broker is down then, or loses its queue later,
the row is still in PostgreSQL and the sweep hands it over again. A row is done once its task has finished, and
a finished row never runs again, so an e-mail is sent once however often its row is handed over.
"""

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError

from outbox.models import KEEP_DONE, MAX_ATTEMPTS, FollowUp

logger = logging.getLogger(__name__)

CELERY_ID_PREFIX = "follow-up-"
SWEEP_BATCH = 500
ERROR_LENGTH = 2000


class PermanentFailure(Exception):
    """Raised by a follow-up's task when no later run can succeed (an address the mail server refuses for good, a
    header no server takes): the row is marked failed at once, with the message as its error, and not retried."""


def enqueue(task, *args) -> FollowUp:
    """Record `task(*args)` in the current transaction; it is handed to Celery once the transaction commits.

    `task` is a task or its name ("reports.tasks.compilation_start"), as the row keeps it: a module that its tasks
    module imports asks for them by name rather than importing them back. An exception before the commit leaves
    neither the row nor a task; a broker that cannot be reached at the commit leaves the row pending, with a warning
    in the log, for the sweep.
    """
    if isinstance(task, str):
        task = import_string(task)  # as the hand-over will: a misspelt name fails here, in the request
    if not getattr(task, "follow_up", False):
        raise TypeError(f"{task.name} must be declared with base=FollowUpTask to be sent as a follow-up.")
    follow_up = FollowUp.objects.create(task=task.name, args=list(args))
    transaction.on_commit(lambda: dispatch(follow_up), robust=True)
    return follow_up


def _hand_over(follow_up: FollowUp, *, on_commit=False) -> None:
    """Send the row's task to the broker, or run it here when tasks run in-process; raise if the broker is down.

    `on_commit` (the hand-over after the change that caused it), a long job may run in a thread of its own instead:
    `in_thread`. The sweep, in the background already, runs it where it runs."""
    task = import_string(follow_up.task)
    FollowUp.objects.filter(pk=follow_up.pk).update(dispatched_at=timezone.now())
    if on_commit and in_thread(task):
        # Not a daemon: a process that stops (a command, the development server reloading) waits for its jobs rather
        # than leaving their rows running, with no worker's sweep to take them up again.
        threading.Thread(target=_run_in_thread, args=(task, follow_up), name=follow_up.celery_id, daemon=False).start()
        return
    try:
        task.apply_async(follow_up.args, task_id=follow_up.celery_id, ignore_result=True)
    except OperationalError as error:
        FollowUp.objects.filter(pk=follow_up.pk).update(
            dispatched_at=follow_up.dispatched_at, last_error=f"Broker unreachable: {error}"
        )
        raise


def in_thread(task) -> bool:
    """Whether a task handed over on commit runs in a thread of its own rather than in the request: a long job
    (`background`) when tasks run in-process (no broker) and JOBS_IN_THREADS is on, so that the page answers at once.

    Never from inside a transaction still open (a test's): the thread would see none of its rows, and on SQLite wait
    for its lock. Never on SQLite's database in memory (the tests'): its locks are refused at once rather than waited
    for, so that a thread beside the pages would make them fail."""
    return (
        task.background
        and settings.JOBS_IN_THREADS
        and task.app.conf.task_always_eager
        and not connection.in_atomic_block
        and not (connection.vendor == "sqlite" and connection.is_in_memory_db())
    )


def _run_in_thread(task, follow_up: FollowUp) -> None:
    """Run the task as it would run in the request, then close the database connection this thread opened."""
    try:
        task.apply_async(follow_up.args, task_id=follow_up.celery_id, ignore_result=True)
    except Exception:  # the task failed, and its row says why
        logger.exception("Follow-up %s (%s) failed", follow_up.pk, follow_up.task)
    finally:
        connections.close_all()


def dispatch(follow_up: FollowUp) -> bool:
    """Hand the row over once; a broker that cannot be reached leaves it for the sweep. Whether it was handed over."""
    try:
        _hand_over(follow_up, on_commit=True)
    except OperationalError as error:
        logger.warning(
            "Follow-up %s (%s) waits for the sweep: the broker is unreachable (%s)", follow_up.pk, follow_up.task, error
        )
        return False
    except Exception:
        # Only when tasks run in-process: the task itself failed, and its row says why.
        logger.exception("Follow-up %s (%s) failed", follow_up.pk, follow_up.task)
    return True


def sweep(*, now: datetime | None = None) -> int:
    """Hand over again the rows pending or lost; stop at the first sign the broker is still down. Return how many."""
    handed = 0
    for follow_up in FollowUp.objects.due(now)[:SWEEP_BATCH]:
        try:
            _hand_over(follow_up)
        except OperationalError as error:
            logger.warning("The broker is still unreachable (%s): the rest wait for the next sweep", error)
            break
        except Exception:  # only when tasks run in-process: the task failed, and its row says why
            logger.exception("Follow-up %s (%s) failed", follow_up.pk, follow_up.task)
        handed += 1
    return handed


def prune(*, now: datetime | None = None) -> int:
    """Delete the rows done for longer than KEEP_DONE; return how many."""
    now = now or timezone.now()
    deleted, _by_model = FollowUp.objects.filter(done_at__lt=now - KEEP_DONE).delete()
    return deleted


def follow_up_id(celery_id: str | None) -> int | None:
    """The row a Celery task id stands for, or None when the task was not sent as a follow-up."""
    if not celery_id or not celery_id.startswith(CELERY_ID_PREFIX):
        return None
    return int(celery_id.removeprefix(CELERY_ID_PREFIX))


def run(pk: int, body: Callable, *, atomic: bool):
    """Run a follow-up's task unless its row is done, then mark the row done.

    With `atomic`, the task's writes, the e-mail it sends and the mark commit together while the row is locked: a
    copy handed over meanwhile waits, then finds the row done and does nothing, so a finished task never runs again.
    Without it, the task must claim a job row of its own (balance reports, compilations); the mark comes after it.
    """
    started = FollowUp.objects.filter(pk=pk, done_at__isnull=True).update(attempts=F("attempts") + 1)
    if not started:
        return None  # done already: handed over twice, or by the sweep after a lost acknowledgement
    try:
        if not atomic:
            result = body()
            _mark_done(pk)
            return result
        with transaction.atomic():
            if FollowUp.objects.select_for_update(skip_locked=True).filter(pk=pk, done_at__isnull=True).first() is None:
                return None  # another worker runs it now, or has just finished it
            result = body()
            _mark_done(pk)
            return result
    except PermanentFailure as error:
        _record_failure(pk, str(error), final=True)
        return None  # nothing to retry: the row and the log say why
    except Exception as error:
        _record_failure(pk, f"{type(error).__name__}: {error}", final=False)
        raise


def _mark_done(pk):
    FollowUp.objects.filter(pk=pk).update(done_at=timezone.now(), last_error="")


def _record_failure(pk: int, reason: str, *, final: bool) -> None:
    """Keep the run's error on the row. When the run was its last (`final`, or out of runs), mark the row failed
    and log it as an error: operators see it in the log and in the admin, nothing is lost in silence."""
    reason = reason[:ERROR_LENGTH]
    last = FollowUp.objects.filter(pk=pk) if final else FollowUp.objects.filter(pk=pk, attempts__gte=MAX_ATTEMPTS)
    if not last.update(failed_at=timezone.now(), last_error=reason):
        FollowUp.objects.filter(pk=pk).update(last_error=reason)
        return
    follow_up = FollowUp.objects.get(pk=pk)
    logger.error(
        "Follow-up %s (%s) failed after %s and will not run again: %s",
        pk,
        follow_up.task,
        "1 run" if follow_up.attempts == 1 else f"{follow_up.attempts} runs",
        reason,
    )

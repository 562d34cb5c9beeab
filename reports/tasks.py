"""Celery tasks: thin wrappers that take ids and call a service or a job.

The services and jobs ask for these by name, through the outbox (outbox.services.enqueue): this module imports
them, never the other way round. The names (reports.tasks.<name>) are kept in the beat schedule and in outbox rows.
"""

import os

from celery import chord, shared_task
from django.db import connection

from outbox.tasks import FollowUpTask
from reports import services
from reports.compilation import jobs


@shared_task
def health_check():
    """Prove a worker runs tasks and reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"database": "ok" if one == 1 else "unexpected", "pid": os.getpid()}


@shared_task(base=FollowUpTask, atomic=False, background=True, acks_late=True)
def balance_report_run(report_id: int) -> str:
    """Compute one balance report (idempotent: a report already claimed is skipped)."""
    return services.balance_report_run(report_id)


@shared_task
def balance_reports_sweep() -> int:
    """Re-enqueue reports left queued or running by a lost worker."""
    return services.balance_reports_sweep()


@shared_task
def balance_reports_nightly() -> int:
    """Refresh every population's report once a night."""
    return services.balance_reports_nightly()


@shared_task(base=FollowUpTask, atomic=False, background=True, acks_late=True)
def compilation_start(compilation_id: int) -> str:
    """Claim a compilation and fan its parts out to the workers, then merge once they are all done."""
    batches = jobs.compilation_start(compilation_id)
    if batches is None:
        return "skipped"
    if not batches:
        return "finished at once: at most one batch of parts was missing"
    chord(compilation_part.si(compilation_id, batch) for batch in batches)(compilation_finish.si(compilation_id))
    return f"{len(batches)} batches"


@shared_task(acks_late=True)
def compilation_part(compilation_id: int, part_ids: list) -> int:
    """Render one batch of parts into the cache: seconds, far below the visibility timeout."""
    return jobs.part_render(compilation_id, part_ids)


@shared_task(acks_late=True)
def compilation_finish(compilation_id: int) -> str:
    """Merge the parts into the compilation's file."""
    return jobs.compilation_finish(compilation_id)


@shared_task
def compilations_sweep() -> int:
    """Re-enqueue compilations left queued or running by a lost worker."""
    return jobs.compilations_sweep()


@shared_task(base=FollowUpTask, atomic=False, background=True, acks_late=True)
def single_input_pdf_render(submission_id: int, edition: str, language: str) -> str:
    """Render one input's own PDF into the cache, its labels in `language` (idempotent: a cached one is kept)."""
    return jobs.single_input_render(submission_id, edition=edition, language=language)


@shared_task
def compilation_parts_prune() -> int:
    """Delete the cached parts no compilation has used for COMPILATION_PARTS_KEEP_DAYS."""
    return jobs.parts_prune()

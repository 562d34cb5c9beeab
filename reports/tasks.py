"""Celery tasks: thin wrappers that take ids and call a service."""

import os

from celery import shared_task
from django.db import connection

from reports import services


@shared_task
def health_check():
    """Prove a worker runs tasks and reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"database": "ok" if one == 1 else "unexpected", "pid": os.getpid()}


@shared_task(acks_late=True)
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

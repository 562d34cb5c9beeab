"""Celery tasks: thin wrappers that take ids and call a service."""

import os

from celery import shared_task
from django.db import connection


@shared_task
def health_check():
    """Prove a worker runs tasks and reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"database": "ok" if one == 1 else "unexpected", "pid": os.getpid()}

import os

import pytest

from reports.tasks import health_check


def test_it_runs_a_task_in_process_when_there_is_no_worker(db):
    result = health_check.delay().get(timeout=5)
    assert result == {"database": "ok", "pid": os.getpid()}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_runs_a_task_on_a_real_worker(celery_worker):
    result = health_check.delay().get(timeout=30)
    assert result["database"] == "ok"
    assert result["pid"] != os.getpid()
    assert celery_worker.poll() is None

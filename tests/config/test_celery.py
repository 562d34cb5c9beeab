"""Without a broker, tasks run in-process and nothing reaches for one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# A follow-up enqueued and run in-process, as a receipt is after an input is sent under `make run`.
FOLLOW_UP = """
import django
django.setup()
from django.core import mail
from django.db import connection, transaction
from accounts import tasks
from outbox.models import FollowUp
from outbox.services import enqueue

with connection.schema_editor() as editor:
    editor.create_model(FollowUp)
with transaction.atomic():
    enqueue(tasks.email_send, "aissatou@example.org", "Receipt", "Your input WGEC-2013-0042 was received.")
print(FollowUp.objects.get().done_at is not None, [message.to for message in mail.outbox])
"""


def without_a_broker(tmp_path):
    """The embedded set-up's environment, whatever this checkout's .env or the suite's environment say."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "CELERY_BROKER_URL": "",
        "CELERY_RESULT_BACKEND": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concord.sqlite3'}",
        "EMAIL_URL": "locmem:",
        "LOG_LEVEL": "DEBUG",
    }


def test_it_runs_a_follow_up_in_process_without_reaching_for_a_broker(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", FOLLOW_UP],
        cwd=ROOT,
        env=without_a_broker(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True [['aissatou@example.org']]"
    assert "No hostname was supplied" not in result.stderr
    assert "kombu" not in result.stderr


@pytest.mark.parametrize("program", ["worker", "beat"])
def test_it_refuses_to_start_a_worker_or_beat_without_a_broker(tmp_path, program):
    """It would wait on the in-memory transport, where nothing ever arrives."""
    command = [str(Path(sys.executable).parent / "celery"), "-A", "config", program, "--loglevel=WARNING"]
    command += ["--schedule", str(tmp_path / "beat-schedule")] if program == "beat" else ["--concurrency=1"]
    result = subprocess.run(
        command, cwd=ROOT, env=without_a_broker(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "CELERY_BROKER_URL is not set: tasks run in the process that sends them" in result.stderr

"""The Celery application: settings come from Django's, prefixed CELERY_."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("concord")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Where tasks "go" when CELERY_BROKER_URL is empty and they run in-process (CELERY_TASK_ALWAYS_EAGER).
IN_PROCESS = "memory://localhost/"


@app.on_after_configure.connect
def _in_memory_without_a_broker(sender, **kwargs):
    """Each task run in-process still takes a producer from Celery's pool: let it be kombu's in-memory transport (its
    host named, or kombu warns "No hostname was supplied"), never an AMQP connection to localhost by default."""
    if not sender.conf.broker_url:
        sender.conf["broker_url"] = IN_PROCESS


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_to_start_without_a_broker(sender, **kwargs):
    """A worker or beat without a broker would wait on the in-memory transport, where nothing ever arrives."""
    if sender.app.conf.broker_url == IN_PROCESS:
        raise SystemExit("CELERY_BROKER_URL is not set: tasks run in the process that sends them, not in a worker.")

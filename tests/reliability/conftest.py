"""A broker that is down, a private Redis that can be flushed, and workers of its own that write e-mails to files.

The machine's Redis (the one the suite's celery_worker uses) is never stopped or flushed here: "down" is a port
where nothing listens, and "flushed" is a redis-server this module starts on a free port.
"""

import email
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unreachable_broker() -> str:
    """A Redis URL where nothing listens (the port was free a moment ago)."""
    return f"redis://127.0.0.1:{free_port()}/0"


@contextmanager
def broker_at(url):
    """Send this process's tasks to the broker at `url` instead of running them in-process."""
    conf = celery_app.conf
    # Tasks are sent on the write connection; broker_url would lose to the CELERY_BROKER_URL variable.
    previous = conf.get("broker_write_url"), conf.task_always_eager

    def forget_connections():
        # What Celery itself does after a fork: the next send opens a connection to the configured broker.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    forget_connections()
    conf.broker_write_url, conf.task_always_eager = url, False
    try:
        yield
    finally:
        forget_connections()
        conf.broker_write_url, conf.task_always_eager = previous


def default_queue() -> str:
    """The queue this process sends tasks to."""
    return celery_app.amqp.router.route({}, "outbox.tasks.follow_ups_sweep")["queue"].name


def requires(*, postgresql=True, redis_server=False):
    """Skip on SQLite, as the suite's celery_worker does; fail instead when CONCORD_REQUIRE_WORKER is set."""
    missing = []
    if postgresql and connection.vendor != "postgresql":
        missing.append("a PostgreSQL DATABASE_URL")
    if redis_server and not shutil.which("redis-server"):
        missing.append("redis-server")
    if missing:
        message = f"needs {' and '.join(missing)} (bash .ci/run has both)"
        if os.environ.get("CONCORD_REQUIRE_WORKER"):
            pytest.fail(message)
        pytest.skip(message)


class PrivateRedis:
    def __init__(self, port):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.client = redis.Redis(host="127.0.0.1", port=port)

    def queued(self, queue) -> int:
        return self.client.llen(queue)

    def flush(self):
        self.client.flushall()


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own, on a free port, stopped at the end."""
    requires(postgresql=True, redis_server=True)
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen([*command, "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    instance = PrivateRedis(port)
    try:
        for _ in range(100):
            try:
                instance.client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield instance
    finally:
        instance.client.close()
        server.terminate()
        server.wait(timeout=30)


class Mailbox:
    """The e-mails a worker wrote with the file backend."""

    def __init__(self, path: Path):
        self.path = path

    def messages(self) -> list:
        found = []
        for log in sorted(self.path.glob("*.log")):
            for chunk in log.read_bytes().split(b"-" * 79):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk.strip()))
        return found

    def to(self, address) -> list[str]:
        """The subjects of the e-mails sent to `address`."""
        return [
            str(email.header.make_header(email.header.decode_header(m["Subject"])))
            for m in self.messages()
            if m["To"] == address
        ]


def worker_process(broker_url, *, concurrency=1, name="reliability", **environment):
    """A Celery worker on a broker, reading and writing the test database, in a process group of its own."""
    requires(postgresql=True, redis_server=True)
    database_url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"])
    env = {
        **os.environ,
        "DATABASE_URL": database_url.geturl(),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": default_queue(),
        **environment,
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", f"--concurrency={concurrency}"]
    command += ["--loglevel=WARNING", "--hostname", f"{name}-{uuid.uuid4().hex[:8]}@%h"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, start_new_session=True)


@pytest.fixture
def start_worker(tmp_path):
    """Start a worker (worker_process) that writes e-mails to files; stopped at the end."""
    workers = []
    mailbox = Mailbox(tmp_path / "mail")

    def start(broker_url):
        workers.append(worker_process(broker_url, EMAIL_URL=f"file:{mailbox.path}"))
        return mailbox

    yield start
    for worker in workers:
        worker.terminate()
        worker.wait(timeout=30)


def wait_until(condition, timeout=60, message="the worker did not finish in time"):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(message)
        time.sleep(0.2)

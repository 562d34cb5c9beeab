"""A visibility timeout shorter than a compilation: Redis delivers its tasks again while they run, and still no job
runs twice at once and no part is rendered twice."""

import contextlib
import threading
import time

import kombu
import pytest
from pypdf import PdfReader

from reports.compilation import files, jobs
from reports.models import Compilation
from tests.factories import InputFactory, OrganisationFactory, country
from tests.reliability.conftest import broker_at, wait_until, worker_process

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COUNTRIES = ["PER", "EGY", "EST", "VNM", "FJI", "MAR", "KEN", "NPL", "BRA", "IND", "JPN", "CAN", "SEN", "CHL"]
VISIBILITY_TIMEOUT = 1  # second
LONG = " ".join(["Enhanced cooperation on public policy issues pertaining to the Internet."] * 500)


class Inodes(threading.Thread):
    """Watches the part cache: a part rendered twice replaces its batch file, which then has a second inode."""

    def __init__(self, directory):
        super().__init__(daemon=True)
        self.directory, self.seen, self.running = directory, {}, True

    def run(self):
        while self.running:
            for path in self.directory.glob("batch-*.pdf"):
                with contextlib.suppress(FileNotFoundError):
                    self.seen.setdefault(path.name, set()).add(path.stat().st_ino)
            time.sleep(0.02)


def deliver_again(url) -> int:
    """What a worker's Redis transport does every few seconds: put back in the queue every task taken more than the
    visibility timeout ago and not yet acknowledged, whether its worker died or is still running it."""
    with kombu.Connection(url, transport_options={"visibility_timeout": VISIBILITY_TIMEOUT}) as connection:
        channel = connection.default_channel
        with channel.conn_or_acquire() as client:
            taken = client.hlen(channel.unacked_key)
        channel.qos.restore_visible(num=1000, interval=1)
        with channel.conn_or_acquire() as client:
            return taken - client.hlen(channel.unacked_key)


def test_tasks_delivered_again_while_they_run_do_nothing_twice(
    consultation, moderator, private_redis, tmp_path, settings
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    for code in COUNTRIES:
        organisation = OrganisationFactory(name=f"Network of {code}", country=country(code), status="verified")
        answers = {1: f"The view from {code}", 2: "Roles", 3: LONG}  # pages each: a render lasts past the timeout
        InputFactory(
            consultation=consultation, organisation=organisation, answers=answers, moderator=moderator, accepted=True
        )
    watcher = Inodes(files.cache_dir())
    watcher.start()
    worker = worker_process(
        private_redis.url,
        concurrency=4,  # two render, two are free to take a task delivered again: it runs beside itself
        name="visibility",
        MEDIA_ROOT=str(media),
        COMPILATION_BATCH_PARTS=str(len(COUNTRIES) // 2),  # two tasks of parts, of several seconds each
        CELERY_BROKER_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
    )
    delivered_again = 0
    try:
        with broker_at(private_redis.url):
            compilation = jobs.compilation_request(
                user=moderator, consultation=consultation, arrangement="by-respondent", edition="complete"
            )
        status = lambda: Compilation.objects.values_list("status", flat=True).get(pk=compilation.pk)  # noqa: E731
        deadline = time.monotonic() + 180
        while status() in (Compilation.Status.QUEUED, Compilation.Status.RUNNING) and time.monotonic() < deadline:
            time.sleep(0.3)
            delivered_again += deliver_again(private_redis.url)
        wait_until(lambda: status() == Compilation.Status.SUCCEEDED, timeout=30, message=f"ended {status()}")
        time.sleep(2)  # tasks delivered again after the end run too, and must change nothing
    finally:
        watcher.running = False
        worker.terminate()
        worker.wait(timeout=60)

    assert delivered_again > 0, "no task was delivered again: the test proved nothing"
    rendered = {name: len(inodes) for name, inodes in watcher.seen.items()}
    assert len(rendered) >= 2  # several tasks of parts (batches are cut by size too)
    assert len(list(files.cache_dir().glob("*.json"))) == len(COUNTRIES)  # each part in one batch only
    assert set(rendered.values()) == {1}, f"parts rendered twice: {rendered}"
    compilation.refresh_from_db()
    assert compilation.parts_done == compilation.parts_total == len(COUNTRIES)
    reader = PdfReader(media / compilation.file.name)
    assert len(reader.pages) == compilation.page_count
    text = "".join(page.extract_text() for page in reader.pages)
    for code in COUNTRIES:
        assert text.count(f"The view from {code}") == 1

"""A worker killed with SIGKILL in the middle of a compilation: once swept and restarted, the compilation completes,
correct, and no part is rendered twice."""

import os
import signal
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from reports.compilation import files, jobs
from reports.models import Compilation
from tests.factories import InputFactory, OrganisationFactory, country
from tests.reliability.conftest import broker_at, wait_until, worker_process

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NAMES = [("Andean Network", "PER"), ("Nile Forum", "EGY"), ("Baltic Hub", "EST"), ("Mekong Lab", "VNM"),
         ("Pacific Lab", "FJI"), ("Sahara Link", "MAR")]  # fmt: skip


def start_worker(broker_url, media_root):
    """A worker of one process rendering one input a batch."""
    return worker_process(broker_url, name="killed", MEDIA_ROOT=str(media_root), COMPILATION_BATCH_PARTS="1")


def test_it_completes_a_compilation_whose_worker_was_killed(consultation, moderator, private_redis, tmp_path, settings):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media  # the worker and this test read the same parts
    for name, code in NAMES:
        organisation = OrganisationFactory(name=name, country=country(code), status="verified")
        InputFactory(
            consultation=consultation,
            organisation=organisation,
            answers={1: f"The view of {name}", 2: "Roles"},
            moderator=moderator,
            accepted=True,
        )

    first = start_worker(private_redis.url, media)
    try:
        with broker_at(private_redis.url):
            compilation = jobs.compilation_request(
                user=moderator, consultation=consultation, arrangement="by-respondent", edition="complete"
            )
        done = lambda: Compilation.objects.values_list("parts_done", flat=True).get(pk=compilation.pk)  # noqa: E731
        wait_until(lambda: done() >= 2, message="no part was rendered")
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # the worker and its pool process, in the middle of the parts
        first.wait(timeout=30)
    compilation.refresh_from_db()
    assert compilation.status == Compilation.Status.RUNNING and compilation.parts_done < len(NAMES)
    rendered_before = set(files.cache_dir().glob("batch-*.pdf"))

    second = start_worker(private_redis.url, media)
    try:
        with broker_at(private_redis.url):
            # The sweep finds it stuck, queues it again; the new start renders only the parts not in the cache.
            assert jobs.compilations_sweep(now=timezone.now() + jobs.STUCK_AFTER + timedelta(1)) == 1
        wait_until(
            lambda: Compilation.objects.get(pk=compilation.pk).status == Compilation.Status.SUCCEEDED, timeout=120
        )
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=60)

    compilation.refresh_from_db()
    parts = set(files.cache_dir().glob("batch-*.pdf"))
    assert len(parts) == len(NAMES)  # one batch file a part: none rendered twice under another name
    assert rendered_before <= parts  # the parts rendered before the kill were kept and used
    reader = PdfReader(media / compilation.file.name)
    assert len(reader.pages) == compilation.page_count
    text = "".join(page.extract_text() for page in reader.pages)
    for name, _code in NAMES:
        assert text.count(f"The view of {name}") == 1
    assert len(reader.named_destinations) == len(NAMES)

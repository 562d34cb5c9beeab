"""The cast: a focal point and her colleague, an outsider, a moderator and a chair."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test.signals import setting_changed
from django.utils import translation

from accounts import roles
from accounts.models import Membership, Organisation
from accounts.signals import verification_changed
from config.celery import app as celery_app
from review import services as review_services
from review.models import Code
from review.roles import ANALYST
from tests.factories import (
    ConsultationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    category,
    country,
    give_mfa,
)
from tests.files import CODEBOOK


def pytest_configure(config):
    """`make test` runs the suite in several processes (pytest-xdist): each keeps its own files and its own Redis
    database for the cache (the tests clear it), and gives them to the Celery worker it starts. Each has its own
    test database already (pytest-django)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # "gw0", "gw1", …
    if not worker:
        return
    media = Path(settings.BASE_DIR) / "var" / f"test-media-{worker}"
    os.environ["MEDIA_ROOT"] = str(media)
    changed = {"MEDIA_ROOT": media}
    if os.environ.get("CACHE_URL"):
        # the cache's own database and the next ones, one per process: redis://…/2 becomes /3, /4, …
        url = urlsplit(os.environ["CACHE_URL"])
        database = int(url.path.strip("/") or 0) + 1 + int(worker.removeprefix("gw"))
        os.environ["CACHE_URL"] = url._replace(path=f"/{database}").geturl()
        changed["CACHES"] = {**settings.CACHES, "default": {**settings.CACHES["default"]}}
        changed["CACHES"]["default"]["LOCATION"] = os.environ["CACHE_URL"]
    for name, value in changed.items():
        setattr(settings, name, value)
        setting_changed.send(sender=None, setting=name, value=value, enter=True)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """In a parallel run, the browser tests share one process (one Chromium at a time, one copy of axe-core
    fetched), and so do the tests of the real Celery worker (one worker started)."""
    for item in items:
        for marker in ("browser", "worker"):
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.xdist_group(marker))
                break


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, request):
    """Cheap password hashing, a fresh rate-limit cache, tasks in-process unless a test wants the worker."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.JOBS_IN_THREADS = False  # long jobs run where tests wait for them (tests/reports/test_embedded_jobs.py)
    cache.clear()
    # A request activates its language for the thread, as in a server; a test starts in the default one.
    translation.activate(settings.LANGUAGE_CODE)
    eager = request.node.get_closest_marker("worker") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def verifications():
    """The organisation ids verification_changed is sent for, in order."""
    sent = []

    def record(sender, organisation_id, **kwargs):
        sent.append(organisation_id)

    verification_changed.connect(record, dispatch_uid="tests.verifications")
    yield sent
    verification_changed.disconnect(dispatch_uid="tests.verifications")


@pytest.fixture
def organisation(db):
    return OrganisationFactory(
        name="Sahel Digital Rights Network", category=category("civil-society"), country=country("SEN")
    )


@pytest.fixture
def focal_point(organisation):
    user = UserFactory(email="aissatou@example.org", full_name="Aïssatou Ba")
    MembershipFactory(user=user, organisation=organisation, role=Membership.Role.FOCAL_POINT)
    return user


@pytest.fixture
def colleague(organisation, focal_point):
    user = UserFactory(email="moussa@example.org", full_name="Moussa Sarr")
    MembershipFactory(user=user, organisation=organisation, role=Membership.Role.CONTRIBUTOR)
    return user


@pytest.fixture
def outsider(db):
    user = UserFactory(email="olga@example.org", full_name="Olga Petrova")
    other = OrganisationFactory(name="Baltic Internet Society", country=country("EST"))
    MembershipFactory(user=user, organisation=other, role=Membership.Role.FOCAL_POINT)
    return user


def _staff(email, name, role, mfa=True):
    user = UserFactory(email=email, full_name=name, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    if mfa:
        give_mfa(user)
    return user


@pytest.fixture
def moderator(db):
    return _staff("mona@example.org", "Mona Haddad", roles.MODERATOR)


@pytest.fixture
def moderator_without_mfa(db):
    return _staff("nils@example.org", "Nils Berg", roles.MODERATOR, mfa=False)


@pytest.fixture
def chair(db):
    return _staff("chen@example.org", "Chen Jing", roles.CHAIR)


@pytest.fixture
def analyst(db):
    return _staff("amal@example.org", "Amal Nasser", ANALYST)


@pytest.fixture
def codes(analyst, consultation):
    """The consultation's codebook, imported from tests.files.CODEBOOK: {name: code}."""
    review_services.codebook_import(
        user=analyst, consultation=consultation, name="codebook.csv", data=CODEBOOK.encode()
    )
    return {code.name: code for code in Code.objects.filter(consultation=consultation)}


@pytest.fixture
def pending_organisation(db):
    return OrganisationFactory(name="Andes Open Data", country=country("PER"), status=Organisation.Status.PENDING)


@pytest.fixture
def consultation(db):
    return ConsultationFactory(slug="wgec-2013", reference="WGEC-2013")


@pytest.fixture
def verified(organisation):
    organisation.status = Organisation.Status.VERIFIED
    organisation.save()
    return organisation


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real Celery worker process on Redis, reading and writing the test database.

    Tests that use it run with transaction=True so the worker sees their rows.
    Without a broker and PostgreSQL it skips, unless CONCORD_REQUIRE_WORKER is set
    (as in .ci/run), where it fails instead.
    """
    from django.db import connection

    if not settings.CELERY_BROKER_URL or connection.vendor != "postgresql":
        message = "needs CELERY_BROKER_URL and a PostgreSQL DATABASE_URL (bash .ci/run sets both)"
        if os.environ.get("CONCORD_REQUIRE_WORKER"):
            pytest.fail(message)
        pytest.skip(message)
    queue = f"concord-test-{uuid.uuid4().hex[:8]}"
    database_url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"]).geturl()
    env = {**os.environ, "DATABASE_URL": database_url, "CELERY_TASK_DEFAULT_QUEUE": queue}
    env["COMPILATION_BATCH_PARTS"] = "2"  # so that a compilation of a few inputs fans out to part tasks too
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency=1", "--loglevel=WARNING"]
    command += ["--hostname", f"{queue}@%h", "--without-gossip", "--without-mingle"]
    worker = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        from reports.tasks import health_check

        health_check.delay().get(timeout=60)  # waits until the worker is up
        yield worker
    finally:
        celery_app.conf.task_default_queue = previous
        worker.terminate()
        worker.wait(timeout=30)

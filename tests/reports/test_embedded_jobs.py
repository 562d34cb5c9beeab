"""With no broker (make run), the long jobs run in a thread of their own after the response, as a worker would.

The embedded set-up is tested as it runs: a SQLite file, no broker, the default settings, in a process of its own
(`embedded_session`, run by the test); the other tests check that nothing else changes.
"""

import json
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts import tasks as account_tasks
from consultations.models import Consultation, Question
from outbox import services as outbox
from reports import balance, tasks
from reports.compilation import documents, jobs, render
from reports.models import BalanceReport, Compilation
from tests.factories import InputFactory, OrganisationFactory, UserFactory, category, country, give_mfa

# What the embedded set-up must not inherit from the suite's environment (PostgreSQL, Redis, a bucket…).
NOT_EMBEDDED = ["DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CACHE_URL", "MEDIA_S3_BUCKET"]
HELD = 15  # seconds a job is held at most; the request must have answered long before


def embedded_session():
    """In a process of its own, on the embedded set-up: ask for jobs in the console, and print what happens.

    Jobs are held at chosen points (a render; a balance report about to store its result) while the pages read and
    write, so that what a page saw, and whether it had to wait for a job, are certain."""
    moderator, consultation = embedded_data()
    jobs_done()  # the balance reports the decisions asked for
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(moderator)
    outcome = compilation_after_the_response(client, consultation)
    outcome |= a_page_writing_while_a_job_writes(client, consultation)
    jobs_done()
    outcome |= an_inputs_pdf(consultation)
    outcome["finished"] = sorted(Compilation.objects.values_list("status", "error"))
    outcome["reports"] = sorted(set(BalanceReport.objects.values_list("status", "error")))
    print(json.dumps(outcome))


def embedded_data():
    """A moderator, and a consultation with three accepted inputs."""
    moderator = UserFactory(email="mona@example.org", full_name="Mona Haddad", is_staff=True)
    moderator.groups.add(Group.objects.get(name=roles.MODERATOR))
    give_mfa(moderator)
    now = timezone.now()
    consultation = Consultation.objects.create(
        title="Questionnaire", slug="wgec-2013", reference="WGEC-2013", opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1), status=Consultation.Status.OPEN,
    )  # fmt: skip
    for number in (1, 2):
        Question.objects.create(consultation=consultation, number=number, text=f"Question {number}?")
    for name, iso3 in [("Sahel Network", "SEN"), ("Andean Network", "PER"), ("Baltic Hub", "EST")]:
        organisation = OrganisationFactory(
            name=name, category=category("civil-society"), country=country(iso3), status="verified"
        )
        InputFactory(
            consultation=consultation,
            organisation=organisation,
            answers={1: f"The view of {name}.", 2: "Roles."},
            moderator=moderator,
            accepted=True,
        )
    return moderator, consultation


def compilation_after_the_response(client, consultation) -> dict:
    """Ask for a compilation, and for another while the first renders its parts (held there, its rows read)."""
    rendering, release = threading.Event(), threading.Event()
    render_batch = render._render_batch

    def held(*args, **kwargs):
        rendering.set()
        release.wait(HELD)
        return render_batch(*args, **kwargs)

    render._render_batch = held
    page = reverse("reports:compilations", args=[consultation.slug])
    outcome = posted(client, page, {"arrangement": "by-respondent", "edition": "complete"})
    first = Compilation.objects.get()
    listing = client.get(page).content.decode()
    outcome |= {
        "status_when_answered": first.status,
        "progress_shown": f'data-progress-url="{reverse("reports:compilation_progress", args=[first.pk])}"' in listing,
    }
    rendering.wait(HELD)
    outcome["second"] = posted(client, page, {"arrangement": "by-question", "edition": "complete"})
    release.set()
    render._render_batch = render_batch
    return outcome


def a_page_writing_while_a_job_writes(client, consultation) -> dict:
    """A page's transaction has read, and is about to write, when a balance report stores its result."""
    computed, store = threading.Event(), threading.Event()
    population_report, fingerprint = balance.population_report, documents.fingerprint

    def computing(**population):
        result = population_report(**population)
        computed.set()
        store.wait(HELD)
        return result

    def read_then_let_the_job_write(*args, **kwargs):
        mark = fingerprint(*args, **kwargs)
        store.set()
        time.sleep(0.5)  # the job's update now, while the page's transaction is open
        return mark

    balance.population_report, documents.fingerprint = computing, read_then_let_the_job_write
    client.post(reverse("reports:balance_refresh", args=["consultations", consultation.slug]))
    computed.wait(HELD)
    page = reverse("reports:compilations", args=[consultation.slug])
    return {"third": posted(client, page, {"arrangement": "by-respondent", "edition": "public"})}


def an_inputs_pdf(consultation) -> dict:
    """A reader asks for an input's PDF: the page says it is being prepared (the job held), then serves it."""
    rendering, release = threading.Event(), threading.Event()
    single_input_render = jobs.single_input_render

    def held(*args, **kwargs):
        rendering.set()
        release.wait(HELD)
        return single_input_render(*args, **kwargs)

    jobs.single_input_render = held
    reader = Client(HTTP_HOST="127.0.0.1")
    url = reverse(
        "reports:public_input_pdf", args=[consultation.slug, consultation.submissions.earliest("pk").reference]
    )
    started = time.monotonic()
    asked = reader.get(url).status_code
    outcome = {"pdf": {"status": asked, "seconds": time.monotonic() - started, "rendering": rendering.wait(HELD)}}
    release.set()
    deadline = time.monotonic() + 60
    while (served := reader.get(url).status_code) != HTTPStatus.OK and time.monotonic() < deadline:
        time.sleep(0.2)
    jobs.single_input_render = single_input_render
    return outcome | {"pdf_then": served}


def posted(client, url, data) -> dict:
    """The status of a POST (or the error it raised: a locked database), and how long it took."""
    started = time.monotonic()
    try:
        status = client.post(url, data).status_code
    except Exception as error:  # the outcome says what it was
        status = f"{type(error).__name__}: {error}"
    return {"status": status, "seconds": time.monotonic() - started}


def jobs_done(seconds=120):
    """Wait until no compilation or balance report is queued or running (at most `seconds`)."""
    running = ["queued", "running"]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (
        Compilation.objects.filter(status__in=running).exists()
        or BalanceReport.objects.filter(status__in=running).exists()
    ):
        time.sleep(0.2)


def test_it_answers_at_once_in_the_embedded_set_up_and_compiles_after_the_response(tmp_path):
    env = {name: value for name, value in os.environ.items() if name not in NOT_EMBEDDED}
    env |= {
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concord.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    run = {"env": env, "cwd": django_settings.BASE_DIR, "capture_output": True, "text": True}
    migrated = subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], timeout=300, **run)
    assert migrated.returncode == 0, migrated.stderr
    # The settings first: this module imports models.
    script = "import django; django.setup(); from tests.reports.test_embedded_jobs import embedded_session as s; s()"
    session = subprocess.run([sys.executable, "-c", script], timeout=300, **run)
    assert session.returncode == 0, session.stderr
    outcome = json.loads(session.stdout.splitlines()[-1])

    # The page answered before the render, with the job still to do, and lists it with its progress bar.
    assert outcome["status"] == HTTPStatus.FOUND and outcome["seconds"] < HELD / 3
    assert outcome["status_when_answered"] in ("queued", "running") and outcome["progress_shown"]
    # Pages wrote while jobs ran: beside a render (in a merge), and as a job stored its result. Neither had to wait.
    for other in ("second", "third"):
        assert outcome[other]["status"] == HTTPStatus.FOUND and outcome[other]["seconds"] < HELD / 3
    assert outcome["finished"] == [["succeeded", ""]] * 3
    assert outcome["reports"] == [["succeeded", ""]]
    # An input's PDF: "being prepared" at once, while its job runs; then the file.
    asked = outcome["pdf"]
    assert (asked["status"], asked["rendering"]) == (HTTPStatus.ACCEPTED, True) and asked["seconds"] < HELD / 3
    assert outcome["pdf_then"] == HTTPStatus.OK


@pytest.mark.django_db
def test_it_runs_a_job_in_the_request_when_the_tasks_run_in_process_but_threads_are_off(
    settings, consultation, moderator, django_capture_on_commit_callbacks
):
    settings.JOBS_IN_THREADS = False
    with django_capture_on_commit_callbacks(execute=True):
        compilation = jobs.compilation_request(
            user=moderator, consultation=consultation, arrangement="by-respondent", edition="complete"
        )
    compilation.refresh_from_db()
    assert compilation.status == Compilation.Status.SUCCEEDED


@pytest.mark.django_db
def test_it_runs_a_job_in_the_request_when_handed_over_inside_a_transaction(
    settings, consultation, moderator, django_capture_on_commit_callbacks
):
    """A thread sees only what has committed: inside a transaction still open (a test's), the job runs here."""
    settings.JOBS_IN_THREADS = True
    with django_capture_on_commit_callbacks(execute=True):
        compilation = jobs.compilation_request(
            user=moderator, consultation=consultation, arrangement="by-respondent", edition="complete"
        )
    compilation.refresh_from_db()
    assert compilation.status == Compilation.Status.SUCCEEDED


@pytest.mark.django_db
def test_it_hands_a_long_job_to_the_broker_when_there_is_one(settings, monkeypatch):
    settings.JOBS_IN_THREADS = True
    sent = []
    monkeypatch.setattr(
        tasks.compilation_start, "apply_async", lambda *args, **kwargs: sent.append(threading.current_thread())
    )
    follow_up = outbox.enqueue(tasks.compilation_start, 1)
    before = threading.active_count()
    conf = tasks.compilation_start.app.conf
    # A broker, as in production (set back by hand: monkeypatch would undo it after the suite's own fixture).
    eager, conf.task_always_eager = conf.task_always_eager, False
    try:
        assert outbox.dispatch(follow_up) is True
    finally:
        conf.task_always_eager = eager
    assert sent == [threading.current_thread()] and threading.active_count() == before  # no thread of its own


def test_the_long_jobs_say_so_and_the_others_do_not():
    assert {tasks.compilation_start.background, tasks.balance_report_run.background} == {True}
    assert tasks.single_input_pdf_render.background is True
    assert account_tasks.email_send.background is False  # an e-mail is sent in the request's wake, as before

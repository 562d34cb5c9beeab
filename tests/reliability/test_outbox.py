"""Follow-ups are recorded with the change that causes them: all of them or none, each run to completion once."""

import logging
import threading
import time
from datetime import timedelta
from smtplib import SMTPRecipientsRefused, SMTPServerDisconnected

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from accounts import notifications
from accounts import tasks as account_tasks
from consultations import services
from consultations.models import Decision, SubmissionState
from consultations.signals import submission_decided
from outbox import services as outbox
from outbox.models import KEEP_DONE, MAX_ATTEMPTS, PENDING_AFTER, REDISPATCH_AFTER, FollowUp
from reports.models import BalanceReport
from reports.tasks import health_check
from tests.accounts.test_journey import SIGNUP
from tests.factories import InputFactory, UserFactory, give_mfa
from tests.reliability.conftest import broker_at, requires, unreachable_broker

pytestmark = pytest.mark.django_db

EMAIL = "accounts.tasks.email_send"
ANSWERS = {1: "Enhanced cooperation needs every government.", 2: "Each stakeholder in its role."}


def smtp_down(*args, **kwargs):
    """The mail server, hanging up."""
    raise SMTPServerDisconnected("Connection unexpectedly closed")


def test_it_leaves_no_input_and_no_follow_up_when_sending_fails(
    consultation, verified, focal_point, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    draft = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS, draft=True)
    check_campaign = services._check_campaign

    def fails_at_the_last_step(submission):
        check_campaign(submission)  # the receipt and the campaign check are recorded by now
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_check_campaign", fails_at_the_last_step)
    with django_capture_on_commit_callbacks(execute=True) as handed_to_celery, pytest.raises(RuntimeError):
        services.submission_submit(user=focal_point, submission=draft, declaration=True)
    draft.refresh_from_db()
    assert (draft.state, draft.reference, draft.versions.count()) == (SubmissionState.DRAFT, None, 0)
    assert not Decision.objects.filter(submission=draft).exists()
    assert not FollowUp.objects.exists()
    assert handed_to_celery == [] and mailoutbox == []


def test_it_keeps_neither_the_new_text_nor_a_version_when_saving_and_sending_fails(
    client, consultation, verified, focal_point, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    """ "Submit" saves the text and sends it in one transaction: a failure while sending undoes the save too."""
    draft = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS, draft=True)
    monkeypatch.setattr(services, "_check_campaign", lambda submission: 1 / 0)
    questions = {q.number: q.pk for q in consultation.questions.all()}
    post = {f"answer_{questions[1]}": "A new first answer.", f"answer_{questions[2]}": ANSWERS[2]}
    post |= {"language": "en", "consent": "public", "revision": draft.revision, "declaration": "on", "submit": "1"}
    url = reverse("consultations:submission_edit", args=[consultation.slug, verified.pk])
    client.force_login(focal_point)
    with django_capture_on_commit_callbacks(execute=True) as handed_to_celery, pytest.raises(ZeroDivisionError):
        client.post(url, post)
    revision = draft.revision
    draft.refresh_from_db()
    assert (draft.state, draft.revision, draft.versions.count()) == (SubmissionState.DRAFT, revision, 0)
    assert draft.answers.get(question__number=1).text == ANSWERS[1]
    assert not FollowUp.objects.exists() and handed_to_celery == [] and mailoutbox == []


def test_it_leaves_no_decision_and_no_follow_up_when_deciding_fails(
    consultation, verified, focal_point, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    sent = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS)
    before = FollowUp.objects.count()

    def fails_after_the_balance_refresh(sender, submission_id, **kwargs):
        raise RuntimeError("the database went away")

    submission_decided.connect(fails_after_the_balance_refresh, dispatch_uid="test.fails")
    try:
        with django_capture_on_commit_callbacks(execute=True) as handed_to_celery, pytest.raises(RuntimeError):
            services.submission_decide(moderator=moderator, submission=sent, to_state="accepted")
    finally:
        submission_decided.disconnect(dispatch_uid="test.fails")
    sent.refresh_from_db()
    assert sent.state == SubmissionState.SUBMITTED
    assert not sent.decisions.filter(to_state=SubmissionState.ACCEPTED).exists()
    assert not BalanceReport.objects.exists()
    assert FollowUp.objects.count() == before  # the receipt and campaign check of sending, nothing more
    assert handed_to_celery == [] and mailoutbox == []


def test_it_sends_an_email_once_however_often_its_row_is_handed_over(
    focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.membership_decided(focal_point.memberships.get())
    assert len(mailoutbox) == 1
    follow_up = FollowUp.objects.get()
    assert follow_up.done_at is not None and follow_up.attempts == 1
    outbox.dispatch(follow_up)  # the sweep after a lost acknowledgement, say
    account_tasks.email_send.apply(follow_up.args, task_id=follow_up.celery_id)  # or a copy Redis kept
    assert len(mailoutbox) == 1
    assert FollowUp.objects.get().attempts == 1


def test_it_keeps_a_failed_email_for_the_sweep_until_it_gives_up(
    focal_point, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(account_tasks, "send_mail", smtp_down)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.membership_decided(focal_point.memberships.get())
    follow_up = FollowUp.objects.get()
    assert follow_up.done_at is None and follow_up.attempts == 1
    assert follow_up.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    now = timezone.now()
    assert outbox.sweep(now=now) == 0  # handed over a moment ago: perhaps still queued
    for attempt in range(2, MAX_ATTEMPTS + 1):
        now += REDISPATCH_AFTER
        assert outbox.sweep(now=now) == 1
        assert FollowUp.objects.get().attempts == attempt
    assert outbox.sweep(now=now + REDISPATCH_AFTER) == 0  # given up: the row stays, with its error, for operators
    assert list(FollowUp.objects.failed()) == [follow_up]
    assert mailoutbox == []


def test_it_hands_over_what_waits_and_what_was_lost_but_not_what_is_on_its_way():
    now = timezone.now()
    waiting = FollowUp.objects.create(task=EMAIL, created_at=now - PENDING_AFTER)
    fresh = FollowUp.objects.create(task=EMAIL, created_at=now)
    lost = FollowUp.objects.create(task=EMAIL, dispatched_at=now - REDISPATCH_AFTER)
    on_its_way = FollowUp.objects.create(task=EMAIL, dispatched_at=now - REDISPATCH_AFTER / 2)
    done = FollowUp.objects.create(task=EMAIL, dispatched_at=now - timedelta(days=1), done_at=now)
    assert list(FollowUp.objects.due(now)) == [waiting, lost]
    assert {fresh, on_its_way, done}.isdisjoint(FollowUp.objects.due(now))


def test_it_forgets_done_rows_after_two_weeks():
    now = timezone.now()
    old = FollowUp.objects.create(task=EMAIL, done_at=now - KEEP_DONE - timedelta(minutes=1))
    recent = FollowUp.objects.create(task=EMAIL, done_at=now - KEEP_DONE + timedelta(minutes=1))
    never_done = FollowUp.objects.create(task=EMAIL, created_at=now - KEEP_DONE * 2)
    assert outbox.prune(now=now) == 1
    assert set(FollowUp.objects.all()) == {recent, never_done}
    assert not FollowUp.objects.filter(pk=old.pk).exists()


def test_it_refuses_a_task_that_cannot_mark_its_row_done():
    with pytest.raises(TypeError, match="base=FollowUpTask"):
        outbox.enqueue(health_check)


def test_it_takes_a_task_by_the_name_its_row_keeps():
    """The modules a tasks module imports (reports.services, reports.compilation.jobs) ask for its tasks by name."""
    follow_up = outbox.enqueue("reports.tasks.balance_report_run", 1)
    assert (follow_up.task, follow_up.args) == ("reports.tasks.balance_report_run", [1])
    with pytest.raises(TypeError, match="base=FollowUpTask"):
        outbox.enqueue("reports.tasks.health_check")
    with pytest.raises(ImportError):
        outbox.enqueue("reports.tasks.no_such_task")


def test_it_keeps_the_row_pending_when_the_broker_is_down_at_the_commit(focal_point, caplog):
    with broker_at(unreachable_broker()), caplog.at_level("WARNING", logger="outbox.services"):
        follow_up = outbox.enqueue(account_tasks.email_send, focal_point.email, "Subject", "Body")
        outbox.dispatch(follow_up)
    follow_up.refresh_from_db()
    assert follow_up.dispatched_at is None and follow_up.done_at is None
    assert follow_up.last_error.startswith("Broker unreachable")
    assert "waits for the sweep: the broker is unreachable" in caplog.text


# PostgreSQL: two copies of one e-mail run at once ------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_sends_an_email_once_when_a_second_copy_runs_while_the_first_is_sending(
    focal_point, mailoutbox, monkeypatch
):
    requires(postgresql=True)  # SQLite has no row locks: one process runs tasks there, one at a time
    follow_up = FollowUp.objects.create(
        task=account_tasks.email_send.name, args=[focal_point.email, "Receipt", "Your input was received."]
    )
    sending, release = threading.Event(), threading.Event()
    send_mail = account_tasks.send_mail

    def slow_send_mail(*args, **kwargs):
        sending.set()
        release.wait(timeout=10)
        return send_mail(*args, **kwargs)

    monkeypatch.setattr(account_tasks, "send_mail", slow_send_mail)

    def run_copy():
        try:
            account_tasks.email_send.apply(follow_up.args, task_id=follow_up.celery_id)
        finally:
            connections.close_all()

    first = threading.Thread(target=run_copy)
    first.start()
    assert sending.wait(timeout=10)
    second = threading.Thread(target=run_copy)  # handed over again by the sweep while the first sends
    second.start()
    time.sleep(0.5)
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert [m.to for m in mailoutbox] == [[focal_point.email]]
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


def test_it_shows_operators_what_waits_for_the_broker_and_why(client, focal_point):
    operator = UserFactory(email="ops@example.org", is_staff=True, is_superuser=True)
    give_mfa(operator)
    FollowUp.objects.create(task=EMAIL, args=[focal_point.email, "Receipt", "Body"], last_error="Broker unreachable")
    FollowUp.objects.create(task=EMAIL, args=["done@example.org", "Receipt", "Body"], done_at=timezone.now())
    client.force_login(operator)
    page = client.get(reverse("admin:outbox_followup_changelist"), {"status": "pending"}).content.decode()
    assert focal_point.email in page and "done@example.org" not in page
    follow_up = FollowUp.objects.get(done_at__isnull=True)
    page = client.get(reverse("admin:outbox_followup_change", args=[follow_up.pk])).content.decode()
    assert "Broker unreachable" in page


def test_a_mail_server_down_delays_the_sign_up_confirmation_not_the_sign_up(
    client, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(account_tasks, "send_mail", smtp_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302  # the account exists; the e-mail waits
    follow_up = FollowUp.objects.get(task=EMAIL)
    assert follow_up.done_at is None and follow_up.args[0] == SIGNUP["email"]
    assert mailoutbox == []

    monkeypatch.undo()  # the mail server answers again
    assert outbox.sweep(now=timezone.now() + REDISPATCH_AFTER) == 1
    assert [message.to for message in mailoutbox] == [[SIGNUP["email"]]]
    assert "/accounts/confirm-email/" in mailoutbox[0].body


# A follow-up that cannot be done is shown to operators, never lost in silence ---------------------------------


def refused_by_the_server(code):
    def refuse(subject, body, sender, recipients):
        raise SMTPRecipientsRefused(dict.fromkeys(recipients, (code, b"5.1.1 No such mailbox here")))

    return refuse


def failures_logged(caplog):
    """The errors logged about follow-ups that will not run again (in-process runs also log each failed run)."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno == logging.ERROR and "will not run again" in record.getMessage()
    ]


def test_it_marks_an_email_the_server_refuses_for_good_as_failed_and_says_so(
    focal_point, mailoutbox, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(account_tasks, "send_mail", refused_by_the_server(550))
    with caplog.at_level("ERROR", logger="outbox.services"), django_capture_on_commit_callbacks(execute=True):
        notifications.membership_decided(focal_point.memberships.get())
    follow_up = FollowUp.objects.get()
    assert follow_up.failed_at is not None and follow_up.done_at is None and follow_up.attempts == 1
    assert follow_up.status == "failed"
    assert focal_point.email in follow_up.last_error and "550" in follow_up.last_error
    [logged] = failures_logged(caplog)
    assert f"Follow-up {follow_up.pk}" in logged and focal_point.email in logged and "No such mailbox" in logged
    assert outbox.sweep(now=timezone.now() + REDISPATCH_AFTER) == 0  # no run can mend it: not handed over again
    assert FollowUp.objects.get().attempts == 1
    assert list(FollowUp.objects.failed()) == [follow_up] and mailoutbox == []


def test_it_tries_again_when_the_server_refuses_for_now(
    focal_point, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(account_tasks, "send_mail", refused_by_the_server(450))  # greylisting, a full mailbox
    with django_capture_on_commit_callbacks(execute=True):
        notifications.membership_decided(focal_point.memberships.get())
    assert FollowUp.objects.get().failed_at is None
    monkeypatch.undo()
    assert outbox.sweep(now=timezone.now() + REDISPATCH_AFTER) == 1
    assert [message.to for message in mailoutbox] == [[focal_point.email]]


def test_it_marks_an_email_with_a_header_no_server_takes_as_failed(focal_point, mailoutbox, caplog):
    # Written before subjects were kept on one line (accounts/notifications.py), with a name from before.
    follow_up = FollowUp.objects.create(
        task=EMAIL,
        args=[focal_point.email, "[Concord] Eve\r\nBcc: everyone@example.org asks to join", "Body"],
        created_at=timezone.now() - PENDING_AFTER,
    )
    with caplog.at_level("ERROR", logger="outbox.services"):
        assert outbox.sweep() == 1
    follow_up.refresh_from_db()
    assert follow_up.failed_at is not None and "BadHeaderError" in follow_up.last_error
    [logged] = failures_logged(caplog)
    assert f"Follow-up {follow_up.pk}" in logged and focal_point.email in logged
    assert mailoutbox == []


def test_it_says_so_when_it_gives_up(focal_point, mailoutbox, monkeypatch, caplog):
    monkeypatch.setattr(account_tasks, "send_mail", smtp_down)
    follow_up = FollowUp.objects.create(
        task=EMAIL,
        args=[focal_point.email, "Receipt", "Body"],
        dispatched_at=timezone.now() - REDISPATCH_AFTER,
        attempts=MAX_ATTEMPTS - 1,
    )
    with caplog.at_level("ERROR", logger="outbox.services"):
        assert outbox.sweep() == 1
    follow_up.refresh_from_db()
    assert follow_up.failed_at is not None and follow_up.attempts == MAX_ATTEMPTS
    [logged] = failures_logged(caplog)
    assert f"Follow-up {follow_up.pk}" in logged and "SMTPServerDisconnected" in logged and "10 runs" in logged


def test_it_lists_what_failed_for_operators_with_the_reason(client, focal_point):
    operator = UserFactory(email="ops@example.org", is_staff=True, is_superuser=True)
    give_mfa(operator)
    now = timezone.now()
    FollowUp.objects.create(
        task=EMAIL,
        args=["gone@example.org", "Receipt", "Body"],
        failed_at=now,
        attempts=1,
        last_error="E-mail to gone@example.org refused by the server: 550 No such mailbox here",
    )
    FollowUp.objects.create(
        task=EMAIL, args=["waiting@example.org", "Receipt", "Body"], last_error="Broker unreachable"
    )
    FollowUp.objects.create(task=EMAIL, args=["done@example.org", "Receipt", "Body"], done_at=now)
    client.force_login(operator)
    page = client.get(reverse("admin:outbox_followup_changelist"), {"status": "failed"}).content.decode()
    assert "gone@example.org" in page and "550 No such mailbox here" in page
    assert "waiting@example.org" not in page and "done@example.org" not in page
    page = client.get(reverse("admin:outbox_followup_changelist"), {"status": "pending"}).content.decode()
    assert "waiting@example.org" in page and "gone@example.org" not in page

"""Fifty organisations send at once, and moderators decide at once, each on a database connection of its own.

Redis is down meanwhile (nothing listens where the tasks are sent): what each change sets off is recorded with it,
once, and the sweep runs it afterwards.
"""

import fcntl
import tempfile
import threading
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from accounts import roles
from accounts.models import Membership, Organisation
from consultations import services
from consultations.models import Decision, Submission, SubmissionState, SubmissionVersion
from outbox import services as outbox
from outbox.models import PENDING_AFTER, FollowUp
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.reliability.conftest import broker_at, requires, unreachable_broker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 50


@contextmanager
def one_burst_at_a_time():
    """Held while a burst of connections is open: the suite's parallel workers take turns, as two bursts of fifty at
    once, beside the other workers' connections, would pass PostgreSQL's max_connections (100)."""
    with open(Path(tempfile.gettempdir()) / "concord-connection-burst.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def at_once(work, items):
    """Run work(item) for every item, each in a thread with its own connection, all released together."""
    with one_burst_at_a_time():
        return _at_once(work, items)


def _at_once(work, items):
    barrier = threading.Barrier(len(items))
    outcomes = {}

    def run(key, item):
        try:
            barrier.wait(timeout=30)
            outcomes[key] = ("ok", work(item))
        except Exception as error:  # what the person would see
            outcomes[key] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(key, item)) for key, item in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == len(items), "a thread did not finish"
    return [outcomes[key] for key in range(len(items))]


def organisations_with_drafts(consultation, count):
    """`count` verified organisations, each with a focal point and a complete draft."""
    drafts = []
    questions = {q.number: q.pk for q in consultation.questions.all()}
    for i in range(count):
        organisation = OrganisationFactory(name=f"Respondent {i:02d}", status=Organisation.Status.VERIFIED)
        user = UserFactory(email=f"focal{i:02d}@example.org")
        MembershipFactory(user=user, organisation=organisation, role=Membership.Role.FOCAL_POINT)
        draft = services.submission_for(user=user, consultation=consultation, organisation=organisation)
        changes = services.DraftChanges(
            answers={questions[1]: f"View number {i} on enhanced cooperation.", questions[2]: f"Roles, take {i}."},
            language="en",
            consent="public",
            revision=0,
        )
        drafts.append((user, services.submission_save_draft(user=user, submission=draft, changes=changes)))
    return drafts


def test_it_keeps_each_of_fifty_simultaneous_inputs_once(consultation, mailoutbox):
    requires(postgresql=True)
    drafts = organisations_with_drafts(consultation, THREADS)

    def send(draft):
        user, submission = draft
        return services.submission_submit(user=user, submission=submission, declaration=True)

    with broker_at(unreachable_broker()):
        outcomes = at_once(send, drafts)
    errors = [result for status, result in outcomes if status == "error"]
    assert errors == []
    acknowledged = [version for _status, version in outcomes]
    references = [version.submission.reference for version in acknowledged]
    assert len(set(references)) == THREADS
    assert sorted(references) == [f"WGEC-2013-{n:04d}" for n in range(1, THREADS + 1)]
    for version in acknowledged:
        stored = Submission.objects.get(reference=version.submission.reference)
        assert stored.state == SubmissionState.SUBMITTED and stored.current_version_id == version.pk
    assert SubmissionVersion.objects.count() == THREADS
    assert Decision.objects.filter(to_state=SubmissionState.SUBMITTED).count() == THREADS
    # One receipt and one campaign check recorded per input; the sweep runs each once (in-process here).
    assert Counter(FollowUp.objects.values_list("task", flat=True)) == {
        "accounts.tasks.email_send": THREADS,
        "consultations.tasks.campaign_check": THREADS,
    }
    assert mailoutbox == []
    assert outbox.sweep(now=timezone.now() + PENDING_AFTER) == 2 * THREADS
    assert not FollowUp.objects.filter(done_at__isnull=True).exists()
    assert Counter(m.to[0] for m in mailoutbox) == {f"focal{n:02d}@example.org": 1 for n in range(THREADS)}


def test_it_records_one_decision_per_input_when_moderators_race(consultation):
    requires(postgresql=True)
    inputs = []
    for user, draft in organisations_with_drafts(consultation, THREADS // 2):
        services.submission_submit(user=user, submission=draft, declaration=True)
        inputs.append(draft)
    moderators = []
    for name in ("Ana", "Bo"):
        moderator = UserFactory(full_name=name, is_staff=True)
        moderator.groups.add(Group.objects.get(name=roles.MODERATOR))
        moderators.append(moderator)
    before = Counter(FollowUp.objects.values_list("task", flat=True))

    def decide(pair):
        (moderator, to_state), submission = pair
        return services.submission_decide(moderator=moderator, submission=submission, to_state=to_state, reason="Seen.")

    choices = list(zip(moderators, ("accepted", "rejected"), strict=True))
    with broker_at(unreachable_broker()):
        outcomes = at_once(decide, [(choice, submission) for submission in inputs for choice in choices])
    won = [result for status, result in outcomes if status == "ok"]
    told = [result for status, result in outcomes if status == "error"]
    assert len(won) == len(told) == len(inputs)
    assert all(isinstance(error, ValidationError) and "already" in error.messages[0] for error in told)
    decided = Decision.objects.exclude(to_state=SubmissionState.SUBMITTED)
    assert Counter(decided.values_list("submission_id", flat=True)) == {s.pk: 1 for s in inputs}
    for decision in won:
        assert Submission.objects.get(pk=decision.submission_id).state == decision.to_state
    # One e-mail per decision; balance refreshes are coalesced, and at least one waits for the broker.
    after = Counter(FollowUp.objects.values_list("task", flat=True)) - before
    assert after["accounts.tasks.email_send"] == len(inputs)
    assert 1 <= after["reports.tasks.balance_report_run"] <= len(inputs)


def test_it_lets_two_organisations_save_to_one_consultation_at_the_same_time(consultation):
    """Saving a draft locks that input, not the consultation: another organisation's save does not wait for it."""
    requires(postgresql=True)
    (first_user, first), (second_user, second) = organisations_with_drafts(consultation, 2)
    holding, release = threading.Event(), threading.Event()

    def hold_first_input():
        try:
            with transaction.atomic():
                services._locked(first)
                holding.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_first_input)
    holder.start()
    try:
        assert holding.wait(timeout=30)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")  # a lock left waiting fails here instead
            questions = {q.number: q.pk for q in consultation.questions.all()}
            changes = services.DraftChanges(
                answers={questions[1]: "Saved while the other organisation saves."},
                language="en",
                consent="public",
                revision=second.revision,
            )
            saved = services.submission_save_draft(user=second_user, submission=second, changes=changes)
        assert saved.answers.get(question__number=1).text == "Saved while the other organisation saves."
    finally:
        release.set()
        holder.join(timeout=30)

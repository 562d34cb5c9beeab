"""Redis stopped or flushed while inputs are submitted and decided: every follow-up still happens, once."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organisation
from consultations import tasks
from consultations.models import Submission
from outbox import services as outbox
from outbox.models import PENDING_AFTER, REDISPATCH_AFTER, FollowUp
from reports.models import BalanceReport
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.reliability.conftest import broker_at, default_queue, unreachable_broker, wait_until

# One form letter sent by two organisations: the campaign check groups them.
LETTER = {
    1: "Enhanced cooperation should let every government take part on an equal footing in public policy "
    "for the Internet, with the other stakeholders in their respective roles.",
    2: "We ask the working group to hear civil society and the technical community before it reports.",
}
FOLLOW_UPS = sorted(
    [
        "accounts.tasks.email_send",  # Aïssatou's receipt
        "accounts.tasks.email_send",  # the Andes network's receipt
        "consultations.tasks.campaign_check",
        "consultations.tasks.campaign_check",
        "accounts.tasks.email_send",  # Aïssatou is told of the decision
        "reports.tasks.balance_report_run",
    ]
)


@pytest.fixture
def second_organisation(consultation):
    organisation = OrganisationFactory(name="Andes Civic Network", status=Organisation.Status.VERIFIED)
    user = UserFactory(email="rosa@example.org", full_name="Rosa Quispe")
    MembershipFactory(user=user, organisation=organisation, role=Membership.Role.FOCAL_POINT)
    return organisation, user


def send_letter(client, user, consultation, organisation):
    client.force_login(user)
    questions = {q.number: q.pk for q in consultation.questions.all()}
    data = {f"answer_{questions[n]}": text for n, text in LETTER.items()}
    data.update(language="en", consent="public", revision=0, submit="1", declaration="on")
    response = client.post(reverse("consultations:submission_edit", args=[consultation.slug, organisation.pk]), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:500]
    return Submission.objects.get(consultation=consultation, organisation=organisation)


def send_and_decide(client, consultation, verified, focal_point, second_organisation, moderator):
    """Two organisations send the same letter; the moderator accepts the first. Every page answers as usual."""
    first = send_letter(client, focal_point, consultation, verified)
    send_letter(client, second_organisation[1], consultation, second_organisation[0])
    client.force_login(moderator)
    response = client.post(
        reverse("consultations:moderation_review", args=[first.pk]), {"decision": "accepted", "reason": ""}
    )
    assert response.status_code == HTTPStatus.FOUND
    first.refresh_from_db()
    assert first.state == "accepted"
    return first


def assert_everything_followed(consultation, first, subjects_to):
    report = BalanceReport.objects.get(consultation=consultation, reason="decision")
    assert report.status == BalanceReport.Status.SUCCEEDED, report.error
    assert report.result["total"] == 1
    first.refresh_from_db()
    assert first.campaign is not None and first.campaign.submissions.count() == 2
    assert sorted(subjects_to("aissatou@example.org")) == [
        "[Concord] Input WGEC-2013-0001: Accepted",
        "[Concord] Receipt for input WGEC-2013-0001",
    ]
    assert subjects_to("rosa@example.org") == ["[Concord] Receipt for input WGEC-2013-0002"]


# In-process (the embedded set-up): the sweep runs what the broker could not take -------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_every_follow_up_while_the_broker_is_down_and_runs_them_from_the_sweep(
    client, consultation, verified, focal_point, second_organisation, moderator, mailoutbox, caplog
):
    with broker_at(unreachable_broker()), caplog.at_level("WARNING"):
        first = send_and_decide(client, consultation, verified, focal_point, second_organisation, moderator)
    assert sorted(FollowUp.objects.values_list("task", flat=True)) == FOLLOW_UPS
    assert not FollowUp.objects.filter(dispatched_at__isnull=False).exists()
    assert "the broker is unreachable" in caplog.text
    assert mailoutbox == []

    assert outbox.sweep(now=timezone.now() + PENDING_AFTER) == len(FOLLOW_UPS)  # tasks run in-process here
    assert not FollowUp.objects.filter(done_at__isnull=True).exists()

    def subjects_to(address):
        return [m.subject for m in mailoutbox if m.to == [address]]

    assert_everything_followed(consultation, first, subjects_to)
    assert outbox.sweep(now=timezone.now() + 2 * REDISPATCH_AFTER) == 0
    assert len(mailoutbox) == 3


# On a real worker and a Redis of the test's own -----------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_sends_every_follow_up_once_redis_is_back(
    client, consultation, verified, focal_point, second_organisation, moderator, private_redis, start_worker
):
    with broker_at(unreachable_broker()):
        first = send_and_decide(client, consultation, verified, focal_point, second_organisation, moderator)
    assert sorted(FollowUp.objects.values_list("task", flat=True)) == FOLLOW_UPS
    assert not FollowUp.objects.filter(dispatched_at__isnull=False).exists()

    mailbox = start_worker(private_redis.url)
    with broker_at(private_redis.url):
        assert outbox.sweep(now=timezone.now() + PENDING_AFTER) == len(FOLLOW_UPS)
    wait_until(lambda: not FollowUp.objects.filter(done_at__isnull=True).exists())
    assert_everything_followed(consultation, first, mailbox.to)

    # Handed over again after it was done (a lost acknowledgement, say): nothing is sent twice.
    receipt = FollowUp.objects.filter(task="accounts.tasks.email_send").order_by("pk").first()
    with broker_at(private_redis.url):
        outbox.dispatch(receipt)
        marker = outbox.enqueue(tasks.campaign_check, first.pk)
    wait_until(lambda: FollowUp.objects.get(pk=marker.pk).done_at is not None)  # the queue is worked in order
    assert len(mailbox.messages()) == 3
    assert FollowUp.objects.get(pk=receipt.pk).attempts == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_sends_again_what_a_flushed_redis_lost(
    client, consultation, verified, focal_point, second_organisation, moderator, private_redis, start_worker
):
    with broker_at(private_redis.url):
        first = send_and_decide(client, consultation, verified, focal_point, second_organisation, moderator)
    assert FollowUp.objects.filter(dispatched_at__isnull=False).count() == len(FOLLOW_UPS)
    assert private_redis.queued(default_queue()) == len(FOLLOW_UPS)  # no worker yet: all of them wait in Redis
    private_redis.flush()
    assert private_redis.queued(default_queue()) == 0

    mailbox = start_worker(private_redis.url)
    with broker_at(private_redis.url):
        assert outbox.sweep(now=timezone.now()) == 0  # handed over a moment ago: they may be on their way
        assert outbox.sweep(now=timezone.now() + REDISPATCH_AFTER) == len(FOLLOW_UPS)
    wait_until(lambda: not FollowUp.objects.filter(done_at__isnull=True).exists())
    assert_everything_followed(consultation, first, mailbox.to)
    assert len(mailbox.messages()) == 3

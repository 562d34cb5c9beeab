"""Every deadline at its exact edge: one microsecond before it still counts, the instant itself does not."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations import services
from consultations.models import Consultation, SubmissionState
from tests.factories import InputFactory

pytestmark = pytest.mark.django_db

ANSWERS = {1: "Cooperation on an equal footing.", 2: "Each in its role."}
TICK = timedelta(microseconds=1)


@pytest.fixture
def window(consultation):
    """The consultation's opening and deadline, as stored."""
    consultation.refresh_from_db()
    return consultation.opens_at, consultation.closes_at


def test_it_opens_at_its_opening_and_closes_at_its_deadline(consultation, window):
    opens, closes = window
    assert not consultation.accepts_inputs(opens - TICK)
    assert consultation.accepts_inputs(opens)
    assert consultation.accepts_inputs(closes - TICK)
    assert not consultation.accepts_inputs(closes)


def test_it_sends_an_input_one_microsecond_before_the_deadline_and_not_at_it(consultation, verified, focal_point):
    closes = Consultation.objects.get(pk=consultation.pk).closes_at
    draft = InputFactory(
        consultation=consultation, organisation=verified, answers=ANSWERS, user=focal_point, draft=True
    )

    with pytest.raises(ValidationError, match="The deadline passed"):
        services.submission_submit(user=focal_point, submission=draft, declaration=True, now=closes)
    version = services.submission_submit(user=focal_point, submission=draft, declaration=True, now=closes - TICK)

    assert version.submitted_at == closes - TICK


def test_it_honours_a_late_submission_until_its_own_edge(consultation, verified, focal_point, window):
    _opens, closes = window
    draft = InputFactory(
        consultation=consultation, organisation=verified, answers=ANSWERS, user=focal_point, draft=True
    )
    until = closes + timedelta(days=2)
    draft.late_until = until
    assert draft.deadline() == until
    assert draft.may_be_sent(until - TICK)
    assert not draft.may_be_sent(until)


def test_it_lets_a_submitted_input_be_withdrawn_until_the_deadline_and_a_draft_at_any_time(
    consultation, verified, focal_point, window
):
    _opens, closes = window
    sent = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS, user=focal_point)
    assert sent.may_withdraw(closes - TICK)
    assert not sent.may_withdraw(closes)
    with pytest.raises(ValidationError, match="The deadline has passed"):
        services.submission_withdraw(user=focal_point, submission=sent, now=closes)
    services.submission_withdraw(user=focal_point, submission=sent, now=closes - TICK)
    sent.refresh_from_db()
    assert sent.state == SubmissionState.WITHDRAWN

    sent.state = SubmissionState.DRAFT
    assert sent.may_withdraw(closes + timedelta(days=30))


def test_it_offers_to_start_a_withdrawn_input_again_only_before_the_deadline(
    client, consultation, verified, focal_point, window
):
    _opens, closes = window
    sent = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS, user=focal_point)
    services.submission_withdraw(user=focal_point, submission=sent)
    sent.refresh_from_db()
    assert sent.may_reopen(closes - TICK) and not sent.may_reopen(closes)
    client.force_login(focal_point)
    page = reverse("consultations:submission_edit", args=[consultation.slug, verified.pk])
    assert "Start it again as a draft" in client.get(page).content.decode()

    Consultation.objects.filter(pk=consultation.pk).update(closes_at=closes - timedelta(days=20))
    after = client.get(page).content.decode()

    assert "This input is withdrawn." in after and "Start it again as a draft" not in after

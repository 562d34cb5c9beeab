"""The suite's factories say what they build: an input "accepted" is on the public record, one "anonymous" is there
without its name, one "secretariat only" is not there at all; each was sent and decided through the services, so the
receipt, the versions and the audit trail are the site's own."""

import pytest
from django.urls import reverse

from consultations.models import Consent, Consultation, Decision, SubmissionState
from tests.factories import ConsultationFactory, DecisionFactory, InputFactory, VersionFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def test_an_input_is_sent_and_awaits_a_decision_unless_a_trait_says_otherwise():
    sent = InputFactory()
    assert sent.state == SubmissionState.SUBMITTED
    assert sent.reference.startswith(sent.consultation.reference)
    assert sent.current_version.number == 1
    assert {a.question.number for a in sent.current_version.answers.all()} == {1, 2}  # the required questions
    assert InputFactory(draft=True).current_version is None
    assert InputFactory(rejected=True).state == SubmissionState.REJECTED
    assert InputFactory(changes_requested=True).state == SubmissionState.CHANGES_REQUESTED


def test_publication_traits_decide_what_the_public_record_shows(client):
    consultation = ConsultationFactory()
    named = InputFactory(consultation=consultation, accepted=True, organisation__name="Pacific Islands Forum")
    InputFactory(consultation=consultation, accepted=True, anonymous=True, organisation__name="Andes Open Data")
    InputFactory(consultation=consultation, accepted=True, secretariat_only=True, organisation__name="Alpine Lab")
    page = client.get(reverse("consultations:public_inputs", args=[consultation.slug])).content.decode()
    assert "Pacific Islands Forum" in page
    assert "Anonymous respondent" in page and "Andes Open Data" not in page
    assert "Alpine Lab" not in page
    assert named.consent == Consent.PUBLIC


def test_a_decision_is_in_the_audit_trail_with_its_moderator():
    accepted = InputFactory(accepted=True)
    decision = Decision.objects.get(submission=accepted, to_state=SubmissionState.ACCEPTED)
    assert decision.actor.is_staff and decision.actor.has_perm("consultations.moderate_consultation")
    assert decision.reason == "Decided in a test."
    later = DecisionFactory(submission=InputFactory(), to_state=SubmissionState.REJECTED, reason="Off topic.")
    assert later.reason == "Off topic." and later.submission.state == SubmissionState.REJECTED


def test_a_new_version_keeps_what_it_does_not_change():
    submission = InputFactory(answers={1: "First view.", 2: "Roles."})
    second = VersionFactory(submission=submission, answers={1: "Second view.", 2: "Roles."})
    third = VersionFactory(submission=submission, consent=Consent.ANONYMOUS)
    assert (second.number, third.number) == (2, 3)
    assert [a.text for a in third.answers.all()] == ["Second view.", "Roles."]
    assert third.consent == Consent.ANONYMOUS and second.consent == Consent.PUBLIC


def test_consultations_and_working_groups_come_as_the_domain_has_them():
    assert ConsultationFactory(closed=True).status == Consultation.Status.CLOSED
    assert not ConsultationFactory(questions=False).questions.exists()
    group = WorkingGroupFactory()
    assert group.policy.document["government"]["ex_officio"] == ["CHE", "TUN"]

"""The secretariat records inputs received by e-mail, on paper or in a sheet, and allows late ones."""

from datetime import UTC, timedelta
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consultations.models import Decision, LateGrant, Submission, SubmissionState
from tests.factories import OrganisationFactory, category, country

pytestmark = pytest.mark.django_db


def record_data(consultation, organisation, **extra):
    return {
        "organisation": organisation.pk,
        "channel": "paper",
        "submitted_at": (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "language": "fr",
        "consent": "public",
        "q1": "Reçu par la poste.",
        "q2": "Les rôles sont définis.",
        **extra,
    }


def test_it_records_an_input_received_on_paper(client, consultation, moderator, verified):
    client.force_login(moderator)
    response = client.post(
        reverse("consultations:moderation_record", args=[consultation.slug]),
        record_data(consultation, verified),
        follow=True,
    )
    assert "WGEC-2013-0001 recorded for Sahel Digital Rights Network" in response.content.decode()
    submission = Submission.objects.get()
    assert (submission.state, submission.channel, submission.language) == (SubmissionState.SUBMITTED, "paper", "fr")
    assert dict(submission.current_version.answers.values_list("question__number", "text")) == {
        1: "Reçu par la poste.",
        2: "Les rôles sont définis.",
    }
    decision = Decision.objects.get()
    assert decision.actor == moderator and "Received on paper" in decision.description()


def test_it_refuses_a_receipt_time_in_the_future(client, consultation, moderator, verified):
    client.force_login(moderator)
    future = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("consultations:moderation_record", args=[consultation.slug]),
        record_data(consultation, verified, submitted_at=future),
    )
    assert "cannot be in the future" in response.content.decode()
    assert not Submission.objects.exists()


def test_it_refuses_to_record_over_an_input_already_sent(client, consultation, moderator, verified):
    client.force_login(moderator)
    client.post(
        reverse("consultations:moderation_record", args=[consultation.slug]), record_data(consultation, verified)
    )
    response = client.post(
        reverse("consultations:moderation_record", args=[consultation.slug]),
        record_data(consultation, verified),
        follow=True,
    )
    assert "already has an input (WGEC-2013-0001)" in response.content.decode()
    assert Submission.objects.get().versions.count() == 1


def test_it_imports_a_sheet_from_the_console(client, consultation, moderator):
    OrganisationFactory(
        name="Kenya ICT Network", category=category("civil-society"), country=country("KEN"), status="verified"
    )
    client.force_login(moderator)
    sheet = (
        "organisation,category,country,language,consent,submitted_at,q1,q2\n"
        "Kenya ICT Network,civil-society,KEN,en,public,2013-07-01T09:00:00Z,One,Two\n"
    )
    response = client.post(
        reverse("consultations:moderation_import", args=[consultation.slug]),
        {"file": SimpleUploadedFile("inputs.csv", sheet.encode())},
        follow=True,
    )
    assert "1 input recorded, awaiting moderation." in response.content.decode()
    assert Submission.objects.get().channel == "import"


def test_it_lists_every_bad_line_of_a_sheet_and_imports_nothing(client, consultation, moderator):
    client.force_login(moderator)
    sheet = (
        "organisation,category,country,language,consent,submitted_at,q1\n"
        "Nobody,civil-society,XXX,en,public,2013-07-01T09:00:00Z,One\n"
    )
    response = client.post(
        reverse("consultations:moderation_import", args=[consultation.slug]),
        {"file": SimpleUploadedFile("inputs.csv", sheet.encode())},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert "Nothing was imported" in page and "Line 2:" in page
    assert not Submission.objects.exists()


def test_it_allows_a_late_submission_from_the_admin(client, consultation, moderator, verified, focal_point):
    from tests.factories import InputFactory

    submission = InputFactory(consultation=consultation, organisation=verified, answers={1: "Draft"}, draft=True)
    client.force_login(moderator)
    until = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S")
    changelist = reverse("admin:consultations_submission_changelist")
    response = client.post(changelist, {"action": "grant_late", "_selected_action": [submission.pk]})
    assert "Allow a late submission" in response.content.decode()
    client.post(
        changelist,
        {
            "action": "grant_late",
            "_selected_action": [submission.pk],
            "apply": "1",
            "until": until,
            "reason": "Postal delay.",
        },
    )
    grant = LateGrant.objects.get()
    assert (grant.granted_by, grant.reason, grant.submission) == (moderator, "Postal delay.", submission)
    submission.refresh_from_db()
    assert submission.late_until == grant.until


def test_it_lets_a_moderator_author_a_consultation_with_its_questions_in_the_admin(client, moderator):
    from consultations.models import Consultation

    client.force_login(moderator)
    data = {
        "title": "Consultation on data governance",
        "slug": "data-2027",
        "reference": "DATA-2027",
        "status": "open",
        "opens_at_0": "2027-01-10",
        "opens_at_1": "09:00:00",
        "closes_at_0": "2027-03-10",
        "closes_at_1": "17:00:00",
        "summary": "Views on data governance.",
        "mandate": "",
        "consent_clause": "Published as each respondent chooses.",
        "languages": ["en", "fr", "ar"],
        "themes-TOTAL_FORMS": "1",
        "themes-INITIAL_FORMS": "0",
        "themes-0-number": "1",
        "themes-0-title": "Principles",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-number": "2",
        "questions-0-text": "Second question",
        "questions-0-required": "on",
        "questions-0-word_limit": "300",
        "questions-1-number": "1",
        "questions-1-text": "First question",
        "questions-1-required": "on",
    }
    response = client.post(reverse("admin:consultations_consultation_add"), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    consultation = Consultation.objects.get(slug="data-2027")
    assert consultation.languages == ["en", "fr", "ar"]
    assert list(consultation.questions.values_list("number", "text")) == [(1, "First question"), (2, "Second question")]
    assert consultation.themes.get().title == "Principles"


def test_it_refuses_a_deadline_before_the_opening(client, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("admin:consultations_consultation_add"),
        {
            "title": "Backwards",
            "slug": "backwards",
            "reference": "BACK",
            "status": "draft",
            "opens_at_0": "2027-03-10",
            "opens_at_1": "09:00:00",
            "closes_at_0": "2027-01-10",
            "closes_at_1": "09:00:00",
            "summary": "x",
            "consent_clause": "x",
            "languages": ["en"],
            "themes-TOTAL_FORMS": "0",
            "themes-INITIAL_FORMS": "0",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "The deadline must come after the opening." in response.content.decode()


def test_it_takes_the_times_a_moderator_types_as_utc_as_the_labels_say_whatever_her_zone(
    client, consultation, moderator, verified
):
    moderator.time_zone = "Africa/Cairo"  # UTC+02:00
    moderator.save()
    client.force_login(moderator)
    received = (timezone.now() - timedelta(days=1)).replace(second=0, microsecond=0)

    client.post(
        reverse("consultations:moderation_record", args=[consultation.slug]),
        record_data(consultation, verified, submitted_at=received.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")),
    )

    assert Submission.objects.get().submitted_at == received
    until = (received + timedelta(days=4)).astimezone(UTC)
    changelist = reverse("admin:consultations_submission_changelist")
    grant = {"action": "grant_late", "_selected_action": [Submission.objects.get().pk], "apply": "1"}
    client.post(changelist, {**grant, "until": until.strftime("%Y-%m-%d %H:%M:%S"), "reason": "Postal delay."})
    assert LateGrant.objects.get().until == until
    page = client.get(reverse("admin:consultations_consultation_change", args=[consultation.pk])).content.decode()
    closes = consultation.closes_at.astimezone(UTC)
    assert f'name="closes_at_1" value="{closes:%H:%M:%S}"' in page  # the window shown in UTC, as its heading says

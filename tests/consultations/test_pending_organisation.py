"""While its organisation awaits verification, a member prepares the input; it is sent once the organisation is
verified. Moderators hear of each organisation that registers."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Organisation
from consultations import services
from consultations.models import Submission, SubmissionState
from tests.factories import InputFactory, OrganisationFactory, country
from tests.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db

ANSWERS = {1: "Enhanced cooperation means governments working on an equal footing.", 2: "Each in its role."}
AWAITING = (
    "Your organisation Sahel Digital Rights Network is awaiting verification by the secretariat; you can prepare "
    "your input now; it can be sent once Sahel Digital Rights Network is verified."
)
REFUSED = "The secretariat has not verified Sahel Digital Rights Network"


@pytest.fixture
def awaiting(organisation, focal_point):
    """The focal point's organisation, registered and not yet verified."""
    assert organisation.status == Organisation.Status.PENDING
    return organisation


def page_of(consultation):
    return reverse("consultations:consultation_detail", args=[consultation.slug])


def url(name, consultation, organisation):
    return reverse(name, args=[consultation.slug, organisation.pk])


def post_data(consultation, answers, **extra):
    questions = {q.number: q.pk for q in consultation.questions.all()}
    data = {f"answer_{questions[n]}": text for n, text in answers.items()}
    return {"language": "en", "consent": "public", "revision": 0, **data, **extra}


def told(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_tells_members_on_the_consultation_page_that_their_organisation_awaits_verification(
    client, consultation, awaiting, focal_point
):
    client.force_login(focal_point)
    page = client.get(page_of(consultation)).content.decode()
    assert AWAITING in page
    assert f'href="{url("consultations:submission_edit", consultation, awaiting)}"' in page
    assert "Register or join your organisation" not in page


def test_it_tells_members_on_the_consultation_page_that_their_organisation_was_refused(
    client, consultation, awaiting, focal_point, moderator
):
    account_services.organisation_refuse(moderator=moderator, organisation=awaiting, note="Not a civil society body.")
    client.force_login(focal_point)
    page = client.get(page_of(consultation)).content.decode()
    assert REFUSED in page and AWAITING not in page
    assert "Register or join your organisation" not in page


def test_it_lets_members_prepare_a_draft_while_their_organisation_awaits_verification(
    client, consultation, awaiting, focal_point, colleague, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(focal_point)
    form = client.get(url("consultations:submission_edit", consultation, awaiting))
    assert form.status_code == HTTPStatus.OK
    page = form.content.decode()
    assert AWAITING in page
    assert '<button type="submit" name="submit" value="1" disabled aria-describedby="cannot-send">' in page
    data = post_data(consultation, ANSWERS, save="1", files=[upload("views.pdf", pdf_bytes())])
    response = client.post(url("consultations:submission_edit", consultation, awaiting), data)
    assert response.status_code == HTTPStatus.FOUND
    draft = Submission.objects.get(consultation=consultation, organisation=awaiting)
    assert draft.state == SubmissionState.DRAFT and draft.attachments.count() == 1
    client.force_login(colleague)  # shared with colleagues, as any draft
    assert ANSWERS[1] in client.get(url("consultations:submission_edit", consultation, awaiting)).content.decode()
    # Nothing was sent: no receipt, no PDF of it
    assert (
        client.get(url("consultations:submission_receipt", consultation, awaiting)).status_code == HTTPStatus.NOT_FOUND
    )
    assert client.get(url("reports:submission_pdf", consultation, awaiting)).status_code == HTTPStatus.NOT_FOUND


def test_it_refuses_to_send_for_an_organisation_awaiting_verification_and_keeps_the_draft(
    client, consultation, awaiting, focal_point
):
    client.force_login(focal_point)
    data = post_data(consultation, ANSWERS, submit="1", declaration="on")  # a post the disabled button cannot make
    response = client.post(url("consultations:submission_edit", consultation, awaiting), data)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("consultations:submission_edit", consultation, awaiting)
    assert told(response) == [f"Not sent yet, but your draft is saved: {AWAITING}"]
    draft = Submission.objects.get(consultation=consultation, organisation=awaiting)
    assert draft.state == SubmissionState.DRAFT and draft.current_version is None and draft.reference is None
    assert draft.answers.get(question__number=1).text == ANSWERS[1]
    with pytest.raises(ValidationError, match="awaiting verification"):
        services.submission_submit(user=focal_point, submission=draft, declaration=True)
    assert not draft.versions.exists()


def test_it_sends_the_draft_prepared_meanwhile_once_the_organisation_is_verified(
    client, consultation, awaiting, focal_point, moderator
):
    client.force_login(focal_point)
    client.post(
        url("consultations:submission_edit", consultation, awaiting), post_data(consultation, ANSWERS, save="1")
    )
    account_services.organisation_verify(moderator=moderator, organisation=awaiting)
    page = client.get(url("consultations:submission_edit", consultation, awaiting)).content.decode()
    assert AWAITING not in page and 'name="submit" value="1">' in page
    data = post_data(consultation, ANSWERS, revision=1, submit="1", declaration="on")
    response = client.post(url("consultations:submission_edit", consultation, awaiting), data)
    assert response["Location"] == url("consultations:submission_receipt", consultation, awaiting)
    assert Submission.objects.get(organisation=awaiting).state == SubmissionState.SUBMITTED


def test_it_keeps_a_refused_organisations_input_for_its_members_to_read_and_sends_nothing_more(
    client, consultation, verified, focal_point, outsider, moderator
):
    sent = InputFactory(
        consultation=consultation, organisation=verified, answers=ANSWERS, moderator=moderator, accepted=True
    )
    assert Submission.objects.counted().filter(pk=sent.pk).exists()
    account_services.organisation_refuse(moderator=moderator, organisation=verified, note="Verification withdrawn.")
    # No longer counted, compiled nor published
    assert not Submission.objects.counted().filter(pk=sent.pk).exists()
    assert not Submission.objects.public().filter(pk=sent.pk).exists()
    client.force_login(focal_point)
    page = client.get(url("consultations:submission_edit", consultation, verified)).content.decode()
    assert ANSWERS[1] in page
    assert client.get(url("consultations:submission_receipt", consultation, verified)).status_code == HTTPStatus.OK
    draft = services.submission_for(user=focal_point, consultation=consultation, organisation=verified)
    with pytest.raises(ValidationError, match="has not verified"):
        services.submission_submit(user=focal_point, submission=draft, declaration=True)
    client.force_login(outsider)
    assert client.get(url("consultations:submission_edit", consultation, verified)).status_code == HTTPStatus.NOT_FOUND


def test_it_shows_a_refused_organisations_members_why_nothing_can_be_sent(
    client, consultation, awaiting, focal_point, moderator
):
    account_services.organisation_refuse(moderator=moderator, organisation=awaiting, note="Not a civil society body.")
    client.force_login(focal_point)
    page = client.get(url("consultations:submission_edit", consultation, awaiting)).content.decode()
    assert REFUSED in page and 'disabled aria-describedby="cannot-send"' in page


def registered(name, *, days_ago=0, **fields):
    organisation = OrganisationFactory(name=name, country=country("PER"), **fields)
    Organisation.objects.filter(pk=organisation.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return organisation


def test_it_names_the_newest_organisations_awaiting_verification_on_the_dashboard(client, moderator):
    oldest = registered("Andes Open Data", days_ago=9)
    for n in range(6):
        registered(f"Newer Network {n}", days_ago=n)
    registered("Verified Institute", status=Organisation.Status.VERIFIED)
    client.force_login(moderator)
    page = client.get(reverse("consultations:moderation_index")).content.decode()
    assert "7 organisations await verification" in page
    assert f'href="{reverse("accounts:moderation_organisations")}"' in page
    newest = Organisation.objects.get(name="Newer Network 0")
    assert f'href="{reverse("accounts:moderation_organisation", args=[newest.pk])}"' in page
    assert all(f"Newer Network {n}" in page for n in range(5))
    assert "Newer Network 5" not in page and oldest.name not in page and "Verified Institute" not in page

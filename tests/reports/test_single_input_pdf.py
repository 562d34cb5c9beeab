"""One input's own PDF: served from the cache at once, else rendered by a worker while a page says it is coming."""

import io
import time
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from accounts import services as account_services
from consultations.models import Consent
from outbox import services as outbox
from outbox.models import FollowUp
from reports.compilation import jobs, render
from tests.factories import InputFactory, OrganisationFactory, category, country
from tests.reliability.conftest import broker_at, unreachable_broker

pytestmark = pytest.mark.django_db

RENDER = "reports.tasks.single_input_pdf_render"
ANSWERS = {1: "Our own view of enhanced cooperation.", 2: "Each stakeholder in its role."}
REFRESH = '<meta http-equiv="refresh" content="5">'


@pytest.fixture(autouse=True)
def media(request, settings, tmp_path):
    """A cache of its own for each test; a test with the worker shares the worker's (MEDIA_ROOT as configured)."""
    if request.node.get_closest_marker("worker") is None:
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def renders(monkeypatch):
    """How many times WeasyPrint rendered, in this process."""
    rendered = []
    real = render.render_html

    def counting(html):
        rendered.append(html)
        return real(html)

    monkeypatch.setattr(render, "render_html", counting)
    return rendered


def members_pdf(consultation, organisation):
    return reverse("reports:submission_pdf", args=[consultation.slug, organisation.pk])


def public_pdf(submission):
    return reverse("reports:public_input_pdf", args=[submission.consultation.slug, submission.reference])


def asked_renders():
    """The renders the pages asked a worker for: (input, edition, language of the labels)."""
    return [tuple(args) for args in FollowUp.objects.filter(task=RENDER).order_by("pk").values_list("args", flat=True)]


def read(response) -> PdfReader:
    assert response.status_code == HTTPStatus.OK and response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def text_of(reader: PdfReader) -> str:
    return " ".join(page.extract_text() for page in reader.pages)


def test_it_answers_at_once_while_a_worker_renders_the_pdf_then_serves_it(
    client, consultation, verified, focal_point, renders, django_capture_on_commit_callbacks
):
    submission = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS)
    client.force_login(focal_point)
    with broker_at(unreachable_broker()), django_capture_on_commit_callbacks(execute=True):
        page = client.get(members_pdf(consultation, verified))
    assert page.status_code == HTTPStatus.ACCEPTED and page["Content-Type"].startswith("text/html")
    content = page.content.decode()
    assert REFRESH in content and "The PDF is being prepared" in content
    assert f'href="{reverse("consultations:submission_receipt", args=[consultation.slug, verified.pk])}"' in content
    assert page["Retry-After"] == "5" and "no-store" in page["Cache-Control"]
    assert renders == []  # nothing rendered in the request
    assert asked_renders() == [(submission.pk, "complete", "en")]
    [asked] = FollowUp.objects.filter(task=RENDER)
    assert asked.last_error.startswith("Broker unreachable")  # handed to the broker at once: here it was down
    outbox.dispatch(asked)  # handed over again, to a worker in this process
    assert len(renders) == 1
    text = text_of(read(client.get(members_pdf(consultation, verified))))
    assert "Our own view of enhanced cooperation." in text and submission.reference in text
    assert len(renders) == 1


def test_it_renders_in_process_when_there_is_no_broker_and_the_next_refresh_finds_the_pdf(
    client, consultation, verified, focal_point, renders, django_capture_on_commit_callbacks
):
    InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS)
    client.force_login(focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(members_pdf(consultation, verified)).status_code == HTTPStatus.ACCEPTED
    assert len(renders) == 1 and FollowUp.objects.get(task=RENDER).done_at is not None
    assert "Our own view of enhanced cooperation." in text_of(read(client.get(members_pdf(consultation, verified))))
    assert len(renders) == 1


def test_it_asks_for_one_render_while_one_is_pending_and_again_once_it_may_have_been_lost(
    client, consultation, verified, focal_point, monkeypatch
):
    submission = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS)
    client.force_login(focal_point)
    monkeypatch.setattr(jobs, "PDF_PENDING_SECONDS", 1)
    with broker_at(unreachable_broker()):
        for _refresh in range(3):
            assert client.get(members_pdf(consultation, verified)).status_code == HTTPStatus.ACCEPTED
        assert asked_renders() == [(submission.pk, "complete", "en")]
        time.sleep(1.5)  # the worker that took it died: nothing came of it
        assert client.get(members_pdf(consultation, verified)).status_code == HTTPStatus.ACCEPTED
    assert asked_renders() == [(submission.pk, "complete", "en")] * 2


def test_it_keeps_a_pdf_for_each_language_of_its_labels(
    client, consultation, verified, moderator, renders, django_capture_on_commit_callbacks
):
    submission = InputFactory(
        consultation=consultation, organisation=verified, answers=ANSWERS, moderator=moderator, accepted=True
    )
    url = public_pdf(submission)
    for language in ("fr", "en"):
        with django_capture_on_commit_callbacks(execute=True):
            page = client.get(url, {"lang": language})
        assert page.status_code == HTTPStatus.ACCEPTED  # the other language's file is not this one
        assert f'<html lang="{language}"' in page.content.decode()
        reader = read(client.get(url, {"lang": language}))
        assert reader.trailer["/Root"]["/Lang"] == language
        with translation.override(language):
            assert gettext("Regional group") in text_of(reader)
    assert asked_renders() == [(submission.pk, "public", "fr"), (submission.pk, "public", "en")]
    read(client.get(url, {"lang": "fr"}))
    assert len(renders) == 2


def test_it_shows_the_public_pdf_only_as_its_author_consented(
    client, consultation, verified, moderator, renders, django_capture_on_commit_callbacks
):
    named = InputFactory(
        consultation=consultation, organisation=verified, answers=ANSWERS, moderator=moderator, accepted=True
    )
    hidden = OrganisationFactory(
        name="Mekong Privacy Lab", category=category("academic-community"), country=country("VNM"), status="verified"
    )
    anonymous = InputFactory(
        consultation=consultation,
        organisation=hidden,
        answers=ANSWERS,
        consent=Consent.ANONYMOUS,
        moderator=moderator,
        accepted=True,
    )
    private = OrganisationFactory(name="Alpine Telecom Forum", country=country("CHE"), status="verified")
    secretariat_only = InputFactory(
        consultation=consultation,
        organisation=private,
        answers=ANSWERS,
        consent=Consent.SECRETARIAT,
        moderator=moderator,
        accepted=True,
    )
    assert client.get(public_pdf(secretariat_only)).status_code == HTTPStatus.NOT_FOUND
    texts = {}
    for submission in (named, anonymous):
        with django_capture_on_commit_callbacks(execute=True):
            page = client.get(public_pdf(submission))
        back = reverse("consultations:public_input", args=[consultation.slug, submission.reference])
        assert page.status_code == HTTPStatus.ACCEPTED and f'href="{back}"' in page.content.decode()
        reader = read(client.get(public_pdf(submission)))
        texts[submission] = text_of(reader) + " " + str(reader.metadata.title)
    assert "Sahel Digital Rights Network" in texts[named] and "Senegal" in texts[named]
    shown = texts[anonymous]
    assert "Academic community" in shown and "Asia-Pacific States" in shown and "Anonymous respondent" in shown
    assert "Mekong" not in shown and "Viet Nam" not in shown
    assert client.get(public_pdf(secretariat_only)).status_code == HTTPStatus.NOT_FOUND
    assert [pk for pk, _edition, _language in asked_renders()] == [named.pk, anonymous.pk]


PAGES_OF_AN_INPUT = ("consultations:submission_edit", "consultations:submission_receipt", "reports:submission_pdf")


def answers_to(client, consultation, organisation):
    """The status of each page of the organisation's input."""
    urls = {name: reverse(name, args=[consultation.slug, organisation.pk]) for name in PAGES_OF_AN_INPUT}
    return {name: client.get(url).status_code for name, url in urls.items()}


def test_it_gives_the_same_answer_on_every_page_of_an_input_whatever_its_organisations_verification(
    client, consultation, organisation, focal_point, outsider, moderator
):
    draft_only = {
        "consultations:submission_edit": HTTPStatus.OK,
        "consultations:submission_receipt": HTTPStatus.NOT_FOUND,
        "reports:submission_pdf": HTTPStatus.NOT_FOUND,
    }
    sent = {
        **draft_only,
        "consultations:submission_receipt": HTTPStatus.OK,
        "reports:submission_pdf": HTTPStatus.ACCEPTED,
    }  # being prepared
    client.force_login(focal_point)
    # Awaiting verification: the input can be prepared, but nothing was sent, so there is nothing to prove or print.
    assert answers_to(client, consultation, organisation) == draft_only
    account_services.organisation_verify(moderator=moderator, organisation=organisation)
    InputFactory(consultation=consultation, organisation=organisation, answers=ANSWERS)
    assert answers_to(client, consultation, organisation) == sent
    account_services.organisation_refuse(moderator=moderator, organisation=organisation, note="Verification withdrawn.")
    # Nothing more can be sent, but what was sent stays its members' to read, on every page alike.
    assert answers_to(client, consultation, organisation) == sent
    client.force_login(outsider)
    assert answers_to(client, consultation, organisation) == dict.fromkeys(PAGES_OF_AN_INPUT, HTTPStatus.NOT_FOUND)


def test_it_answers_in_a_few_queries_whether_the_pdf_is_ready_or_not(
    client, consultation, verified, focal_point, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS)
    client.force_login(focal_point)
    url = members_pdf(consultation, verified)
    # session, user, consultation, organisation, membership, submission; the input as the PDF shows it (input,
    # answers, attachments); the follow-up asking for the render
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(10):
        assert client.get(url).status_code == HTTPStatus.ACCEPTED
    # rendered once the request has committed, outside the budget
    with django_assert_max_num_queries(9):  # the same, without the follow-up
        read(client.get(url))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_serves_the_pdf_a_real_worker_rendered(celery_worker, client, consultation, verified, focal_point, renders):
    InputFactory(consultation=consultation, organisation=verified, answers={1: "Rendered by a worker.", 2: "Roles"})
    client.force_login(focal_point)
    url = members_pdf(consultation, verified)
    assert client.get(url).status_code == HTTPStatus.ACCEPTED
    deadline = time.monotonic() + 60
    response = client.get(url)
    while response.status_code == HTTPStatus.ACCEPTED and time.monotonic() < deadline:
        time.sleep(0.5)
        response = client.get(url)
    assert "Rendered by a worker." in text_of(read(response))
    assert renders == []  # the worker rendered it, not this process
    assert len(asked_renders()) == 1 and FollowUp.objects.get(task=RENDER).done_at is not None

"""No answer is longer than the site allows (ANSWER_MAX_CHARACTERS), whatever its question's word limit."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations import imports, services
from consultations.models import Answer, Submission
from consultations.sheets import InputFileError
from tests.factories import OrganisationFactory, category, country

pytestmark = pytest.mark.django_db

LIMIT = 2_000


@pytest.fixture(autouse=True)
def limit(settings):
    settings.ANSWER_MAX_CHARACTERS = LIMIT


def form_data(consultation, answers, **extra):
    questions = {q.number: q.pk for q in consultation.questions.all()}
    data = {"language": "en", "consent": "public", "revision": "0", "save": "1", **extra}
    data.update({f"answer_{questions[n]}": text for n, text in answers.items()})
    return data


def test_it_refuses_an_answer_too_long_for_a_question_without_a_word_limit(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    url = reverse("consultations:submission_edit", args=[consultation.slug, verified.pk])

    response = client.post(url, form_data(consultation, {1: "Cooperation", 3: "x" * (LIMIT + 1)}))

    assert response.status_code == HTTPStatus.OK
    assert (
        "The answer to question 3 has 2,001 characters; an answer may have at most 2,000." in response.content.decode()
    )
    assert not Submission.objects.exists() and not Answer.objects.exists()


def test_it_keeps_an_answer_at_the_limit(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    url = reverse("consultations:submission_edit", args=[consultation.slug, verified.pk])

    response = client.post(url, form_data(consultation, {1: "Cooperation", 3: "x" * LIMIT}))

    assert response.status_code == HTTPStatus.FOUND
    assert Answer.objects.get(question__number=3).text == "x" * LIMIT


def test_it_refuses_it_in_the_service_too_and_writes_nothing(consultation, verified, focal_point):
    submission = services.submission_for(user=focal_point, consultation=consultation, organisation=verified)
    question = consultation.questions.get(number=2)
    changes = services.DraftChanges(
        answers={question.pk: "y" * (LIMIT + 1)}, language="en", consent="public", revision=0
    )

    with pytest.raises(ValidationError, match="question 2 has 2,001 characters"):
        services.submission_save_draft(user=focal_point, submission=submission, changes=changes)

    assert not Answer.objects.exists()


def test_it_refuses_an_input_recorded_by_the_secretariat_with_an_answer_too_long(client, consultation, moderator):
    sender = OrganisationFactory(name="Nile Forum", category=category("civil-society"), country=country("EGY"))
    client.force_login(moderator)
    data = {
        "organisation": sender.pk,
        "channel": "email",
        "submitted_at": "2026-12-01T10:00",
        "language": "en",
        "consent": "public",
        "q1": "z" * (LIMIT + 1),
        "q2": "Roles",
    }

    response = client.post(reverse("consultations:moderation_record", args=[consultation.slug]), data, follow=True)

    assert "The answer to question 1 has 2,001 characters" in response.content.decode()
    assert not Submission.objects.exists()


def test_it_names_the_line_of_a_sheet_with_an_answer_too_long(consultation, moderator):
    sheet = (
        "organisation,category,country,language,consent,submitted_at,q1,q2\n"
        "Nile Forum,civil-society,EGY,en,public,2026-12-01 10:00,Fine,Roles\n"
        f"Andean Network,civil-society,PER,en,public,2026-12-01 11:00,{'w' * (LIMIT + 1)},Roles\n"
    )

    with pytest.raises(InputFileError) as refused:
        imports.inputs_import(
            moderator=moderator,
            consultation=consultation,
            name="inputs.csv",
            data=sheet.encode(),
            create_organisations=True,
        )

    assert refused.value.problems == [
        "Line 3: The answer to question 1 has 2,001 characters; an answer may have at most 2,000."
    ]
    assert not Submission.objects.exists()

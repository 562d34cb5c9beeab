"""The public reads accepted inputs as their authors allowed, and nothing else."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.models import Organisation
from consultations.models import Consultation, Submission
from tests.factories import InputFactory, OrganisationFactory, category, country
from tests.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def organisation(name, slug, iso3, **extra):
    return OrganisationFactory(
        name=name, category=category(slug), country=country(iso3), status=Organisation.Status.VERIFIED, **extra
    )


@pytest.fixture
def record(consultation, moderator):
    """Inputs in every state and consent, from several categories and regions."""
    inputs = {
        "kenya": InputFactory(
            consultation=consultation,
            organisation=organisation("Kenya Mission", "government", "KEN"),
            answers={1: "Kenya on cooperation", 2: "Governments lead"},
            moderator=moderator,
            accepted=True,
        ),
        "finland": InputFactory(
            consultation=consultation,
            organisation=organisation("Finnish Ministry", "government", "FIN"),
            answers={1: "Suomi cooperation", 2: "Multistakeholder"},
            language="fr",
            moderator=moderator,
            accepted=True,
        ),
        "anonymous": InputFactory(
            consultation=consultation,
            organisation=organisation("Quiet NGO", "civil-society", "NPL"),
            answers={1: "An anonymous view on cooperation", 2: "Rights first"},
            moderator=moderator,
            accepted=True,
            anonymous=True,
        ),
        "secret": InputFactory(
            consultation=consultation,
            organisation=organisation("Secret Institute", "academic-community", "JPN"),
            answers={1: "Confidential cooperation", 2: "Research"},
            moderator=moderator,
            accepted=True,
            secretariat_only=True,
        ),
        "rejected": InputFactory(
            consultation=consultation,
            organisation=organisation("Spam Corp", "private-sector", "USA"),
            answers={1: "Buy now cooperation", 2: "x"},
            moderator=moderator,
            rejected=True,
        ),
        "submitted": InputFactory(
            consultation=consultation,
            organisation=organisation("Pending Union", "intergovernmental", "CHE"),
            answers={1: "Awaiting cooperation", 2: "y"},
            moderator=moderator,
        ),
        "draft": InputFactory(
            consultation=consultation,
            organisation=organisation("Drafty", "technical-community", "FJI"),
            answers={1: "Draft cooperation"},
            moderator=moderator,
            draft=True,
        ),
    }
    return inputs


def list_page(client, consultation, **params):
    return client.get(reverse("consultations:public_inputs", args=[consultation.slug]), params)


def test_it_lists_only_accepted_inputs_that_may_be_published(client, consultation, record):
    page = list_page(client, consultation).content.decode()
    assert "Kenya Mission" in page and "Finnish Ministry" in page
    assert "Anonymous respondent" in page and "Quiet NGO" not in page
    for hidden in ("Secret Institute", "Spam Corp", "Pending Union", "Drafty"):
        assert hidden not in page
    assert "3 inputs" in page


def test_it_counts_inputs_by_category(client, consultation, record):
    response = list_page(client, consultation)
    assert response.context["counts"] == [("Government", 2), ("Civil society", 1)]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "government"}, {"Kenya Mission", "Finnish Ministry"}),
        ({"regional_group": "african"}, {"Kenya Mission"}),
        ({"development": "developed"}, {"Finnish Ministry"}),
        ({"development": "developing"}, {"Kenya Mission"}),  # the anonymous input never matches
        ({"country": "NPL"}, set()),  # nor does a country reveal it
        ({"country": "KEN"}, {"Kenya Mission"}),
        ({"language": "fr"}, {"Finnish Ministry"}),
        ({"q": "suomi"}, {"Finnish Ministry"}),
        ({"q": "Kenya Mission"}, {"Kenya Mission"}),
        ({"q": "Quiet NGO"}, set()),  # an anonymous respondent's name is not searchable
        ({"q": "rights"}, {"Anonymous respondent"}),
        ({"q": "confidential"}, set()),
        ({"q": '"&|!(:* <b>'}, set()),  # search syntax and markup are only words
    ],
)
def test_it_filters_the_public_list(client, consultation, record, params, expected):
    response = list_page(client, consultation, **params)
    assert response.status_code == HTTPStatus.OK
    shown = {
        "Anonymous respondent" if s.is_anonymous else s.organisation.name for s in response.context["page"].object_list
    }
    assert shown == expected


def test_the_search_follows_the_text_of_an_input_however_it_is_written(client, consultation, record):
    """On PostgreSQL the words are a stored vector, kept by the database whenever search_text is written."""
    kenya = record["kenya"]
    Submission.objects.filter(pk=kenya.pk).update(search_text="Kenya Mission\nA multistakeholder observatory")

    def found(words):
        return {s.reference for s in list_page(client, consultation, q=words).context["page"].object_list}

    assert found("observatory") == {kenya.reference}
    assert found("multistakeholder observatory") == {kenya.reference}
    assert kenya.reference not in found("cooperation")  # words it no longer holds


def test_it_answers_a_bad_filter_with_the_whole_list_and_a_message(client, consultation, record):
    response = list_page(client, consultation, category="no-such-category", page="abc")
    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice" in response.content.decode()


def test_it_shows_a_public_input_with_its_digest(client, consultation, record):
    kenya = record["kenya"]
    page = client.get(reverse("consultations:public_input", args=[consultation.slug, kenya.reference])).content.decode()
    assert "Kenya on cooperation" in page and kenya.digest in page and "Kenya Mission" in page


def test_it_shows_an_anonymous_input_by_category_and_region_only(client, consultation, record):
    anonymous = record["anonymous"]
    page = client.get(
        reverse("consultations:public_input", args=[consultation.slug, anonymous.reference])
    ).content.decode()
    assert "An anonymous view on cooperation" in page
    assert "Quiet NGO" not in page and "Nepal" not in page
    assert "Civil society" in page and "Asia-Pacific States" in page


@pytest.mark.parametrize("key", ["secret", "rejected", "submitted"])
def test_it_hides_withheld_inputs_from_url_guessing(client, consultation, record, key):
    reference = record[key].reference
    assert (
        client.get(reverse("consultations:public_input", args=[consultation.slug, reference])).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_it_hides_withdrawn_inputs_and_unverified_organisations(client, consultation, record, moderator):
    kenya = record["kenya"]
    Organisation.objects.filter(pk=kenya.organisation_id).update(status=Organisation.Status.REFUSED)
    assert (
        client.get(reverse("consultations:public_input", args=[consultation.slug, kenya.reference])).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert "Kenya Mission" not in list_page(client, consultation).content.decode()


def test_it_shows_nothing_of_an_unpublished_consultation(client, consultation, record):
    for status in (Consultation.Status.DRAFT, Consultation.Status.CLOSED):
        consultation.status = status
        consultation.save()
        assert list_page(client, consultation).status_code == HTTPStatus.NOT_FOUND
        url = reverse("consultations:public_input", args=[consultation.slug, record["kenya"].reference])
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
        assert (
            client.get(reverse("consultations:question_answers", args=[consultation.slug, 1])).status_code
            == HTTPStatus.NOT_FOUND
        )


def test_it_shows_every_public_answer_to_a_question_by_category(client, consultation, record):
    response = client.get(reverse("consultations:question_answers", args=[consultation.slug, 2]))
    page = response.content.decode()
    assert [category.slug for category, _ in response.context["groups"]] == ["government", "civil-society"]
    assert "Governments lead" in page and "Multistakeholder" in page and "Rights first" in page
    assert "Research" not in page and "Quiet NGO" not in page
    assert (
        client.get(reverse("consultations:question_answers", args=[consultation.slug, 99])).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_it_serves_attachments_only_to_those_who_may_see_them(
    client, consultation, moderator, focal_point, verified, outsider
):
    public = InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "With a paper", 2: "Yes"},
        moderator=moderator,
        accepted=True,
    )
    secret = InputFactory(
        consultation=consultation,
        organisation=organisation("Closed Lab", "academic-community", "JPN"),
        answers={1: "a", 2: "b"},
        moderator=moderator,
        accepted=True,
        secretariat_only=True,
    )
    from consultations import services

    for submission in (public, secret):
        member = submission.organisation.memberships.first().user
        changes = services.DraftChanges(
            answers={},
            language="en",
            consent=submission.consent,
            revision=submission.revision,
            new_files=[upload("paper.pdf", pdf_bytes())],
        )
        submission.state = "draft"  # attach to a fresh draft for the test
        submission.save()
        services.submission_save_draft(user=member, submission=submission, changes=changes)
    public_file = public.attachments.get()
    secret_file = secret.attachments.get()
    # The public input's version does not list the file until it is sent again.
    assert (
        client.get(reverse("consultations:attachment_download", args=[public_file.pk])).status_code
        == HTTPStatus.NOT_FOUND
    )
    client.force_login(focal_point)
    response = client.get(reverse("consultations:attachment_download", args=[public_file.pk]))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"].startswith('attachment; filename="paper.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        client.get(reverse("consultations:attachment_download", args=[secret_file.pk])).status_code
        == HTTPStatus.NOT_FOUND
    )
    client.force_login(outsider)
    assert (
        client.get(reverse("consultations:attachment_download", args=[secret_file.pk])).status_code
        == HTTPStatus.NOT_FOUND
    )
    client.force_login(moderator)
    assert client.get(reverse("consultations:attachment_download", args=[secret_file.pk])).status_code == HTTPStatus.OK


def _many_inputs(consultation, moderator, count):
    for n in range(count):
        InputFactory(
            consultation=consultation,
            organisation=organisation(
                f"Network {n}",
                ["civil-society", "private-sector", "academic-community"][n % 3],
                ["KEN", "BRA", "FIN", "IND"][n % 4],
            ),
            answers={1: f"View {n} on cooperation", 2: "Roles"},
            consent=["public", "anonymous"][n % 2],
            moderator=moderator,
            accepted=True,
        )


@pytest.mark.parametrize("count", [3, 30])
def test_it_lists_inputs_in_a_bounded_number_of_queries(
    client, consultation, moderator, django_assert_max_num_queries, count
):
    _many_inputs(consultation, moderator, count)
    # consultation, the category filtered on, counts by category (which give the total), questions
    # for the side navigation, categories and countries for the filter's menus, page of inputs
    # (organisation, category and country joined), public compilations to download, the issue register's
    # publication (review's part)
    with django_assert_max_num_queries(9):
        response = list_page(client, consultation, category="civil-society", q="cooperation")
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("count", [3, 30])
def test_it_shows_answers_to_a_question_in_a_bounded_number_of_queries(
    client, consultation, moderator, django_assert_max_num_queries, count
):
    _many_inputs(consultation, moderator, count)
    # consultation, question, count, page of answers with organisations, questions for the navigation
    with django_assert_max_num_queries(5):
        response = client.get(reverse("consultations:question_answers", args=[consultation.slug, 1]))
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["page"].object_list) == count


def test_it_shows_a_public_input_in_a_bounded_number_of_queries(
    client, consultation, moderator, django_assert_max_num_queries
):
    _many_inputs(consultation, moderator, 5)
    submission = consultation.submissions.filter(consent="public").first()
    # consultation, input with organisation and version, questions, attachments
    with django_assert_max_num_queries(4):
        response = client.get(reverse("consultations:public_input", args=[consultation.slug, submission.reference]))
    assert response.status_code == HTTPStatus.OK


def test_an_answer_mixing_scripts_gives_each_paragraph_its_own_direction(client, consultation, moderator):
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Bilingual Forum", status=Organisation.Status.VERIFIED)
    mixed = "Enhanced cooperation, in English first.\n\nالتعاون المعزز، ثم بالعربية."
    submission = InputFactory(
        consultation=consultation,
        organisation=organisation,
        answers={1: mixed, 2: "Roles"},
        language="ar",
        moderator=moderator,
        accepted=True,
    )
    page = client.get(
        reverse("consultations:public_input", args=[consultation.slug, submission.reference])
    ).content.decode()
    assert '<p dir="auto">Enhanced cooperation, in English first.</p>' in page
    assert '<p dir="auto">التعاون المعزز، ثم بالعربية.</p>' in page
    assert '<div lang="ar" dir="auto">' in page

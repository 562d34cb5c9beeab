"""The public record's pages come from the cache, and change the moment what they show changes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation
from consultations import public_cache, services
from tests.factories import InputFactory, OrganisationFactory, category, country

pytestmark = pytest.mark.django_db


def organisation(name, slug="civil-society", iso3="KEN"):
    return OrganisationFactory(
        name=name, category=category(slug), country=country(iso3), status=Organisation.Status.VERIFIED
    )


@pytest.fixture
def accepted(consultation, moderator):
    return InputFactory(
        consultation=consultation,
        organisation=organisation("Harambee Network"),
        answers={1: "Cooperation in Nairobi", 2: "Open standards"},
        moderator=moderator,
        accepted=True,
    )


def pages(consultation, submission):
    return [
        reverse("consultations:public_inputs", args=[consultation.slug]),
        reverse("consultations:public_inputs", args=[consultation.slug]) + "?q=Nairobi",
        reverse("consultations:public_input", args=[consultation.slug, submission.reference]),
        reverse("consultations:question_answers", args=[consultation.slug, 1]),
    ]


def main(response):
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def test_a_second_visit_reads_nothing_from_the_database(client, consultation, accepted, django_assert_num_queries):
    for url in pages(consultation, accepted):
        first = client.get(url)
        assert "Harambee Network" in first.content.decode()
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.status_code == 200
        assert main(again) == main(first)


def test_an_accepted_input_appears_at_once(client, consultation, accepted, moderator):
    url = reverse("consultations:public_inputs", args=[consultation.slug])
    assert "Lake Victoria Forum" not in client.get(url).content.decode()
    second = InputFactory(
        consultation=consultation, organisation=organisation("Lake Victoria Forum"), answers={1: "Fisheries", 2: "Data"}
    )
    assert "Lake Victoria Forum" not in client.get(url).content.decode()  # sent, not yet accepted
    services.submission_decide(moderator=moderator, submission=second, to_state="accepted")
    page = client.get(url).content.decode()
    assert "Lake Victoria Forum" in page
    assert "2 inputs" in page


def test_an_organisation_whose_verification_is_withdrawn_leaves_the_record_at_once(client, consultation, accepted):
    url = reverse("consultations:public_input", args=[consultation.slug, accepted.reference])
    assert client.get(url).status_code == 200
    accepted.organisation.status = Organisation.Status.REFUSED
    accepted.organisation.save()
    assert client.get(url).status_code == 404
    assert (
        "Harambee Network"
        not in client.get(reverse("consultations:public_inputs", args=[consultation.slug])).content.decode()
    )


def test_an_input_edited_in_the_administration_shows_at_once(client, consultation, accepted):
    url = reverse("consultations:public_inputs", args=[consultation.slug])
    assert client.get(url).status_code == 200
    accepted.consent = "secretariat"
    accepted.save()
    assert "Harambee Network" not in client.get(url).content.decode()


def test_a_renamed_organisation_and_a_retitled_question_show_at_once(client, consultation, accepted):
    url = reverse("consultations:public_input", args=[consultation.slug, accepted.reference])
    client.get(url)
    accepted.organisation.name = "Harambee Alliance"
    accepted.organisation.save()
    question = consultation.questions.get(number=1)
    question.text = "What should enhanced cooperation achieve by 2030?"
    question.save()
    page = client.get(url).content.decode()
    assert "Harambee Alliance" in page
    assert "achieve by 2030" in page


def test_a_consultation_taken_off_the_record_is_gone_at_once(client, consultation, accepted):
    url = reverse("consultations:public_inputs", args=[consultation.slug])
    assert client.get(url).status_code == 200
    consultation.status = consultation.Status.DRAFT
    consultation.save()
    assert client.get(url).status_code == 404


def test_nothing_of_one_visitor_reaches_another(client, consultation, accepted, focal_point):
    url = reverse("consultations:public_inputs", args=[consultation.slug])
    client.force_login(focal_point)
    signed_in = client.get(url).content.decode()
    assert "Sign out" in signed_in
    client.logout()
    anonymous = client.get(url).content.decode()
    assert "Sign out" not in anonymous and "Sign in" in anonymous
    assert focal_point.email not in anonymous
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(signed_in) and not token.search(anonymous)  # a visitor's page holds no token to leak
    assert "Harambee Network" in anonymous  # the record itself did come from the cache


def test_a_visitor_not_signed_in_gets_the_whole_page_from_the_cache_and_still_their_messages(
    client, consultation, accepted, focal_point, monkeypatch
):
    url = reverse("consultations:public_inputs", args=[consultation.slug])
    first = client.get(url)
    rendered = []
    real = public_cache.render
    monkeypatch.setattr(public_cache, "render", lambda *args, **kwargs: rendered.append(args) or real(*args, **kwargs))
    again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    assert rendered == []  # not even the page around the record was rendered again

    client.force_login(focal_point)
    client.post(reverse("account_logout"))
    page = client.get(url).content.decode()
    assert "You have signed out." in page  # a message waiting: this page is rendered for this visitor
    assert rendered and "Sign in" in page


def test_each_language_has_its_own_page(client, consultation, accepted, django_assert_num_queries):
    url = reverse("consultations:public_inputs", args=[consultation.slug])
    client.get(url, headers={"accept-language": "en"})
    with django_assert_num_queries(0):
        client.get(url, headers={"accept-language": "en"})
    with CaptureQueriesContext(connection) as first_in_french:
        french = client.get(url, headers={"accept-language": "fr"})
    assert len(first_in_french) > 0, "the English page must not be served in French"
    assert 'lang="fr"' in french.content.decode()
    with django_assert_num_queries(0):
        client.get(url, headers={"accept-language": "fr"})


def test_a_page_rendered_while_a_change_commits_is_not_kept(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        public_cache.stale()
        during = public_cache._generation()  # another process renders from the database as it was
    assert callbacks, "the generation must change again once the change commits"
    for callback in callbacks:
        callback()
    assert public_cache._generation() != during


def test_turned_off_every_visit_reads_the_database(client, consultation, accepted, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = reverse("consultations:public_inputs", args=[consultation.slug])
    client.get(url)
    accepted.organisation.name = "Renamed without a signal"
    Organisation.objects.filter(pk=accepted.organisation_id).update(name="Renamed without a signal")
    assert "Renamed without a signal" in client.get(url).content.decode()

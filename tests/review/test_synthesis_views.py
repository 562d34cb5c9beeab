"""The synthesis pages: the console's list and edit pages (who may open them, plain forms that work without
JavaScript, refusals as clear 4xx pages, a bounded list of passages in a fixed number of queries), and the syntheses
on the public issue register, where nothing of an input for the secretariat only appears."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from review import services
from review.models import Coding, Synthesis, SynthesisQuote
from review.services import Passage
from review.synthesis import PASSAGES_PER_PAGE
from review.synthesis_services import quote_add, synthesis_save
from tests.factories import InputFactory, OrganisationFactory, country
from tests.review.conftest import TEXT, coding_of

pytestmark = pytest.mark.django_db


def edit_url(consultation, number=1):
    return reverse("review:synthesis_question", args=[consultation.slug, number])


def form(text=TEXT, language="en", **more):
    return {"language": language, "text": text, **more}


def test_the_review_page_links_to_the_list_which_offers_to_write_each_synthesis(client, consultation, world,
                                                                               moderator, written):  # fmt: skip
    client.force_login(moderator)
    review = client.get(reverse("review:consultation", args=[consultation.slug])).content.decode()
    url = reverse("review:syntheses", args=[consultation.slug])
    assert url in review
    page = client.get(url).content.decode()
    assert edit_url(consultation, 1) in page and edit_url(consultation, 2) in page
    for code in ("Access", "Cybercrime", "Spam"):
        assert reverse("review:synthesis_issue", args=[consultation.slug, world["codes"][code].pk]) in page
    assert reverse("review:synthesis_issue", args=[consultation.slug, world["codes"]["Phishing"].pk]) not in page
    assert "1 quote left out of the public edition" in page and "Write" in page and "Edit" in page


def test_it_writes_a_synthesis_and_its_translation_through_the_form(client, consultation, world, analyst):
    client.force_login(analyst)
    url = edit_url(consultation)
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK and 'name="text__fr"' in page.content.decode()
    response = client.post(url, form(text__fr="Un.\n\nDeux.\n\nTrois."))
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url
    synthesis = Synthesis.objects.get()
    assert synthesis.translations == {"fr": {"text": "Un.\n\nDeux.\n\nTrois."}} and synthesis.updated_by == analyst
    page = client.get(url).content.decode()
    assert "They differ on security." in page and "Before the first paragraph" in page and "After paragraph 3" in page
    # Saved again from the page as it was read: accepted; from an older copy of the page: refused.
    seen = synthesis.updated_at.isoformat()
    assert client.post(url, form(text="New.", seen=seen)).status_code == HTTPStatus.FOUND
    stale = client.post(url, form(text="Older.", seen=seen))
    assert stale.status_code == HTTPStatus.BAD_REQUEST and "Someone changed this synthesis" in stale.content.decode()
    assert Synthesis.objects.get().text == "New."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(text=""), "This field is required"),
        (form(language="xx"), "Select a valid choice"),
        (form(text__en="Itself."), "leave its translation empty"),
        (form(text__fr="Un seul."), "1 paragraphs and the text 3"),
        (form(seen="yesterday"), "damaged form"),
        (form(text="x" * 50_001), "at most 50000 characters"),
    ],
)
def test_bad_input_to_the_form_is_refused_with_the_reason(client, consultation, world, moderator, data, message):
    client.force_login(moderator)
    response = client.post(edit_url(consultation), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.content.decode().replace("50,000", "50000").replace("50,001", "50001")
    assert not Synthesis.objects.exists()


def test_a_quote_is_inserted_moved_and_removed_by_plain_forms(client, consultation, world, moderator, written):
    client.force_login(moderator)
    url = edit_url(consultation)
    page = client.get(url).content.decode()
    waiting = coding_of(world["waiting"], world["codes"]["Access"])
    add = reverse("review:synthesis_quote_add", args=[consultation.slug, written.pk])
    assert f'action="{add}"' in page and f'name="coding" value="{waiting.pk}"' in page  # no script needed
    response = client.post(add, {"coding": waiting.pk, "after": 0, "page": 1})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == f"{url}?page=1#quotes"
    quote = SynthesisQuote.objects.get(coding=waiting)
    assert quote.after == 0
    again = client.post(add, {"coding": waiting.pk, "after": 1})
    assert again.status_code == HTTPStatus.BAD_REQUEST and "already quotes this passage" in again.content.decode()
    move = reverse("review:synthesis_quote_move", args=[consultation.slug, written.pk, quote.pk])
    assert client.post(move, {"after": 2}).status_code == HTTPStatus.FOUND
    assert SynthesisQuote.objects.get(pk=quote.pk).after == 2
    assert client.post(move, {"after": 9}).status_code == HTTPStatus.BAD_REQUEST
    remove = reverse("review:synthesis_quote_remove", args=[consultation.slug, written.pk, quote.pk])
    assert client.post(remove).status_code == HTTPStatus.FOUND
    assert not SynthesisQuote.objects.filter(pk=quote.pk).exists()
    assert client.post(remove).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("target", "data", "status"),
    [
        ("add", {"coding": "abc", "after": 1}, HTTPStatus.BAD_REQUEST),
        ("add", {"coding": "9" * 30, "after": 1}, HTTPStatus.BAD_REQUEST),
        ("add", {"coding": 10**9, "after": 1}, HTTPStatus.NOT_FOUND),
        ("add", {"after": 1}, HTTPStatus.BAD_REQUEST),
        ("add", {"coding": "waiting", "after": -1}, HTTPStatus.BAD_REQUEST),
        ("move", {"after": "two"}, HTTPStatus.BAD_REQUEST),
        ("question", {}, HTTPStatus.NOT_FOUND),
        ("cluster", {}, HTTPStatus.NOT_FOUND),
        ("other synthesis", {}, HTTPStatus.NOT_FOUND),
    ],
)
def test_bad_addresses_and_forms_get_a_clear_4xx(client, consultation, world, moderator, written, target, data, status):
    client.force_login(moderator)
    if data.get("coding") == "waiting":
        data["coding"] = coding_of(world["waiting"], world["codes"]["Access"]).pk
    quote = written.quotes.first()
    slug = consultation.slug
    urls = {
        "add": reverse("review:synthesis_quote_add", args=[slug, written.pk]),
        "move": reverse("review:synthesis_quote_move", args=[slug, written.pk, quote.pk]),
        "question": edit_url(consultation, 99),
        "cluster": reverse("review:synthesis_issue", args=[slug, world["codes"]["Security"].pk]),
        "other synthesis": reverse("review:synthesis_quote_add", args=["another-consultation", written.pk]),
    }
    response = client.post(urls[target], data) if data or target == "other synthesis" else client.get(urls[target])
    assert response.status_code == status
    assert SynthesisQuote.objects.count() == 3


@pytest.mark.parametrize("name", ["syntheses", "edit", "add"])
def test_only_those_who_write_syntheses_open_or_post_to_the_pages(client, consultation, world, written, chair,
                                                                 focal_point, analyst, name):  # fmt: skip
    urls = {
        "syntheses": reverse("review:syntheses", args=[consultation.slug]),
        "edit": edit_url(consultation),
        "add": reverse("review:synthesis_quote_add", args=[consultation.slug, written.pk]),
    }
    waiting = coding_of(world["waiting"], world["codes"]["Access"])
    data = {"coding": waiting.pk, "after": 1}
    assert client.post(urls[name], data).status_code == HTTPStatus.FOUND  # to sign in
    for user in (chair, focal_point):
        client.force_login(user)
        assert client.post(urls[name], data).status_code == HTTPStatus.FORBIDDEN
        if name != "add":
            assert client.get(urls[name]).status_code == HTTPStatus.FORBIDDEN
    assert SynthesisQuote.objects.count() == 3 and Synthesis.objects.get().text == TEXT
    client.force_login(analyst)
    if name != "add":
        assert client.get(urls[name]).status_code == HTTPStatus.OK


def test_the_console_notes_each_quote_the_public_edition_leaves_out_and_why(client, consultation, world, moderator,
                                                                           written):  # fmt: skip
    client.force_login(moderator)
    page = client.get(edit_url(consultation)).content.decode()
    note = page[page.index('id="left-out"') : page.index('id="quotes"')]
    assert "routing security" in note and world["secret"].reference in note and "secretariat only" in note
    public = page[page.index('id="public-edition"') : page.index('id="passages"')]
    for leak in ("routing security", "Alpine Telecom Forum", "Mekong Privacy Lab"):
        assert leak not in public, leak
    assert "Sahel Digital Rights" in public and "A respondent of the Academic community category" in public


def test_the_public_register_shows_the_syntheses_and_nothing_of_a_secretariat_only_input(
    client, consultation, world, moderator, written, settings
):
    codes = world["codes"]
    access = synthesis_save(user=moderator, consultation=consultation, code=codes["Access"], language="en",
                            text="Access is the first condition.", translations={"fr": "L'accès d'abord."})  # fmt: skip
    quote_add(user=moderator, synthesis=access, coding=coding_of(world["secret"], codes["Access"]), after=1)
    quote_add(user=moderator, synthesis=access, coding=coding_of(world["anonymous"], codes["Access"]), after=1)
    services.register_publish(user=moderator, consultation=consultation)
    url = reverse("review:public_register", args=[consultation.slug])
    page = client.get(url).content.decode()
    assert "They differ on security." in page and "Access is the first condition." in page
    assert "What the inputs say, question by question" in page
    assert page.count("Affordable access") >= 2  # the register's quote and the synthesis's
    for leak in ("Alpine Telecom Forum", "routing security", "Switzerland", world["secret"].reference, "Mekong"):
        assert leak not in page, leak
    # The issue's synthesis sits under its issue.
    assert page.index("Access is the first condition.") > page.index(f'id="issue-{codes["Access"].pk}"')
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = client.get(url).content.decode()
    assert "L&#x27;accès d&#x27;abord." in french and 'lang="fr"' in french
    # A quote added later shows at once: the public record's cache is made stale.
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    quote_add(user=moderator, synthesis=access, coding=coding_of(world["named"], codes["Access"]), after=0)
    assert client.get(url).content.decode().count("Sahel Digital Rights") > page.count("Sahel Digital Rights")


def test_the_edit_page_costs_the_same_queries_with_few_or_thousands_of_passages(
    client, consultation, world, moderator, analyst, written, django_assert_max_num_queries
):
    client.force_login(moderator)
    url = edit_url(consultation)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    long_answer = " ".join(["Connectivity" + "s" * 2040] * 49)  # a 100,000-character answer within 50 words
    for n in range(PASSAGES_PER_PAGE + 5):
        organisation = OrganisationFactory(name=f"More {n}", country=country("KEN"), status="verified")
        more = InputFactory(consultation=consultation, organisation=organisation, moderator=moderator, accepted=True,
                            answers={1: long_answer if n == 0 else "Connectivity matters.", 2: "—"})  # fmt: skip
        q1 = more.current_version.answers.get(question__number=1).question_id
        end = len(long_answer) if n == 0 else 4
        services.coding_add(user=analyst, submission=more, version_id=more.current_version_id,
                            passages=[Passage(q1, 0, end)], codes=[world["codes"]["Access"]])  # fmt: skip
    assert Coding.objects.count() > PASSAGES_PER_PAGE
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    page = response.content.decode()
    assert page.count('<li class="passage') == PASSAGES_PER_PAGE and "?page=2" in page
    assert len(page) < 100_000  # the long passage is shown shortened
    assert client.get(url + "?page=2").status_code == HTTPStatus.OK
    assert client.get(url + "?page=999999999999999999999").status_code == HTTPStatus.OK

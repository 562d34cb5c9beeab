"""The issue register: how many inputs raise each issue, from whom, where, and quotes; the public edition honours
each respondent's consent (a secretariat-only input is never counted, quoted or named; an anonymous one is quoted
with its category and region only)."""

import csv
import io
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import Consent, Submission
from review import register, services
from review.models import Assignment, Code, Coding
from review.services import Passage
from tests.factories import (
    DecisionFactory,
    InputFactory,
    ModeratorFactory,
    OrganisationFactory,
    VersionFactory,
    country,
)
from tests.review.conftest import NAMED

pytestmark = pytest.mark.django_db


def direct_count(consultation, edition, code):
    """The inputs of the edition that raise the issue, asked the plain way: codings of it or of its sub-issues."""
    inputs = Submission.objects.filter(consultation=consultation).in_edition(edition)
    issue_and_subs = [code.pk, *Code.objects.filter(parent=code).values_list("pk", flat=True)]
    return (
        Coding.objects.current()
        .filter(submission__in=inputs, code__in=issue_and_subs)
        .values("submission")
        .distinct()
        .count()
    )


@pytest.mark.parametrize("edition", ["public", "complete"])
def test_counts_per_issue_equal_a_direct_query(consultation, world, edition):
    rows = {row.code.name: row for row in register.register_of(consultation, edition).issues}
    for name in ("Access", "Cybercrime", "Spam"):
        assert rows[name].inputs == direct_count(consultation, edition, world["codes"][name]), (name, edition)
    assert (rows["Access"].inputs, rows["Cybercrime"].inputs) == ((2, 1) if edition == "public" else (3, 2))
    assert rows["Access"].questions == {1: rows["Access"].inputs}
    assert set(rows) == {"Cybercrime", "Spam", "Access"}  # issues only; the sub-issue counts for Cybercrime


def test_the_public_edition_never_counts_quotes_or_names_a_secretariat_only_input(consultation, world):
    public = register.register_of(consultation, "public")
    assert public.inputs == 2 and public.inputs_raising == 2
    quotes = [quote for row in public.issues for quote in row.quotes]
    assert {q.reference for q in quotes} == {world["named"].reference, world["anonymous"].reference}
    spam = next(row for row in public.issues if row.code.name == "Spam")
    assert spam.inputs == 0 and not spam.quotes and not spam.cells
    cells = [cell for row in public.issues for cell in row.cells]
    assert "CHE" not in {cell.country for cell in cells} and "private-sector" not in {cell.category for cell in cells}


def test_an_anonymous_input_is_quoted_and_counted_by_category_and_region_only(consultation, world):
    access = next(row for row in register.register_of(consultation, "public").issues if row.code.name == "Access")
    quote = next(q for q in access.quotes if q.reference == world["anonymous"].reference)
    assert (quote.organisation, quote.category, quote.regional_group) == (
        "",
        "Academic community",
        "Asia-Pacific States",
    )
    cell = next(c for c in access.cells if c.category == "academic-community")
    assert (cell.country, cell.development) == ("", "not-shown")


def test_a_reconciled_no_takes_the_input_out_of_the_issue(consultation, world, moderator, analyst, codes):
    ravi = ModeratorFactory(email="ravi@example.org", full_name="Ravi Menon", role="Analyst")
    named = world["named"]
    for coder in (analyst, ravi):
        Assignment.objects.create(submission=named, coder=coder, assigned_by=moderator)
        services.assignment_done(user=coder, submission=named)
    services.reconcile(user=moderator, submission=named, code=codes["Access"], applies=False, note="A passing mention.")
    access = next(row for row in register.register_of(consultation, "complete").issues if row.code.name == "Access")
    assert access.inputs == 2 and named.reference not in {q.reference for q in access.quotes}


def test_the_public_page_appears_only_once_published_and_leaks_nothing(client, consultation, world, moderator):
    url = reverse("review:public_register", args=[consultation.slug])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(moderator)
    publish = reverse("review:register_publish", args=[consultation.slug])
    assert client.post(publish, {"action": "publish"}).status_code == HTTPStatus.FOUND
    client.logout()
    page = client.get(url).content.decode()
    assert "equal footing" in page and "Sahel Digital Rights" in page
    assert "Affordable access" in page and "Mekong Privacy Lab" not in page and "Viet Nam" not in page
    for leak in ("Alpine Telecom Forum", "routing security", "Switzerland", world["secret"].reference, "Andes"):
        assert leak not in page, leak
    record = client.get(reverse("consultations:public_inputs", args=[consultation.slug])).content.decode()
    assert url in record
    rows = list(csv.reader(io.StringIO(client.get(url[:-1] + ".csv").content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["cluster", "issue", "inputs"]
    assert ["Development", "Access", "2", "", "", "", ""] in rows
    assert not [row for row in rows if "private-sector" in row or "CHE" in row]
    client.force_login(moderator)
    client.post(publish, {"action": "withdraw"})
    client.logout()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert url not in client.get(reverse("consultations:public_inputs", args=[consultation.slug])).content.decode()


def test_the_console_shows_every_counted_input_marked_and_the_public_preview(client, consultation, world, moderator):
    client.force_login(moderator)
    url = reverse("review:register", args=[consultation.slug])
    page = client.get(url).content.decode()
    assert "Alpine Telecom Forum" in page and "for the secretariat only" in page and "routing security" in page
    preview = client.get(url + "?edition=public").content.decode()
    assert "Alpine Telecom Forum" not in preview and "routing security" not in preview
    assert client.get(url + "?edition=everything").status_code == HTTPStatus.BAD_REQUEST


def test_the_register_costs_the_same_queries_for_few_or_many_inputs(
    client, consultation, world, moderator, analyst, codes, django_assert_num_queries
):
    client.force_login(moderator)
    url = reverse("review:register", args=[consultation.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(12):
        organisation = OrganisationFactory(name=f"More {n}", country=country("KEN"), status="verified")
        more = InputFactory(consultation=consultation, organisation=organisation, answers={1: NAMED, 2: "—"},
                            moderator=moderator, accepted=True)  # fmt: skip
        q1 = more.current_version.answers.get(question__number=1).question_id
        services.coding_add(user=analyst, submission=more, version_id=more.current_version_id,
                            passages=[Passage(q1, 0, 4)], codes=[codes["Access"], codes["Spam"]])  # fmt: skip
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_an_input_sent_again_for_the_secretariat_only_stays_out_of_the_public_register(consultation, world, moderator):
    waiting = world["waiting"]  # coded while it was to be public, then sent again for the secretariat only
    VersionFactory(submission=waiting, consent=Consent.SECRETARIAT)
    DecisionFactory(submission=waiting, moderator=moderator)
    public = register.register_of(consultation, "public")
    assert waiting.reference not in {quote.reference for row in public.issues for quote in row.quotes}
    assert public.inputs == 2
    complete = {row.code.name: row.inputs for row in register.register_of(consultation, "complete").issues}
    assert complete["Access"] == 4  # the secretariat counts it


def test_the_public_page_is_kept_until_a_coding_or_a_decision_changes_it(
    client, consultation, world, moderator, analyst, codes, django_assert_max_num_queries
):
    services.register_publish(user=moderator, consultation=consultation)
    url = reverse("review:public_register", args=[consultation.slug])
    assert 'Spam</bdi> <span class="help">0 inputs' in client.get(url).content.decode()
    with django_assert_max_num_queries(0):  # whole, from the cache
        client.get(url)
    named = world["named"]
    q1 = named.current_version.answers.get(question__number=1).question_id
    (coding,) = services.coding_add(user=analyst, submission=named, version_id=named.current_version_id,
                                    passages=[Passage(q1, 0, 4)], codes=[codes["Spam"]])  # fmt: skip
    assert 'Spam</bdi> <span class="help">1 input' in client.get(url).content.decode()
    services.coding_remove(user=analyst, coding=coding)
    assert 'Spam</bdi> <span class="help">0 inputs' in client.get(url).content.decode()
    # A decision the public record hears of: the waiting input accepted, its Access coding counts at once.
    before = client.get(url).content.decode()
    DecisionFactory(submission=world["waiting"], moderator=moderator)
    after = client.get(url).content.decode()
    assert "Andes Open Data" not in before and "Andes Open Data" in after


def test_words_coded_by_two_analysts_are_quoted_once(world, consultation, analyst, codes):
    second = ModeratorFactory(email="bo@example.org", full_name="Bo Lindqvist", role="Analyst")
    named = world["named"]
    answer = named.current_version.answers.get(question__number=1)
    start = answer.text.index("equal footing")
    services.coding_add(user=second, submission=named, version_id=named.current_version_id,
                        passages=[Passage(answer.question_id, start, start + len("equal footing"))],
                        codes=[codes["Access"]])  # fmt: skip
    found = register.register_of(consultation, "complete")
    access = next(row for row in found.issues if row.code == codes["Access"])
    assert [quote.reference for quote in access.quotes].count(named.reference) == 1

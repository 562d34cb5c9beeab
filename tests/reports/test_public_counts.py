"""Anonymity holds against counting: what the public record counts of an input published without its organisation's
name is what it shows of it, its stakeholder category and regional group, never its development status or country."""

import csv
import io
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Organisation
from accounts.queries import category_names
from consultations import exports
from consultations.models import Consent, Submission
from reports import balance
from reports.compilation import documents, jobs
from tests.factories import InputFactory, OrganisationFactory, category, country

pytestmark = pytest.mark.django_db

NOT_SHOWN = "Not shown (inputs published without a name)"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def organisation(name, category_slug, iso3):
    return OrganisationFactory(
        name=name, category=category(category_slug), country=country(iso3), status=Organisation.Status.VERIFIED
    )


@pytest.fixture
def anonymous(consultation, moderator):
    """Named inputs from Kenya (developing) and Germany (developed); an anonymous one from France (developed)."""
    kenya = organisation("Nairobi Digital Forum", "civil-society", "KEN")
    germany = organisation("Berliner Netzforum", "private-sector", "DEU")
    france = organisation("Discreet Foundation", "civil-society", "FRA")
    InputFactory(
        consultation=consultation,
        organisation=kenya,
        answers={1: "A Kenyan view.", 2: "x"},
        moderator=moderator,
        accepted=True,
    )
    InputFactory(
        consultation=consultation,
        organisation=germany,
        answers={1: "A German view.", 2: "x"},
        moderator=moderator,
        accepted=True,
    )
    return InputFactory(
        consultation=consultation,
        organisation=france,
        answers={1: "An anonymous view.", 2: "x"},
        consent=Consent.ANONYMOUS,
        moderator=moderator,
        accepted=True,
    )


def move_to(submission, iso3):
    """The same input, had its organisation been from another country (of the same regional group)."""
    Organisation.objects.filter(pk=submission.organisation_id).update(country=country(iso3))
    cache.clear()  # the public pages kept


def public_counts(consultation):
    """Everything the public edition's summary is built from, and the summary."""
    inputs = Submission.objects.public().filter(consultation=consultation)
    cells = documents.summary_cells(consultation, edition="public")
    return balance.cells_of(inputs, public=True), cells, documents.summary_of(cells, category_names())


def compiled_text(consultation, tmp_path, edition):
    """The compilation's text, without whitespace (extraction breaks lines where the layout did)."""
    output = tmp_path / f"{edition}.pdf"
    jobs.compile_to_file(
        consultation,
        arrangement="by-respondent",
        edition=edition,
        cache_dir=tmp_path / "parts",
        output_path=output,
    )
    return "".join("".join(page.extract_text() for page in PdfReader(output).pages).split())


def test_it_counts_an_anonymous_input_by_category_and_regional_group_only(
    consultation, anonymous, django_assert_num_queries
):
    counted, cells, summary = public_counts(consultation)
    shown = {"category": "civil-society", "regional_group": "western-european-others", "count": 1}
    assert {**shown, "developed": balance.NOT_SHOWN} in cells

    tables = dict(summary.tables)
    assert summary.total == 3
    assert tables["By stakeholder category"] == [("Private sector", 1), ("Civil society", 2)]
    assert tables["By regional group"] == [("African States", 1), ("Western European and other States", 2)]
    assert tables["By development status"] == [
        ("Developed countries", 1),
        ("Developing countries", 1),
        (NOT_SHOWN, 1),
    ]
    assert all(sum(n for _label, n in rows) == summary.total for _heading, rows in summary.tables)
    with django_assert_num_queries(1):  # the inputs, grouped
        documents.summary_cells(consultation, edition="public")

    # Had it come from Türkiye, a developing country of the same regional group, no count would read otherwise.
    move_to(anonymous, "TUR")
    assert public_counts(consultation) == (counted, cells, summary)


def test_it_keeps_every_status_in_the_complete_edition(consultation, anonymous):
    complete = dict(documents.summary(consultation, edition="complete").tables)
    assert complete["By development status"] == [("Developed countries", 2), ("Developing countries", 1)]


def test_it_prints_no_status_of_an_anonymous_input_in_the_public_edition(consultation, anonymous, tmp_path):
    public = compiled_text(consultation, tmp_path, "public")
    assert "Whocontributed3inputsinthiscompilation" in public
    assert "Developedcountries1Developingcountries1" + "".join(NOT_SHOWN.split()) + "1" in public
    assert "France" not in public and "DiscreetFoundation" not in public

    complete = compiled_text(consultation, tmp_path, "complete")
    assert "Developedcountries2Developingcountries1" in complete and "Notshown" not in complete


def test_it_shows_the_same_open_data_and_lists_wherever_an_anonymous_input_comes_from(client, consultation, anonymous):
    def public_record():
        table = list(csv.reader(io.StringIO("".join(exports.stream_csv(consultation, edition=exports.PUBLIC)))))
        lists = []
        for query in [{}, {"development": "developed"}, {"development": "developing"}, {"country": "FRA"}]:
            response = client.get(reverse("consultations:public_inputs", args=[consultation.slug]), query)
            assert response.status_code == HTTPStatus.OK
            names = [s.is_anonymous or s.organisation.name for s in response.context["page"].object_list]
            lists.append((names, response.context["counts"]))
        return table, lists

    france = public_record()
    move_to(anonymous, "TUR")
    assert public_record() == france
    row = dict(zip(france[0][0], next(r for r in france[0] if r[0] == anonymous.reference), strict=True))
    assert (row["category"], row["regional_group"]) == ("Civil society", "Western European and other States")
    assert row["organisation"] == row["country"] == row["country_iso3"] == row["development_status"] == ""

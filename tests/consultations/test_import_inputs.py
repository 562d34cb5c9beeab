import io
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import Organisation, VerificationEvent
from accounts.services import organisation_verify
from consultations import imports
from consultations.imports import InputFileError, check, inputs_import, read_rows
from consultations.models import (
    Answer,
    Consent,
    Consultation,
    Decision,
    Question,
    Submission,
    SubmissionState,
    SubmissionVersion,
)
from consultations.text import digest
from tests.factories import OrganisationFactory, category, country

pytestmark = pytest.mark.django_db

HEADER = "organisation,category,country,language,consent,submitted_at,q1,q2,q3"
KENYA = "Kenya ICT Action Network,civil-society,KEN,en,public,2013-07-01T09:30:00Z,Open standards,Capacity,Funding"
BRAZIL = "Rede Brasil Digital,private-sector,BRA,fr,anonymous,2013-07-02 16:00,Interconnection,Peering,"


@pytest.fixture
def consultation(db):
    now = timezone.now()
    consultation = Consultation.objects.create(
        title="Working Group on Enhanced Cooperation",
        slug="wgec-2013",
        reference="WGEC-2013",
        summary="How should enhanced cooperation be implemented?",
        consent_clause="Inputs are published on the website.",
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=30),
        status=Consultation.Status.OPEN,
        languages=["en", "fr", "es", "other"],
    )
    for number in (1, 2, 3):
        Question.objects.create(consultation=consultation, number=number, text=f"Question {number}?")
    return consultation


@pytest.fixture
def kenya(db):
    return OrganisationFactory(
        name="Kenya ICT Action Network",
        category=category("civil-society"),
        country=country("KEN"),
        status=Organisation.Status.VERIFIED,
    )


@pytest.fixture
def brazil(db):
    return OrganisationFactory(
        name="Rede Brasil Digital",
        category=category("private-sector"),
        country=country("BRA"),
        status=Organisation.Status.VERIFIED,
    )


def csv_of(*lines, header=HEADER):
    return "\n".join([header, *lines]) + "\n"


def run(tmp_path, content, *options, name="inputs.csv", email="mona@example.org"):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    out = io.StringIO()
    call_command("import_inputs", "wgec-2013", str(path), "--as", email, *options, stdout=out)
    return out.getvalue()


def fails(tmp_path, content, *options, name="inputs.csv"):
    """Run an import that must fail, check it wrote nothing, and return its message."""
    before = database()
    with pytest.raises(CommandError) as error:
        run(tmp_path, content, *options, name=name)
    assert database() == before
    return str(error.value)


def database():
    models = [Submission, SubmissionVersion, Answer, Decision, Organisation]
    return {model.__name__: model.objects.count() for model in models}


def workbook(rows, *, second_sheet_active=True):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Inputs"
    for row in rows:
        sheet.append(row)
    notes = book.create_sheet("Notes")
    notes.append(["These are not inputs"])
    if second_sheet_active:
        book.active = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_records_each_row_of_a_csv_as_a_submitted_input(tmp_path, consultation, moderator, kenya, brazil):
    out = run(tmp_path, csv_of(KENYA, BRAZIL))

    assert out.strip() == "2 inputs recorded for WGEC-2013, awaiting moderation."
    inputs = list(Submission.objects.select_related("organisation").order_by("number"))
    assert [(s.organisation, s.reference, s.state, s.channel) for s in inputs] == [
        (kenya, "WGEC-2013-0001", SubmissionState.SUBMITTED, Submission.Channel.IMPORT),
        (brazil, "WGEC-2013-0002", SubmissionState.SUBMITTED, Submission.Channel.IMPORT),
    ]
    first, second = inputs
    assert (first.language, first.consent, first.submitted_by) == ("en", Consent.PUBLIC, moderator)
    assert first.submitted_at == datetime(2013, 7, 1, 9, 30, tzinfo=UTC)
    assert second.submitted_at == datetime(2013, 7, 2, 16, 0, tzinfo=UTC)  # naive: UTC
    assert (second.language, second.consent) == ("fr", Consent.ANONYMOUS)
    answers = {a.question.number: a.text for a in first.answers.all()}
    assert answers == {1: "Open standards", 2: "Capacity", 3: "Funding"}


def test_it_keeps_a_version_with_its_digest_and_a_decision_for_each_input(
    tmp_path, consultation, moderator, kenya, brazil
):
    run(tmp_path, csv_of(KENYA, BRAZIL))

    second = Submission.objects.get(organisation=brazil)
    version = second.versions.get()
    expected = digest({1: "Interconnection", 2: "Peering", 3: ""}, [], language="fr", consent="anonymous")
    assert (version.number, version.digest, second.digest) == (1, expected, expected)
    assert list(version.answers.values_list("text", flat=True)) == ["Interconnection", "Peering"]  # no empty Q3
    assert version.attachments == []
    assert second.current_version == version
    decision = second.decisions.get()
    assert (decision.actor, decision.from_state, decision.to_state) == (moderator, "draft", SubmissionState.SUBMITTED)
    assert decision.digest == expected
    assert Decision.objects.count() == 2


def test_it_reads_headers_codes_and_names_in_any_case_and_a_byte_order_mark(tmp_path, consultation, moderator, kenya):
    header = " Organisation , CATEGORY,Country,Language,Consent,Submitted_At,Q1,q2 "
    row = "kenya ict action network,Civil-Society,ken,EN,Public,2013-07-01T09:30:00+03:00,Yes,No"

    run(tmp_path, "\ufeff" + csv_of(row, header=header))

    submission = Submission.objects.get(organisation=kenya)
    assert submission.submitted_at == datetime(2013, 7, 1, 6, 30, tzinfo=UTC)
    assert {a.question.number: a.text for a in submission.answers.all()} == {1: "Yes", 2: "No", 3: ""}


@pytest.mark.parametrize("name", ["inputs.xlsx", "inputs-from-the-chair.csv"])
def test_it_reads_the_first_worksheet_of_an_xlsx_workbook_whatever_its_name(
    tmp_path, consultation, moderator, kenya, brazil, name
):
    data = workbook(
        [
            HEADER.split(","),
            [*KENYA.split(",")[:5], datetime(2013, 7, 1, 9, 30), "Open standards", "Capacity", "Funding"],
            [None] * 9,
            [*BRAZIL.split(",")[:5], "2013-07-02T16:00:00Z", "Interconnection", "Peering", None],
        ]
    )

    out = run(tmp_path, data, name=name)

    assert out.strip() == "2 inputs recorded for WGEC-2013, awaiting moderation."
    first, second = Submission.objects.order_by("number")
    assert (first.organisation, first.reference, first.channel) == (kenya, "WGEC-2013-0001", Submission.Channel.IMPORT)
    assert first.submitted_at == datetime(2013, 7, 1, 9, 30, tzinfo=UTC)
    assert list(second.current_version.answers.values_list("text", flat=True)) == ["Interconnection", "Peering"]


def test_it_counts_xlsx_lines_as_the_spreadsheet_shows_them(tmp_path, consultation, moderator, kenya):
    data = workbook([HEADER.split(","), [], KENYA.replace("KEN", "XYZ").split(",")])

    assert 'Line 3: unknown country "XYZ"' in fails(tmp_path, data, name="inputs.xlsx")


def test_it_creates_verified_organisations_when_asked(tmp_path, consultation, moderator):
    rows = [
        "Andean Broadband Forum,technical-community,PER,es,public,2013-07-03T10:00:00Z,Uno,Dos,Tres",
        "Government of Senegal,government,SEN,fr,secretariat,2013-07-03T11:00:00Z,Un,Deux,Trois",
    ]

    out = run(tmp_path, csv_of(*rows), "--create-organisations")

    assert out.strip() == "2 inputs recorded for WGEC-2013, awaiting moderation."
    forum = Organisation.objects.get(name="Andean Broadband Forum")
    assert (forum.category, forum.country) == (category("technical-community"), country("PER"))
    assert (forum.status, forum.verified_by, forum.created_by) == (Organisation.Status.VERIFIED, moderator, moderator)
    assert forum.verified_at is not None
    assert forum.verification_note == "Created by import of inputs.csv"
    government = Organisation.objects.get(name="Government of Senegal")
    assert government.is_verified
    assert government.submissions.get().state == SubmissionState.SUBMITTED


@pytest.mark.parametrize("state", [SubmissionState.DRAFT, SubmissionState.WITHDRAWN])
def test_it_replaces_a_draft_or_withdrawn_input_with_what_was_received(tmp_path, consultation, moderator, kenya, state):
    earlier = Submission.objects.create(consultation=consultation, organisation=kenya, state=state)
    Answer.objects.create(submission=earlier, question=consultation.questions.get(number=3), text="An old answer")

    run(
        tmp_path,
        csv_of("Kenya ICT Action Network,civil-society,KEN,en,public,2013-07-01T09:30:00Z,New", header=HEADER[:-6]),
    )

    submission = Submission.objects.get()
    assert (submission.pk, submission.state) == (earlier.pk, SubmissionState.SUBMITTED)
    assert {a.question.number: a.text for a in submission.answers.all()} == {1: "New", 2: "", 3: ""}
    assert list(submission.current_version.answers.values_list("text", flat=True)) == ["New"]  # nothing for Q3


@pytest.mark.parametrize(
    "state",
    [SubmissionState.SUBMITTED, SubmissionState.ACCEPTED, SubmissionState.REJECTED, SubmissionState.CHANGES_REQUESTED],
)
def test_it_refuses_to_replace_an_input_already_sent(tmp_path, consultation, moderator, kenya, brazil, state):
    Submission.objects.create(
        consultation=consultation, organisation=kenya, state=state, number=1, reference="WGEC-2013-0001"
    )

    message = fails(tmp_path, csv_of(BRAZIL, KENYA))

    assert "Line 3: Kenya ICT Action Network already has an input (WGEC-2013-0001) in this consultation" in message


def test_it_refuses_a_second_government_for_a_member_state(tmp_path, consultation, moderator):
    OrganisationFactory(
        name="Government of Senegal",
        category=category("government"),
        country=country("SEN"),
        status=Organisation.Status.VERIFIED,
    )
    rows = [
        "Senegal Ministry of Communication,government,SEN,fr,public,2013-07-01T09:30:00Z,Un,,",
        "Ghana Ministry of Communications,government,GHA,en,public,2013-07-01T09:30:00Z,One,,",
        "Ghana National Communications Authority,government,GHA,en,public,2013-07-01T09:30:00Z,One,,",
        "Senegal Internet Society,civil-society,SEN,fr,public,2013-07-01T09:30:00Z,Un,,",
    ]

    message = fails(tmp_path, csv_of(*rows), "--create-organisations")

    assert (
        "Line 2: Senegal is already represented by the verified Government organisation Government of Senegal"
        in message
    )
    assert "Line 4: Ghana already has a Government organisation on line 3" in message
    assert "Line 5" not in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            csv_of(KENYA, header="organisation,category,country,language,consent,date,q1,q2,q3"),
            ["Line 1: unknown column date", "Line 1: missing columns: submitted_at"],
            id="wrong-column",
        ),
        pytest.param(
            csv_of(KENYA, header="organisation,category,country,language,submitted_at,q1,q2,q3"),
            ["Line 1: missing columns: consent"],
            id="missing-column",
        ),
        pytest.param(
            csv_of(KENYA, header="organisation,category,country,language,consent,submitted_at,q1,q1,q3"),
            ["Line 1: the column q1 appears twice"],
            id="twice-the-same-column",
        ),
        pytest.param(
            csv_of("Kenya ICT,civil-society,KEN,en,public,2013-07-01T09:30:00Z", header=HEADER[:-9]),
            ["Line 1: no question columns (q1, q2, …)"],
            id="no-question-column",
        ),
        pytest.param(
            csv_of(KENYA + ",Q4", header=HEADER + ",q4"),
            ["Line 1: column q4: this consultation has no question 4"],
            id="unknown-question",
        ),
        pytest.param(
            csv_of(KENYA, "Nowhere Network,civil-society,KEN,en,public,2013-07-01T09:30:00Z,A,B,C"),
            ["Line 3: no organisation is named Nowhere Network; register it first"],
            id="unknown-organisation",
        ),
        pytest.param(
            csv_of(KENYA, ",civil-society,KEN,en,public,2013-07-01T09:30:00Z,A,B,C"),
            ["Line 3: the organisation is empty"],
            id="no-organisation",
        ),
        pytest.param(
            csv_of(KENYA.replace("civil-society", "private-sector")),
            ["Line 2: Kenya ICT Action Network is registered in the category civil-society, not private-sector"],
            id="organisation-in-another-category",
        ),
        pytest.param(
            csv_of(KENYA.replace("KEN", "UGA")),
            ["Line 2: Kenya ICT Action Network is registered in KEN, not UGA"],
            id="organisation-in-another-country",
        ),
        pytest.param(
            csv_of(KENYA.replace("civil-society", "ngo")),
            ['Line 2: unknown category "ngo" (use one of: academic-community, civil-society, government,'],
            id="unknown-category",
        ),
        pytest.param(
            csv_of(KENYA.replace("KEN", "KNY")),
            ['Line 2: unknown country "KNY"'],
            id="unknown-country",
        ),
        pytest.param(
            csv_of(KENYA.replace(",en,", ",de,")),
            ['Line 2: unknown language "de" (use one of: en, fr, es, other)'],
            id="unknown-language",
        ),
        pytest.param(
            csv_of(KENYA.replace(",en,", ",ar,")),
            ['Line 2: this consultation does not accept inputs in "ar" (use one of: en, fr, es, other)'],
            id="language-not-accepted",
        ),
        pytest.param(
            csv_of(KENYA.replace("public", "confidential")),
            ['Line 2: consent must be public, anonymous or secretariat, not "confidential"'],
            id="bad-consent",
        ),
        pytest.param(
            csv_of(KENYA.replace("2013-07-01T09:30:00Z", "1 July 2013")),
            ['Line 2: submitted_at must be an ISO 8601 date and time such as 2013-07-01T14:30:00Z, not "1 July 2013"'],
            id="bad-date",
        ),
        pytest.param(
            csv_of(KENYA.replace("2013-07-01T09:30:00Z", "2999-01-01T00:00:00Z")),
            ["Line 2: submitted_at 2999-01-01T00:00:00+00:00 is in the future"],
            id="future-date",
        ),
        pytest.param(
            csv_of(KENYA, BRAZIL, KENYA.replace("Kenya ICT", "KENYA ICT")),
            ["Line 4: KENYA ICT Action Network already appears on line 2"],
            id="organisation-twice",
        ),
        pytest.param(
            csv_of(KENYA, "", BRAZIL + ",extra"),
            ["Line 4: 10 values, but the header has 9 columns"],
            id="too-many-values-after-a-blank-line",
        ),
        pytest.param(
            csv_of(KENYA.replace("KEN", "XYZ"), BRAZIL.replace("fr", "de")),
            ['Line 2: unknown country "XYZ"', 'Line 3: unknown language "de"'],
            id="every-problem-listed",
        ),
        pytest.param("", ["The file is empty."], id="empty-file"),
        pytest.param("\ufeff\n\n", ["The file is empty."], id="blank-file"),
        pytest.param(csv_of(), ["The file has no inputs below the header."], id="header-only"),
        pytest.param(
            csv_of(KENYA).encode("utf-8").replace(b"Capacity", "Capacité".encode("latin-1")),
            ["The file is not UTF-8 text; save it as CSV UTF-8 and try again."],
            id="not-utf-8",
        ),
        pytest.param(
            b"PK\x03\x04 not really a workbook",
            ["The file is not a readable XLSX workbook; save it as XLSX or CSV UTF-8."],
            id="unreadable-xlsx",
        ),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .xls",
            ["The file is not a readable XLSX workbook; save it as XLSX or CSV UTF-8."],
            id="old-xls",
        ),
    ],
)
def test_it_imports_nothing_from_a_file_with_a_problem(
    tmp_path, consultation, moderator, kenya, brazil, content, expected
):
    message = fails(tmp_path, content)

    assert message.startswith("Nothing was imported; fix these problems and try again:")
    for problem in expected:
        assert problem in message


def test_it_names_unknown_organisations_without_the_option_to_create_them(tmp_path, consultation, moderator):
    row = "Andean Broadband Forum,technical-community,PER,es,public,2013-07-03T10:00:00Z,Uno,Dos,Tres"

    assert "Line 2: no organisation is named Andean Broadband Forum" in fails(tmp_path, csv_of(row))


def test_it_refuses_a_name_two_organisations_share(tmp_path, consultation, moderator, kenya):
    OrganisationFactory(name="KENYA ICT ACTION NETWORK", country=country("KEN"), status=Organisation.Status.VERIFIED)

    message = fails(tmp_path, csv_of(KENYA))

    assert "Line 2: several organisations are named Kenya ICT Action Network; rename all but one" in message


def test_it_creates_no_organisation_with_a_name_too_long(tmp_path, consultation, moderator):
    row = "N" * 201 + ",civil-society,KEN,en,public,2013-07-01T09:30:00Z,A,B,C"

    message = fails(tmp_path, csv_of(row), "--create-organisations")

    assert "Line 2: the organisation's name is longer than 200 characters" in message


def test_it_needs_an_existing_file(tmp_path, consultation, moderator):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_inputs", "wgec-2013", str(tmp_path / "missing.csv"), "--as", moderator.email)


def test_it_needs_an_existing_consultation(tmp_path, moderator):
    path = tmp_path / "inputs.csv"
    path.write_text(csv_of(KENYA), encoding="utf-8")

    with pytest.raises(CommandError, match="No consultation has the slug wgec-2099"):
        call_command("import_inputs", "wgec-2099", str(path), "--as", moderator.email)


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("aissatou@example.org", "aissatou@example.org is not a moderator"),
        ("chen@example.org", "chen@example.org is not a moderator"),
        ("nobody@example.org", "No user has the e-mail address nobody@example.org"),
    ],
)
def test_it_records_only_as_a_moderator(tmp_path, consultation, kenya, focal_point, chair, email, expected):
    before = database()

    with pytest.raises(CommandError, match=expected):
        run(tmp_path, csv_of(KENYA), email=email)

    assert database() == before


def test_it_needs_someone_to_record_as(tmp_path, consultation):
    path = tmp_path / "inputs.csv"
    path.write_text(csv_of(KENYA), encoding="utf-8")

    with pytest.raises(CommandError, match="--as"):
        call_command("import_inputs", "wgec-2013", str(path))


def test_it_imports_an_upload_through_the_same_function(consultation, moderator, kenya, brazil):
    data = csv_of(KENYA, BRAZIL).encode("utf-8")

    count = inputs_import(moderator=moderator, consultation=consultation, name="upload.csv", data=data)

    assert count == 2
    assert Submission.objects.filter(state=SubmissionState.SUBMITTED).count() == 2


def test_it_refuses_an_upload_from_someone_who_cannot_moderate(consultation, focal_point, kenya):
    with pytest.raises(PermissionDenied):
        inputs_import(
            moderator=focal_point, consultation=consultation, name="upload.csv", data=csv_of(KENYA).encode("utf-8")
        )

    assert not Submission.objects.exists()


def test_it_reports_problems_through_the_functions_too(consultation, kenya):
    rows = read_rows("upload.csv", csv_of(KENYA.replace("public", "private")).encode("utf-8"))

    with pytest.raises(InputFileError) as error:
        check(consultation, rows, create_organisations=False)

    assert error.value.problems == ['Line 2: consent must be public, anonymous or secretariat, not "private"']


def test_it_checks_any_number_of_rows_in_a_fixed_number_of_queries(consultation, django_assert_num_queries):
    names = [f"Network {n}" for n in range(20)]
    for name in names:
        OrganisationFactory(name=name, status=Organisation.Status.VERIFIED)
    lines = [f"{name},civil-society,KEN,en,public,2013-07-01T09:30:00Z,A,B,C" for name in names]
    rows = read_rows("inputs.csv", csv_of(*lines).encode("utf-8"))

    # questions, categories, countries, organisations by name, their inputs in this consultation
    with django_assert_num_queries(5):
        plans = check(consultation, rows, create_organisations=False)

    assert len(plans) == 20


def test_it_verifies_the_organisations_it_creates_as_a_moderator_would(
    tmp_path, consultation, moderator, verifications
):
    rows = [
        "Andean Broadband Forum,technical-community,PER,es,public,2013-07-03T10:00:00Z,Uno,Dos,Tres",
        "Government of Senegal,government,SEN,fr,secretariat,2013-07-03T11:00:00Z,Un,Deux,Trois",
    ]

    run(tmp_path, csv_of(*rows), "--create-organisations", name="from-the-chair.csv")

    created = list(Organisation.objects.filter(name__in=["Andean Broadband Forum", "Government of Senegal"]))
    events = VerificationEvent.objects.filter(organisation__in=created)
    assert sorted((e.organisation.name, e.actor, e.to_status, e.note) for e in events) == [
        ("Andean Broadband Forum", moderator, "verified", "Created by import of from-the-chair.csv"),
        ("Government of Senegal", moderator, "verified", "Created by import of from-the-chair.csv"),
    ]
    assert sorted(verifications) == sorted(o.pk for o in created)


def test_it_refuses_a_second_government_with_the_message_of_verification(tmp_path, consultation, moderator):
    senegal = OrganisationFactory(name="Government of Senegal", category=category("government"), country=country("SEN"))
    organisation_verify(moderator=moderator, organisation=senegal)
    other = OrganisationFactory(name="Senegal Mission", category=category("government"), country=country("SEN"))
    with pytest.raises(ValidationError) as verifying:
        organisation_verify(moderator=moderator, organisation=other)
    row = "Senegal Ministry of Communication,government,SEN,fr,public,2013-07-01T09:30:00Z,Un,,"

    message = fails(tmp_path, csv_of(row), "--create-organisations")

    assert f"Line 2: {verifying.value.messages[0]}\n" in message + "\n"


def test_it_names_the_line_of_a_government_verified_after_the_check(tmp_path, consultation, moderator, monkeypatch):
    senegal = OrganisationFactory(name="Government of Senegal", category=category("government"), country=country("SEN"))

    def check_then_verify(*args, **kwargs):
        plans = check(*args, **kwargs)
        organisation_verify(moderator=moderator, organisation=senegal)  # another moderator, just after the check
        return plans

    monkeypatch.setattr(imports, "check", check_then_verify)
    rows = [KENYA, "Senegal Ministry of Communication,government,SEN,fr,public,2013-07-01T09:30:00Z,Un,,"]

    message = fails(tmp_path, csv_of(*rows), "--create-organisations")

    assert message.endswith(
        "Line 3: Senegal is already represented by the verified Government organisation Government of Senegal."
    )

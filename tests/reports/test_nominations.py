import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from accounts.models import Organisation, VerificationEvent
from accounts.services import organisation_verify
from reports import nominations
from reports.models import Gender, Nomination
from reports.nominations import NominationFileError, check, nominations_import
from tests.factories import OrganisationFactory, UserFactory, WorkingGroupFactory, category, country

pytestmark = pytest.mark.django_db

HEADER = "name,organisation,category,country,gender,rank,statement"
AMINA = "Amina Diallo,Sahel Digital Rights Network,civil-society,SEN,female,1,Twenty years of digital rights work"
IBRAHIMA = "Ibrahima Fall,Sahel Digital Rights Network,civil-society,SEN,male,,"
KENJI = "Kenji Sato,Nippon Telecom,private-sector,JPN,,3,"


@pytest.fixture
def group(db):
    return WorkingGroupFactory()


@pytest.fixture
def sahel(db):
    return OrganisationFactory(
        name="Sahel Digital Rights Network",
        category=category("civil-society"),
        country=country("SEN"),
        status=Organisation.Status.VERIFIED,
    )


@pytest.fixture
def nippon(db):
    return OrganisationFactory(
        name="Nippon Telecom",
        category=category("private-sector"),
        country=country("JPN"),
        status=Organisation.Status.VERIFIED,
    )


def csv_of(*lines, header=HEADER):
    return "\n".join([header, *lines]) + "\n"


def workbook(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(tmp_path, content, *options, name="nominations.csv", email="mona@example.org"):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    out = io.StringIO()
    call_command("import_nominations", "wgec", str(path), "--as", email, *options, stdout=out)
    return out.getvalue()


def database():
    return {"nominations": list(Nomination.objects.values_list("pk", flat=True)), "organisations": list(
        Organisation.objects.values_list("pk", "status")
    )}  # fmt: skip


def fails(tmp_path, content, *options, name="nominations.csv"):
    """Run an import that must fail, check it wrote nothing, and return its problems, one a line."""
    before = database()
    with pytest.raises(CommandError) as error:
        run(tmp_path, content, *options, name=name)
    assert database() == before
    message = str(error.value)
    assert message.startswith("Nothing was imported; fix these problems and try again:\n")
    return [line.strip() for line in message.splitlines()[1:]]


# Good sheets


def test_it_records_each_row_of_a_csv_as_a_proposed_nomination(tmp_path, group, moderator, sahel, nippon):
    out = run(tmp_path, csv_of(AMINA, IBRAHIMA, KENJI))

    assert out.strip() == "3 nominations recorded for Working Group on Enhanced Cooperation."
    rows = Nomination.objects.order_by("name").values_list(
        "name", "organisation", "gender", "rank", "statement", "status", "nominated_by", "working_group"
    )
    assert list(rows) == [
        ("Amina Diallo", sahel.pk, Gender.FEMALE, 1, "Twenty years of digital rights work", "proposed", moderator.pk,
         group.pk),
        ("Ibrahima Fall", sahel.pk, Gender.MALE, None, "", "proposed", moderator.pk, group.pk),
        ("Kenji Sato", nippon.pk, "", 3, "", "proposed", moderator.pk, group.pk),
    ]  # fmt: skip


def test_it_reads_an_xlsx_with_headers_in_any_order_and_case(tmp_path, group, moderator, sahel, nippon):
    rows = [
        ["Rank", "Name", "Organisation", "Category", "Country", "Gender", "Statement"],
        [2, "Amina Diallo", "sahel digital rights network", "Civil-Society", "sen", "Female", None],
        [1.0, "  Kenji Sato ", "Nippon Telecom", "private-sector", "JPN", None, "Peering"],
        [None, None, None, None, None, None, None],
    ]

    out = run(tmp_path, workbook(rows), name="nominations.xlsx")

    assert out.strip() == "2 nominations recorded for Working Group on Enhanced Cooperation."
    rows = Nomination.objects.order_by("name").values_list("name", "organisation", "gender", "rank", "statement")
    assert list(rows) == [
        ("Amina Diallo", sahel.pk, Gender.FEMALE, 2, ""),
        ("Kenji Sato", nippon.pk, "", 1, "Peering"),
    ]


def test_it_creates_unknown_organisations_verified_by_the_moderator_when_asked(tmp_path, group, moderator, sahel):
    content = csv_of(
        AMINA,
        "Lucía Gómez,Red Andina de Datos,academic-community,PER,female,2,",
        "Pedro Ruiz,red andina de datos,academic-community,PER,male,,",
        "Kwame Mensah,Government of Ghana,government,GHA,male,1,",
    )

    out = run(tmp_path, content, "--create-organisations")

    assert out.strip() == "4 nominations recorded for Working Group on Enhanced Cooperation."
    andina = Organisation.objects.get(name="Red Andina de Datos")
    assert (andina.category.slug, andina.country.iso3, andina.status) == ("academic-community", "PER", "verified")
    assert (andina.verified_by, andina.created_by) == (moderator, moderator)
    assert andina.verified_at is not None
    assert andina.verification_note == "Created by import of nominations.csv"
    assert sorted(andina.nominations.values_list("name", flat=True)) == ["Lucía Gómez", "Pedro Ruiz"]
    ghana = Organisation.objects.get(name="Government of Ghana")
    assert (ghana.category.slug, ghana.country.iso3, ghana.is_verified) == ("government", "GHA", True)
    assert Organisation.objects.count() == 3


def test_it_can_be_called_as_a_service(group, moderator, sahel):
    count = nominations_import(
        moderator=moderator, working_group=group, name="n.csv", data=csv_of(AMINA).encode("utf-8")
    )

    assert count == 1
    assert group.nominations.get().name == "Amina Diallo"


# Bad sheets: a clear message and nothing written


def test_it_refuses_a_nomination_for_an_organisation_that_is_not_verified(tmp_path, group, moderator, sahel):
    pending = OrganisationFactory(
        name="Andes Open Data", category=category("civil-society"), country=country("PER"), status="pending"
    )
    refused = OrganisationFactory(
        name="Closed Data Ltd", category=category("private-sector"), country=country("GBR"), status="refused"
    )
    content = csv_of(
        AMINA,
        f"Rosa Quispe,{pending.name},civil-society,PER,female,,",
        f"John Smith,{refused.name},private-sector,GBR,male,,",
    )

    assert fails(tmp_path, content, "--create-organisations") == [
        "Line 3: Andes Open Data is not verified (awaiting verification); only verified organisations can nominate",
        "Line 4: Closed Data Ltd is not verified (refused); only verified organisations can nominate",
    ]


def test_it_refuses_an_unknown_country_category_or_organisation(tmp_path, group, moderator, sahel):
    content = csv_of(
        "Amina Diallo,Sahel Digital Rights Network,civil-society,XYZ,female,1,",
        "Ibrahima Fall,Sahel Digital Rights Network,charity,SEN,male,,",
        "Kenji Sato,Nippon Telecom,private-sector,JPN,,3,",
    )

    assert fails(tmp_path, content) == [
        'Line 2: unknown country "XYZ" (use ISO alpha-3, e.g. KEN, or its UN name)',
        'Line 3: unknown category "charity" (use one of: academic-community, civil-society, government, '
        "intergovernmental, private-sector, technical-community, or their names)",
        "Line 4: no organisation is named Nippon Telecom; register it first or let the import create organisations",
    ]


def test_it_refuses_a_cell_holding_a_nul_and_names_its_line(tmp_path, group, moderator, sahel):
    content = csv_of(AMINA, "Ibrahima Fall,Sahel Digital Rights Network,civil-society,SEN,male,,Fifteen\x00 years")

    assert fails(tmp_path, content) == ["Line 3: a cell holds a NUL character, which is not text; remove it"]


def test_it_refuses_a_person_twice_in_the_file(tmp_path, group, moderator, sahel):
    content = csv_of(AMINA, IBRAHIMA, "  amina DIALLO ,sahel digital rights network,civil-society,SEN,female,2,")

    assert fails(tmp_path, content) == [
        "Line 4: amina DIALLO of sahel digital rights network already appears on line 2",
    ]


def test_it_refuses_a_person_twice_for_a_new_organisation(tmp_path, group, moderator):
    content = csv_of(
        "Lucía Gómez,Red Andina de Datos,academic-community,PER,female,2,",
        "LUCÍA GÓMEZ,Red Andina de Datos,academic-community,PER,female,,",
    )

    assert fails(tmp_path, content, "--create-organisations") == [
        "Line 3: LUCÍA GÓMEZ of Red Andina de Datos already appears on line 2",
    ]


def test_it_allows_the_same_name_for_two_organisations(tmp_path, group, moderator, sahel, nippon):
    run(tmp_path, csv_of(AMINA, "Amina Diallo,Nippon Telecom,private-sector,JPN,female,,"))

    assert Nomination.objects.filter(name="Amina Diallo").count() == 2


def test_it_refuses_a_person_already_nominated_to_the_group(tmp_path, group, moderator, sahel):
    Nomination.objects.create(working_group=group, organisation=sahel, name="Amina Diallo")

    assert fails(tmp_path, csv_of(IBRAHIMA, AMINA.replace("Amina Diallo", "amina diallo "))) == [
        "Line 3: amina diallo of Sahel Digital Rights Network is already nominated to this working group",
    ]


def test_it_allows_a_person_nominated_to_another_group(tmp_path, group, moderator, sahel):
    other = WorkingGroupFactory(name="Another group", slug="other", policy=group.policy)
    Nomination.objects.create(working_group=other, organisation=sahel, name="Amina Diallo")

    run(tmp_path, csv_of(AMINA))

    assert group.nominations.get().name == "Amina Diallo"


def test_it_refuses_a_row_whose_category_or_country_disagrees_with_the_organisation(tmp_path, group, moderator, sahel):
    content = csv_of(
        "Amina Diallo,Sahel Digital Rights Network,academic-community,SEN,female,1,",
        "Ibrahima Fall,Sahel Digital Rights Network,civil-society,MLI,male,,",
    )

    assert fails(tmp_path, content) == [
        "Line 2: Sahel Digital Rights Network is registered in the category civil-society, not academic-community",
        "Line 3: Sahel Digital Rights Network is registered in SEN, not MLI",
    ]


def test_it_refuses_one_new_organisation_with_two_categories_or_countries(tmp_path, group, moderator):
    content = csv_of(
        "Lucía Gómez,Red Andina de Datos,academic-community,PER,female,2,",
        "Pedro Ruiz,Red Andina de Datos,technical-community,PER,male,,",
    )

    assert fails(tmp_path, content, "--create-organisations") == [
        "Line 3: Red Andina de Datos is on line 2 as academic-community in PER; one organisation, one of each",
    ]


def test_it_refuses_a_second_government_for_a_country(tmp_path, group, moderator):
    OrganisationFactory(
        name="Republic of Ghana", category=category("government"), country=country("GHA"), status="verified"
    )
    content = csv_of(
        "Kwame Mensah,Government of Ghana,government,GHA,male,1,",
        "Ama Owusu,Government of Kenya,government,KEN,female,,",
        "Wanjiru Kamau,Kenyan Ministry of ICT,government,KEN,female,,",
    )

    assert fails(tmp_path, content, "--create-organisations") == [
        "Line 2: Ghana is already represented by the verified Government organisation Republic of Ghana.",
        "Line 4: Kenya already has a Government organisation on line 3",
    ]


@pytest.mark.parametrize(
    ("gender", "rank", "problem"),
    [
        ("woman", "1", 'gender must be female, male, other or empty, not "woman"'),
        ("female", "0", 'rank must be a positive whole number or empty, not "0"'),
        ("female", "-2", 'rank must be a positive whole number or empty, not "-2"'),
        ("female", "1.5", 'rank must be a positive whole number or empty, not "1.5"'),
        ("female", "first", 'rank must be a positive whole number or empty, not "first"'),
    ],
)
def test_it_refuses_a_bad_gender_or_rank(tmp_path, group, moderator, sahel, gender, rank, problem):
    row = f"Amina Diallo,Sahel Digital Rights Network,civil-society,SEN,{gender},{rank},"

    assert fails(tmp_path, csv_of(IBRAHIMA, row)) == [f"Line 3: {problem}"]


def test_it_refuses_a_row_without_a_name_or_organisation(tmp_path, group, moderator, sahel):
    content = csv_of(",Sahel Digital Rights Network,civil-society,SEN,,,", "Amina Diallo,,civil-society,SEN,,,")

    assert fails(tmp_path, content) == [
        "Line 2: the name of the person nominated is empty",
        "Line 3: the organisation is empty",
    ]


def test_it_refuses_a_wrong_header(tmp_path, group, moderator, sahel):
    content = csv_of(AMINA.rsplit(",", 1)[0], header="name,organisation,category,country,gender,ranking")

    assert fails(tmp_path, content) == [
        "Line 1: unknown column ranking (expected name,organisation,category,country,gender,rank,statement)",
        "Line 1: missing columns: rank, statement",
    ]


def test_it_refuses_an_empty_sheet_and_one_with_only_a_header(tmp_path, group, moderator):
    assert fails(tmp_path, "") == ["The file is empty."]
    assert fails(tmp_path, csv_of()) == ["The file has no nominations below the header."]


def test_it_refuses_a_damaged_workbook(tmp_path, group, moderator):
    assert fails(tmp_path, b"PK\x03\x04 not really a zip", name="nominations.xlsx") == [
        "The file is not a readable XLSX workbook; save it as XLSX or CSV UTF-8."
    ]


def test_it_lists_every_problem_of_an_xlsx_by_its_line(tmp_path, group, moderator, sahel):
    rows = [
        HEADER.split(","),
        ["Amina Diallo", "Sahel Digital Rights Network", "civil-society", "SEN", "female", 1, ""],
        [None] * 7,
        ["Ibrahima Fall", "Sahel Digital Rights Network", "civil-society", "SNN", "male", 0.5, ""],
    ]

    assert fails(tmp_path, workbook(rows), name="nominations.xlsx") == [
        'Line 4: unknown country "SNN" (use ISO alpha-3, e.g. KEN, or its UN name) — did you mean "SN (Senegal, SEN)"?',
        'Line 4: rank must be a positive whole number or empty, not "0.5"',
    ]


# Who may import


def test_it_refuses_someone_who_is_not_a_moderator(tmp_path, group, sahel):
    UserFactory(email="olga@example.org")

    with pytest.raises(CommandError, match="olga@example.org is not a moderator"):
        run(tmp_path, csv_of(AMINA), email="olga@example.org")
    with pytest.raises(PermissionDenied):
        nominations_import(
            moderator=UserFactory(), working_group=group, name="n.csv", data=csv_of(AMINA).encode("utf-8")
        )
    assert not Nomination.objects.exists()


def test_it_refuses_an_unknown_group_file_or_user(tmp_path, group, moderator):
    with pytest.raises(CommandError, match="No working group has the slug nowhere"):
        call_command("import_nominations", "nowhere", "x.csv", "--as", "mona@example.org")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_nominations", "wgec", str(tmp_path / "missing.csv"), "--as", "mona@example.org")
    with pytest.raises(CommandError, match="No user has the e-mail address nobody@example.org"):
        run(tmp_path, csv_of(AMINA), email="nobody@example.org")


def test_the_service_raises_every_problem_together(group, moderator, sahel):
    with pytest.raises(NominationFileError) as error:
        nominations_import(
            moderator=moderator,
            working_group=group,
            name="n.csv",
            data=csv_of(AMINA, AMINA, "X,Nowhere,civil-society,SEN,,,").encode("utf-8"),
        )

    assert error.value.problems == [
        "Line 3: Amina Diallo of Sahel Digital Rights Network already appears on line 2",
        "Line 4: no organisation is named Nowhere; register it first or let the import create organisations",
    ]


# Organisations it creates


def test_it_verifies_the_organisations_it_creates_as_a_moderator_would(tmp_path, group, moderator, verifications):
    content = csv_of(
        "Lucía Gómez,Red Andina de Datos,academic-community,PER,female,2,",
        "Pedro Ruiz,red andina de datos,academic-community,PER,male,,",
        "Kwame Mensah,Government of Ghana,government,GHA,male,1,",
    )

    run(tmp_path, content, "--create-organisations", name="slate.csv")

    andina, ghana = (Organisation.objects.get(name=name) for name in ("Red Andina de Datos", "Government of Ghana"))
    events = VerificationEvent.objects.order_by("organisation__name")
    assert [(e.organisation, e.actor, e.to_status, e.note) for e in events] == [
        (ghana, moderator, "verified", "Created by import of slate.csv"),
        (andina, moderator, "verified", "Created by import of slate.csv"),
    ]
    assert verifications == [andina.pk, ghana.pk]


def test_it_refuses_a_second_government_with_the_message_of_verification(tmp_path, group, moderator):
    ghana = OrganisationFactory(name="Republic of Ghana", category=category("government"), country=country("GHA"))
    organisation_verify(moderator=moderator, organisation=ghana)
    other = OrganisationFactory(name="Ghana Mission", category=category("government"), country=country("GHA"))
    with pytest.raises(ValidationError) as verifying:
        organisation_verify(moderator=moderator, organisation=other)

    problems = fails(
        tmp_path, csv_of("Kwame Mensah,Government of Ghana,government,GHA,male,1,"), "--create-organisations"
    )

    assert problems == [f"Line 2: {verifying.value.messages[0]}"]


def test_it_names_the_line_of_a_government_verified_after_the_check(tmp_path, group, moderator, sahel, monkeypatch):
    ghana = OrganisationFactory(name="Republic of Ghana", category=category("government"), country=country("GHA"))

    def check_then_verify(*args, **kwargs):
        plans = check(*args, **kwargs)
        organisation_verify(moderator=moderator, organisation=ghana)  # another moderator, just after the check
        return plans

    monkeypatch.setattr(nominations, "check", check_then_verify)
    content = csv_of(AMINA, "Kwame Mensah,Government of Ghana,government,GHA,male,1,")

    assert fails(tmp_path, content, "--create-organisations") == [
        "Line 3: Ghana is already represented by the verified Government organisation Republic of Ghana."
    ]

import csv
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.countries import SEED_FILE
from accounts.models import Country, RegionalGroup, StakeholderCategory, UNStatus
from reports import policy as policies
from reports.balance import cross_table, evaluate, inputs_cells
from tests.factories import InputFactory, OrganisationFactory, category

pytestmark = pytest.mark.django_db


def export():
    out = io.StringIO()
    call_command("export_countries", stdout=out)
    return out.getvalue()


def import_text(tmp_path, text):
    path = tmp_path / "countries.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_countries", str(path), stdout=out)
    return out.getvalue()


def test_it_holds_every_member_state_and_the_two_observers():
    assert Country.objects.filter(un_status=UNStatus.MEMBER).count() == 193
    observers = set(Country.objects.filter(un_status=UNStatus.OBSERVER).values_list("name", flat=True))
    assert observers == {"Holy See", "State of Palestine"}


def test_it_sizes_the_regional_groups_as_the_un_counts_them():
    members = Country.objects.filter(un_status=UNStatus.MEMBER)
    sizes = Counter(members.values_list("regional_group", flat=True))
    assert sizes == {
        RegionalGroup.AFRICAN: 54,
        RegionalGroup.ASIA_PACIFIC: 53,
        RegionalGroup.EASTERN_EUROPEAN: 23,
        RegionalGroup.LATIN_AMERICAN_CARIBBEAN: 33,
        # 28 members and the United States, counted there for electoral purposes.
        RegionalGroup.WESTERN_EUROPEAN_OTHERS: 29,
        "": 1,  # Kiribati
    }


@pytest.mark.parametrize(
    ("iso3", "group", "developed", "ldc", "lldc", "sids"),
    [
        ("AFG", RegionalGroup.ASIA_PACIFIC, False, True, True, False),
        ("BTN", RegionalGroup.ASIA_PACIFIC, False, False, True, False),  # graduated in 2023
        ("HTI", RegionalGroup.LATIN_AMERICAN_CARIBBEAN, False, True, False, True),
        ("SGP", RegionalGroup.ASIA_PACIFIC, False, False, False, True),
        ("JPN", RegionalGroup.ASIA_PACIFIC, True, False, False, False),
        ("RUS", RegionalGroup.EASTERN_EUROPEAN, True, False, False, False),
        ("KAZ", RegionalGroup.ASIA_PACIFIC, False, False, True, False),
        ("TLS", RegionalGroup.ASIA_PACIFIC, False, True, False, True),
        ("KIR", "", False, True, False, True),
        ("USA", RegionalGroup.WESTERN_EUROPEAN_OTHERS, True, False, False, False),
        ("TUR", RegionalGroup.WESTERN_EUROPEAN_OTHERS, False, False, False, False),
        ("ISR", RegionalGroup.WESTERN_EUROPEAN_OTHERS, True, False, False, False),
        ("CYP", RegionalGroup.ASIA_PACIFIC, True, False, False, False),  # in M49's Western Asia, yet developed
        ("ARM", RegionalGroup.EASTERN_EUROPEAN, False, False, True, False),
        ("ETH", RegionalGroup.AFRICAN, False, True, True, False),
        ("BOL", RegionalGroup.LATIN_AMERICAN_CARIBBEAN, False, False, True, False),
        ("AUS", RegionalGroup.WESTERN_EUROPEAN_OTHERS, True, False, False, False),
        ("CUB", RegionalGroup.LATIN_AMERICAN_CARIBBEAN, False, False, False, True),
    ],
)
def test_it_knows_each_countrys_groupings(iso3, group, developed, ldc, lldc, sids):
    c = Country.objects.get(iso3=iso3)
    assert (c.regional_group, c.developed, c.ldc, c.lldc, c.sids) == (group, developed, ldc, lldc, sids)


def test_it_counts_the_landlocked_developing_countries():
    assert Country.objects.filter(lldc=True).count() == 32
    assert not Country.objects.filter(lldc=True, iso3__in=["CHE", "AUT", "HUN"]).exists()


def test_it_names_the_six_stakeholder_categories_by_their_slugs():
    slugs = list(StakeholderCategory.objects.values_list("slug", flat=True))
    assert slugs == [
        "government",
        "private-sector",
        "civil-society",
        "technical-community",
        "academic-community",
        "intergovernmental",
    ]
    assert list(StakeholderCategory.objects.filter(is_government=True).values_list("slug", flat=True)) == ["government"]


def test_it_exports_the_documented_csv():
    lines = export().splitlines()
    assert lines[0] == "iso3,name,regional_group,developed,ldc,lldc,sids"
    assert len(lines) == 196
    assert "AFG,Afghanistan,Asia-Pacific States,no,yes,yes,no" in lines
    assert "KIR,Kiribati,,no,yes,no,yes" in lines


def test_it_round_trips_an_export_through_an_import(tmp_path):
    before = list(Country.objects.values())
    assert "0 countries updated" in import_text(tmp_path, export())
    assert list(Country.objects.values()) == before


def test_it_writes_no_name_a_spreadsheet_would_evaluate_and_reads_its_own_file_back(tmp_path):
    Country.objects.filter(iso3="BGD").update(name='=HYPERLINK("https://evil.example","Bangladesh")')
    text = export()
    assert """BGD,"'=HYPERLINK(""https://evil.example"",""Bangladesh"")",Asia-Pacific""" in text
    before = list(Country.objects.values())

    assert "0 countries updated" in import_text(tmp_path, text)

    assert list(Country.objects.values()) == before


def test_it_imports_a_correction(tmp_path):
    text = export().replace(
        "BGD,Bangladesh,Asia-Pacific States,no,no,no,no", "BGD,Bangladesh,Asia-Pacific States,no,yes,no,no"
    )
    assert "1 countries updated" in import_text(tmp_path, text)
    assert Country.objects.get(iso3="BGD").ldc is True


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("iso3,name,regional_group", "code,name,regional_group"), "Line 1: the header must be"),
        (lambda t: t.replace("AFG,Afghanistan", "XXX,Atlantis"), "unknown country code 'XXX'"),
        (
            lambda t: t.replace("ALB,Albania,Eastern European States", "ALB,Albania,Balkan States"),
            "unknown regional group 'Balkan States'",
        ),
        (
            lambda t: t.replace("DZA,Algeria,African States,no", "DZA,Algeria,African States,maybe"),
            "developed must be yes or no, not 'maybe'",
        ),
        (lambda t: t + "AFG,Afghanistan,Asia-Pacific States,no,yes,yes,no\n", "AFG appears twice"),
        (lambda t: t + "FRA,France,Western European and other States,yes\n", "expected 7 values, found 4"),
        (lambda t: "", "The file is empty."),
    ],
)
def test_it_refuses_a_bad_file_and_writes_nothing(tmp_path, change, message):
    # A valid change on line 2 proves that nothing is written when another line is bad.
    text = change(
        export().replace("AFG,Afghanistan,Asia-Pacific States,no,yes", "AFG,Afghanistan,Asia-Pacific States,no,no")
    )
    before = list(Country.objects.values())
    with pytest.raises(CommandError) as error:
        import_text(tmp_path, text)
    assert message in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert list(Country.objects.values()) == before


def test_it_names_the_line_of_each_problem(tmp_path):
    lines = export().splitlines()
    lines[3] = lines[3].replace(",no,", ",perhaps,", 1)
    lines[10] = "ZZZ" + lines[10][3:]
    with pytest.raises(CommandError) as error:
        import_text(tmp_path, "\n".join(lines))
    assert "Line 4: " in str(error.value)
    assert "Line 11: unknown country code 'ZZZ'" in str(error.value)


def test_it_explains_a_missing_file():
    with pytest.raises(CommandError, match="No such file: /nowhere.csv"):
        call_command("import_countries", "/nowhere.csv")


def test_it_explains_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(export().encode("latin-1", errors="replace"))
    with pytest.raises(CommandError, match="is not UTF-8"):
        call_command("import_countries", str(path))


def test_each_country_has_the_uns_name_in_each_other_language():
    from django.utils import translation

    from accounts.countries import load_names
    from accounts.models import COUNTRY_NAME_LANGUAGES

    countries = list(Country.objects.all())
    assert all(set(country.names) == set(COUNTRY_NAME_LANGUAGES) for country in countries)
    iran = Country.objects.get(iso3="IRN")
    with translation.override("fr"):
        assert str(iran) == "Iran (République islamique d')"
    with translation.override("es"):
        assert str(iran) == "Irán (República Islámica del)"
    with translation.override("ar"):
        assert str(Country.objects.get(iso3="PSE")) == "دولة فلسطين"
    with translation.override("en"):
        assert str(iran) == "Iran (Islamic Republic of)"
    assert load_names() == 0  # the migration loaded them all already


def test_countries_are_listed_in_the_order_of_the_readers_language():
    english = [c.iso3 for c in Country.objects.by_name("en")]
    french = [c.iso3 for c in Country.objects.by_name("fr")]
    assert english.index("DEU") > english.index("AND")  # Germany after Andorra
    assert french.index("DEU") < french.index("AND")  # Allemagne before Andorre
    assert sorted(english) == sorted(french)


def seed_rows():
    with SEED_FILE.open(encoding="utf-8") as seed:
        return {row["iso3"]: row for row in csv.DictReader(line for line in seed if not line.startswith("#"))}


def test_its_file_follows_the_m49_developed_regions():
    rows = seed_rows()
    developed = {iso3 for iso3, row in rows.items() if row["developed"] == "yes"}
    # Europe, Northern America, Japan, Australia, New Zealand, and the two of Western Asia M49 lists: Cyprus, Israel.
    assert {"CYP", "ISR", "JPN", "AUS", "NZL", "USA", "CAN", "VAT"} <= developed
    assert not developed & {"TUR", "ARM", "AZE", "GEO", "KOR", "PSE", "SGP"}
    assert len(developed) == 51  # 50 Member States and the Holy See
    assert developed == set(Country.objects.filter(developed=True).values_list("iso3", flat=True))


def test_it_counts_cyprus_and_israel_among_the_developed_in_a_balance(consultation, moderator):
    sample = [("Cyprus Forum", "CYP"), ("Israel Internet Association", "ISR"), ("KICTANet", "KEN"), ("Nile", "EGY")]
    for name, iso3 in sample:
        organisation = OrganisationFactory(
            name=name, category=category("civil-society"), country=Country.objects.get(iso3=iso3), status="verified"
        )
        InputFactory(
            consultation=consultation,
            organisation=organisation,
            answers={1: "A view.", 2: "Roles."},
            moderator=moderator,
            accepted=True,
        )

    cells = inputs_cells(consultation)
    assert [(row["regional_group"], row["developed"], row["count"]) for row in cross_table(cells)] == [
        (RegionalGroup.AFRICAN, False, 2),
        (RegionalGroup.ASIA_PACIFIC, True, 1),
        (RegionalGroup.WESTERN_EUROPEAN_OTHERS, True, 1),
    ]
    parity = {rule.rule: rule for rule in evaluate(policies.parse(policies.wgec_2013()), cells)}["parity:Civil society"]
    assert (parity.verdict, parity.actual) == ("meets", 0)  # drawn equally from developed and developing countries


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_marks_cyprus_and_israel_developed_in_a_database_seeded_before():
    executor = MigrationExecutor(connection)
    before = [("accounts", "0007_names_on_one_line")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("accounts", "Country")
    old.objects.filter(iso3__in=["CYP", "ISR"]).update(developed=False)  # as a database seeded or imported before

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert set(
        Country.objects.filter(iso3__in=["CYP", "ISR", "TUR"], developed=True).values_list("iso3", flat=True)
    ) == {
        "CYP",
        "ISR",
    }

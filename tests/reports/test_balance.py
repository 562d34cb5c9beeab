"""Balance checks: the cross-table counted in one query, every rule's verdict and remedy, the command."""

import io
import json
from dataclasses import replace

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from accounts.models import Country, Organisation, StakeholderCategory
from consultations.models import Submission, SubmissionState
from reports import policy as policies
from reports.balance import (
    Cell,
    evaluate,
    inputs_cells,
    members_cells,
    nomination_cells,
    population_report,
    report,
)
from reports.models import Member, Nomination, RepresentationPolicy, WorkingGroup
from tests.factories import (
    InputFactory,
    OrganisationFactory,
    UserFactory,
    WorkingGroupFactory,
    category,
    country,
    inputs_in_bulk,
)

# iso3: (regional group, developed, ldc, sids, lldc), as in accounts/data/countries.csv
COUNTRIES = {
    "SEN": ("african", False, True, False, False),
    "MLI": ("african", False, True, False, True),
    "KEN": ("african", False, False, False, False),
    "EGY": ("african", False, False, False, False),
    "TUN": ("african", False, False, False, False),
    "FJI": ("asia-pacific", False, False, True, False),
    "IND": ("asia-pacific", False, False, False, False),
    "CHN": ("asia-pacific", False, False, False, False),
    "JPN": ("asia-pacific", True, False, False, False),
    "NPL": ("asia-pacific", False, False, False, True),
    "POL": ("eastern-european", True, False, False, False),
    "EST": ("eastern-european", True, False, False, False),
    "ROU": ("eastern-european", True, False, False, False),
    "UKR": ("eastern-european", True, False, False, False),
    "BRA": ("latin-american-caribbean", False, False, False, False),
    "ARG": ("latin-american-caribbean", False, False, False, False),
    "MEX": ("latin-american-caribbean", False, False, False, False),
    "PER": ("latin-american-caribbean", False, False, False, False),
    "DEU": ("western-european-others", True, False, False, False),
    "FRA": ("western-european-others", True, False, False, False),
    "USA": ("western-european-others", True, False, False, False),
    "CAN": ("western-european-others", True, False, False, False),
    "CHE": ("western-european-others", True, False, False, False),
}
NAMES = {"CHE": "Switzerland", "TUN": "Tunisia"}


def cell(category, iso3, *, count=1, gender="", international=False):
    group, developed, ldc, sids, lldc = COUNTRIES[iso3]
    development = "international" if international else "developed" if developed else "developing"
    return Cell(category, iso3, group, development, ldc, sids, lldc, gender, count)


def wgec():
    return policies.parse(policies.wgec_2013())


def consultation_default():
    return policies.parse(policies.consultation_default())


GOVERNMENTS = {
    "african": ["SEN", "MLI", "KEN", "EGY"],
    "asia-pacific": ["FJI", "IND", "CHN", "JPN"],
    "eastern-european": ["POL", "EST", "ROU", "UKR"],
    "latin-american-caribbean": ["BRA", "ARG", "MEX", "PER"],
    "western-european-others": ["DEU", "FRA", "USA", "CAN"],
}


def balanced_slate():
    """The 2013 working group as it should be: 42 members, 13 women, 9 who did not state a gender."""
    people = [("government", code) for codes in GOVERNMENTS.values() for code in codes]
    people += [("government", "CHE"), ("government", "TUN")]
    people += [("private-sector", code) for code in ("DEU", "JPN", "USA", "KEN", "BRA")]
    people += [("civil-society", code) for code in ("FRA", "CAN", "EST", "SEN", "IND")]
    people += [("technical-community", code) for code in ("DEU", "POL", "ARG")]
    people += [("academic-community", code) for code in ("JPN", "EGY")]
    cells = [cell(slug, code) for slug, code in people]
    cells += [cell("intergovernmental", code, international=True) for code in ("CHE", "USA", "FRA", "KEN", "JPN")]
    genders = [""] * 9 + ["other"] + ["male"] * 19 + ["female"] * 13
    return [replace(c, gender=g) for c, g in zip(cells, genders, strict=True)]


def verdicts(results):
    return {r.rule: r.verdict for r in results}


def remedies(results):
    return {r.rule: r.remedy for r in results if r.remedy}


# The rules, on hand-built populations (no database) ---------------------------------------------------------


def test_it_finds_every_rule_of_wgec_2013_met_by_a_balanced_slate():
    results = evaluate(wgec(), balanced_slate(), country_names=NAMES)
    assert [r.rule for r in results] == [
        "government:african",
        "government:asia-pacific",
        "government:eastern-european",
        "government:latin-american-caribbean",
        "government:western-european-others",
        "government:ex-officio:CHE",
        "government:ex-officio:TUN",
        "seats:Private sector",
        "parity:Private sector",
        "seats:Civil society",
        "parity:Civil society",
        "seats:Technical and academic communities",
        "parity:Technical and academic communities",
        "seats:Intergovernmental and international organizations",
        "floor:ldc",
        "floor:sids",
        "floor:women",
    ]
    assert set(verdicts(results).values()) == {"meets"}
    assert remedies(results) == {}


def test_it_gives_the_figures_of_each_rule():
    results = {r.rule: r for r in evaluate(wgec(), balanced_slate(), country_names=NAMES)}
    african = results["government:african"]
    assert (african.label, african.hard, african.expected, african.actual) == (
        "Government members from African States",
        True,
        4,
        4,
    )
    assert (results["government:ex-officio:CHE"].label, results["government:ex-officio:CHE"].actual) == (
        "Government of Switzerland (ex officio)",
        1,
    )
    parity = results["parity:Civil society"]
    assert (parity.expected, parity.actual) == ("|developed − developing| ≤ 1", 1)
    assert (results["floor:ldc"].expected, results["floor:ldc"].actual, results["floor:ldc"].hard) == (2, 3, False)
    assert (results["floor:women"].expected, results["floor:women"].actual) == (30.0, 31.0)


def test_it_finds_one_government_short_and_says_who_is_missing():
    slate = [c for c in balanced_slate() if c.country != "UKR" or c.category != "government"]
    results = evaluate(wgec(), slate, country_names=NAMES)
    assert [r.rule for r in results if r.verdict != "meets"] == ["government:eastern-european"]
    assert remedies(results) == {
        "government:eastern-european": "1 more Government member from Eastern European States."
    }


def test_it_finds_a_regional_group_over_its_seats():
    slate = [*balanced_slate(), cell("government", "TUN", count=0), cell("government", "SEN", count=2)]
    result = evaluate(wgec(), slate, country_names=NAMES)[0]
    assert (result.verdict, result.expected, result.actual) == ("over", 4, 6)
    assert result.remedy == "2 fewer Government members from African States."


def test_it_counts_ex_officio_governments_apart_from_their_regional_group():
    slate = [c for c in balanced_slate() if c.country != "CHE" or c.category != "government"]
    slate.append(cell("government", "TUN"))
    results = evaluate(wgec(), slate, country_names=NAMES)
    assert verdicts(results)["government:african"] == "meets"
    assert remedies(results) == {
        "government:ex-officio:CHE": "The Government of Switzerland (ex officio) is missing.",
        "government:ex-officio:TUN": "1 fewer member for the Government of Tunisia (ex officio).",
    }


def test_it_names_a_country_by_its_code_when_no_name_is_given():
    assert evaluate(wgec(), [])[5].remedy == "The Government of CHE (ex officio) is missing."


def test_it_finds_every_seat_and_floor_short_in_an_empty_working_group():
    results = evaluate(wgec(), [], country_names=NAMES)
    assert {r.rule: r.verdict for r in results if not r.rule.startswith("parity:")} == dict.fromkeys(
        [r.rule for r in results if not r.rule.startswith("parity:")], "short"
    )
    assert remedies(results) == {
        "government:african": "4 more Government members from African States.",
        "government:asia-pacific": "4 more Government members from Asia-Pacific States.",
        "government:eastern-european": "4 more Government members from Eastern European States.",
        "government:latin-american-caribbean": "4 more Government members from Latin American and Caribbean States.",
        "government:western-european-others": "4 more Government members from Western European and other States.",
        "government:ex-officio:CHE": "The Government of Switzerland (ex officio) is missing.",
        "government:ex-officio:TUN": "The Government of Tunisia (ex officio) is missing.",
        "seats:Private sector": "5 more members from the private sector.",
        "seats:Civil society": "5 more members from civil society.",
        "seats:Technical and academic communities": "5 more members from the technical and academic communities.",
        "seats:Intergovernmental and international organizations": (
            "5 more members from intergovernmental and international organizations."
        ),
        "floor:ldc": "2 more members from least developed countries.",
        "floor:sids": "1 more member from a small island developing State.",
        "floor:women": "Women: 0 of 0 (0%), 0 not stated; 1 more woman reaches 30%.",
    }


def test_it_finds_every_share_short_in_a_consultation_without_inputs():
    results = evaluate(consultation_default(), [])
    assert [r.rule for r in results if r.verdict != "short"] == []
    assert remedies(results)["government:african"] == "1 more Government member from African States."
    assert remedies(results)["seats:Private sector"] == "1 more member from the private sector."
    assert remedies(results)["floor:ldc"] == "1 more member from a least developed country."


def test_it_finds_every_other_regional_group_short_when_all_governments_are_african():
    slate = [cell("government", code, count=5) for code in ("SEN", "MLI", "KEN", "EGY")] + [cell("government", "TUN")]
    results = evaluate(wgec(), slate, country_names=NAMES)
    assert verdicts(results)["government:african"] == "over"
    assert remedies(results)["government:african"] == "16 fewer Government members from African States."
    assert remedies(results)["government:asia-pacific"] == "4 more Government members from Asia-Pacific States."
    assert remedies(results)["government:western-european-others"] == (
        "4 more Government members from Western European and other States."
    )


def test_it_says_how_many_more_or_fewer_members_a_seat_group_needs():
    slate = [c for c in balanced_slate() if c.category not in ("technical-community", "academic-community")]
    slate += [cell("technical-community", "POL"), cell("academic-community", "EGY")]
    slate += [cell("private-sector", "MEX")]
    slate = [c for c in slate if (c.category, c.country) != ("civil-society", "FRA")]
    results = evaluate(wgec(), slate, country_names=NAMES)
    assert remedies(results) == {
        "seats:Private sector": "1 fewer member from the private sector.",
        "seats:Civil society": "1 more member from civil society.",
        "seats:Technical and academic communities": "3 more members from the technical and academic communities.",
        # The five women of the technical and academic seats went with them.
        "floor:women": "Women: 8 of 39 (20.5%), 12 not stated; 4 more women reach 30%.",
    }


def test_it_allows_the_tolerance_around_seats():
    document = {"seat_groups": [{"name": "Civil society", "categories": ["civil-society"], "seats": 5, "tolerance": 1}]}
    policy = policies.parse(document)
    counts = {n: evaluate(policy, [cell("civil-society", "KEN", count=n)])[0] for n in (3, 4, 6, 7)}
    assert {n: r.verdict for n, r in counts.items()} == {3: "short", 4: "meets", 6: "meets", 7: "over"}
    assert counts[3].label == "Civil society (± 1)"
    assert (counts[3].remedy, counts[7].remedy) == (
        "1 more member from civil society.",
        "1 fewer member from civil society.",
    )


@pytest.mark.parametrize(
    ("developed", "developing", "remedy"),
    [
        (
            4,
            1,
            "Civil society: 4 from developed countries and 1 from developing; "
            "2 more from developing countries, or 2 fewer from developed ones, reach parity.",
        ),
        (
            3,
            1,
            "Civil society: 3 from developed countries and 1 from developing; "
            "1 more from a developing country, or 1 fewer from a developed one, reaches parity.",
        ),
        (
            1,
            4,
            "Civil society: 1 from a developed country and 4 from developing; "
            "2 more from developed countries, or 2 fewer from developing ones, reach parity.",
        ),
        (
            0,
            5,
            "Civil society: 0 from developed countries and 5 from developing; "
            "4 more from developed countries, or 4 fewer from developing ones, reach parity.",
        ),
    ],
)
def test_it_says_both_ways_to_parity(developed, developing, remedy):
    slate = [c for c in balanced_slate() if c.category != "civil-society"]
    slate += [cell("civil-society", "FRA", count=developed), cell("civil-society", "KEN", count=developing)]
    result = {r.rule: r for r in evaluate(wgec(), slate, country_names=NAMES)}["parity:Civil society"]
    assert (result.verdict, result.actual) == ("over", abs(developed - developing))
    assert result.remedy == remedy


def test_it_leaves_international_organisations_out_of_parity_and_of_the_floors():
    policy = policies.parse(
        {
            "seat_groups": [
                {"name": "IGOs", "categories": ["intergovernmental"], "seats": 3, "parity": {"tolerance": 0}}
            ],
            "floors": {"ldc": 1},
        }
    )
    slate = [
        cell("intergovernmental", "SEN", international=True),
        cell("intergovernmental", "MLI", international=True),
        cell("intergovernmental", "DEU"),
    ]
    results = evaluate(policy, slate)
    assert [(r.rule, r.verdict, r.actual) for r in results] == [
        ("seats:IGOs", "meets", 3),
        ("parity:IGOs", "over", 1),
        ("floor:ldc", "short", 0),
    ]
    assert results[1].remedy == (
        "IGOs: 1 from a developed country and 0 from developing; "
        "1 more from a developing country, or 1 fewer from a developed one, reaches parity."
    )
    assert results[2].remedy == "1 more member from a least developed country."


def test_it_compares_shares_of_the_whole_population_exactly():
    others = cell("civil-society", "FRA", count=98)
    short = evaluate(consultation_default(), [others, cell("government", "SEN", count=2)])[0]
    # 2 of 100 is under 3% (8% − 5%); 3 of 101 still is (2.97%), 4 of 102 is not.
    assert (short.label, short.verdict, short.expected, short.actual) == (
        "Government members from African States (% of all, ± 5)",
        "short",
        8.0,
        2.0,
    )
    assert short.remedy == "2 more Government members from African States."
    over = evaluate(
        consultation_default(), [cell("civil-society", "FRA", count=70), cell("government", "SEN", count=30)]
    )
    # 30 of 100 is over 13%; 10 of 80 (12.5%) is not, 11 of 81 (13.6%) still is.
    assert (over[0].verdict, over[0].actual, over[0].remedy) == (
        "over",
        30.0,
        "20 fewer Government members from African States.",
    )
    # 3 of 100 is exactly 8% − 5% (in floats, 0.08 − 0.05 is 0.030000000000000002 and 3 would fall short).
    edge = evaluate(
        consultation_default(), [cell("civil-society", "FRA", count=97), cell("government", "SEN", count=3)]
    )
    assert (edge[0].verdict, edge[0].actual, edge[0].remedy) == ("meets", 3.0, "")


@pytest.mark.parametrize(
    ("governments", "others", "tolerance", "remedy"),
    [
        (4, 7, 0, "3 more Government members or 3 fewer other stakeholders."),
        (5, 6, 0, "1 more Government member or 1 fewer other stakeholder."),
        (7, 4, 0, "3 fewer Government members or 3 more other stakeholders."),
        # 22 of 54 and 10 of 25 reach 40%; 21 of 53 and 10 of 26 do not.
        (10, 32, 0.1, "12 more Government members or 17 fewer other stakeholders."),
        (0, 5, 0, "5 more Government members."),
        (3, 0, 0, "3 more other stakeholders."),
    ],
)
def test_it_says_how_to_bring_the_government_bloc_to_its_share(governments, others, tolerance, remedy):
    policy = policies.parse({"blocs": {"government_share": 0.5, "tolerance": tolerance, "hard": True}})
    result = evaluate(
        policy, [cell("government", "KEN", count=governments), cell("civil-society", "KEN", count=others)]
    )
    assert result[0].rule == "blocs"
    assert result[0].verdict == ("short" if governments < others else "over")
    assert result[0].remedy == remedy


def test_it_finds_the_government_bloc_within_its_share():
    policy = policies.parse({"blocs": {"government_share": 0.5}})
    [result] = evaluate(policy, [cell("government", "KEN", count=22), cell("civil-society", "KEN", count=20)])
    assert (result.label, result.hard, result.verdict, result.expected, result.actual, result.remedy) == (
        "Government members (% of all, ± 10)",
        False,
        "meets",
        50.0,
        52.4,
        "",
    )


def test_it_says_how_many_more_members_from_ldcs_sids_and_lldcs_are_needed():
    policy = policies.parse({"floors": {"ldc": 3, "sids": 2, "lldc": 2}})
    results = evaluate(policy, [cell("government", "SEN"), cell("civil-society", "MLI"), cell("government", "FJI")])
    assert [(r.rule, r.expected, r.actual, r.remedy) for r in results] == [
        ("floor:ldc", 3, 2, "1 more member from a least developed country."),
        ("floor:sids", 2, 1, "1 more member from a small island developing State."),
        ("floor:lldc", 2, 1, "1 more member from a landlocked developing country."),
    ]
    results = evaluate(policy, [])
    assert [r.remedy for r in results] == [
        "3 more members from least developed countries.",
        "2 more members from small island developing States.",
        "2 more members from landlocked developing countries.",
    ]


def test_it_asks_nothing_of_floors_at_zero():
    policy = policies.parse({"floors": {"ldc": 0, "sids": 1, "women_percent": 0}})
    assert [r.rule for r in evaluate(policy, [])] == ["floor:sids"]


def test_it_counts_women_among_all_members_and_reports_who_did_not_state_a_gender():
    policy = policies.parse({"floors": {"women_percent": 30}})
    slate = [
        cell("government", "KEN", count=4, gender="female"),
        cell("government", "KEN", count=31, gender="male"),
        cell("government", "KEN", count=1, gender="other"),
        cell("government", "KEN", count=6),
    ]
    [result] = evaluate(policy, slate)
    assert (result.label, result.verdict, result.expected, result.actual) == (
        "Women (at least 30% of all members)",
        "short",
        30.0,
        9.5,
    )
    # 13 women of 42 reach 30% (12.6): 9 more, in place of other members.
    assert result.remedy == "Women: 4 of 42 (9.5%), 6 not stated; 9 more women reach 30%."
    [one] = evaluate(policy, [cell("government", "KEN", count=2, gender="female"), cell("government", "KEN", count=8)])
    assert one.remedy == "Women: 2 of 10 (20%), 8 not stated; 1 more woman reaches 30%."
    [met] = evaluate(policy, [cell("government", "KEN", count=3, gender="female"), cell("government", "KEN", count=7)])
    assert (met.verdict, met.actual, met.remedy) == ("meets", 30.0, "")


def test_it_evaluates_without_the_database():
    # No db fixture: any query would fail the test.
    assert evaluate(wgec(), balanced_slate())[5].label == "Government of CHE (ex officio)"


# The document --------------------------------------------------------------------------------------------------


def test_it_reports_the_cross_table_the_rules_and_the_genders():
    slate = [
        cell("civil-society", "KEN", gender="female"),
        cell("civil-society", "SEN", gender="male"),
        cell("civil-society", "FRA"),
        cell("government", "CHE", gender="other"),
        cell("intergovernmental", "CHE", international=True),
        cell("government", "KEN", gender="female"),
    ]
    document = report(wgec(), slate, country_names=NAMES)
    assert document["total"] == 6
    assert document["cells"] == [
        {"category": "government", "regional_group": "african", "developed": False, "count": 1},
        {"category": "government", "regional_group": "western-european-others", "developed": True, "count": 1},
        {"category": "civil-society", "regional_group": "african", "developed": False, "count": 2},
        {"category": "civil-society", "regional_group": "western-european-others", "developed": True, "count": 1},
        {"category": "intergovernmental", "regional_group": "western-european-others", "developed": None, "count": 1},
    ]
    assert document["gender"] == {"female": 2, "male": 1, "other": 1, "not_stated": 2}
    assert document["meets_hard"] is False
    assert document["rules"][0] == {
        "rule": "government:african",
        "label": "Government members from African States",
        "hard": True,
        "verdict": "short",
        "expected": 4,
        "actual": 1,
        "remedy": "3 more Government members from African States.",
    }
    assert json.loads(json.dumps(document)) == document


def test_it_reports_every_hard_rule_met_and_no_gender_for_inputs():
    document = report(wgec(), balanced_slate(), country_names=NAMES)
    assert document["meets_hard"] is True
    assert document["gender"] == {"female": 13, "male": 19, "other": 1, "not_stated": 9}
    inputs = report(consultation_default(), [cell("civil-society", "KEN", count=3)], people=False)
    assert inputs["gender"] == {"female": 0, "male": 0, "other": 0, "not_stated": 0}
    assert inputs["meets_hard"] is True  # the default policy for inputs is advisory only


def test_it_reads_the_cells_of_nominations_held_in_memory():
    government, civil = StakeholderCategory(slug="government"), StakeholderCategory(slug="civil-society")
    senegal = Country(iso3="SEN", regional_group="african", developed=False, ldc=True)
    france = Country(iso3="FRA", regional_group="western-european-others", developed=True)
    verified, pending = Organisation.Status.VERIFIED, Organisation.Status.PENDING
    nominations = [
        Nomination(
            name="Awa",
            gender="female",
            organisation=Organisation(category=government, country=senegal, status=verified),
        ),
        Nomination(
            name="Binta",
            gender="female",
            organisation=Organisation(category=government, country=senegal, status=verified),
        ),
        Nomination(name="Claire", organisation=Organisation(category=civil, country=france, status=verified)),
        Nomination(name="Dora", organisation=Organisation(category=civil, country=france, status=pending)),
    ]
    assert nomination_cells(nominations) == [
        Cell("civil-society", "FRA", "western-european-others", "developed", False, False, False, "", 1),
        Cell("government", "SEN", "african", "developing", True, False, False, "female", 2),
    ]


# Through the database --------------------------------------------------------------------------------------


def accept_all(consultation):
    Submission.objects.filter(consultation=consultation).update(state=SubmissionState.ACCEPTED)


@pytest.mark.django_db
def test_it_counts_accepted_inputs_of_verified_organisations_only(consultation, verified, moderator):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "Accepted", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    for state in ("submitted", "rejected", "draft"):
        other = OrganisationFactory(category=category("government"), status=Organisation.Status.VERIFIED)
        InputFactory(
            consultation=consultation,
            organisation=other,
            answers={1: state.title(), 2: "Roles"},
            state=state,
            moderator=moderator,
        )
    # Accepted, then its organisation's verification withdrawn: it no longer counts.
    withdrawn = OrganisationFactory(
        category=category("private-sector"), country=country("DEU"), status=Organisation.Status.VERIFIED
    )
    InputFactory(
        consultation=consultation,
        organisation=withdrawn,
        answers={1: "Withdrawn", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    Organisation.objects.filter(pk=withdrawn.pk).update(status=Organisation.Status.PENDING)
    assert inputs_cells(consultation) == [
        Cell("civil-society", "SEN", "african", "developing", True, False, False, "", 1),
    ]


@pytest.mark.django_db
def test_it_stops_counting_an_input_when_its_organisation_is_no_longer_verified(consultation):
    submissions = inputs_in_bulk(consultation, 6)
    accept_all(consultation)
    Submission.objects.filter(pk=submissions[0].pk).update(state=SubmissionState.WITHDRAWN)
    Organisation.objects.filter(pk=submissions[1].organisation_id).update(status=Organisation.Status.REFUSED)
    assert population_report(consultation=consultation)["total"] == 4


@pytest.mark.django_db
def test_it_counts_international_organisations_apart(consultation):
    for iso3, international in (("CHE", True), ("CHE", False), ("KEN", False)):
        organisation = OrganisationFactory(
            category=category("intergovernmental"),
            country=country(iso3),
            is_international=international,
            status=Organisation.Status.VERIFIED,
        )
        Submission.objects.create(consultation=consultation, organisation=organisation, state=SubmissionState.ACCEPTED)
    assert [(c.country, c.development, c.count) for c in inputs_cells(consultation)] == [
        ("CHE", "developed", 1),
        ("CHE", "international", 1),
        ("KEN", "developing", 1),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, 1000])
def test_it_counts_inputs_in_a_fixed_number_of_queries(consultation, n, django_assert_num_queries):
    inputs_in_bulk(consultation, n)
    accept_all(consultation)
    with django_assert_num_queries(1):  # the grouped count
        cells = inputs_cells(consultation)
    assert sum(c.count for c in cells) == n
    with django_assert_num_queries(3):  # the consultation's policy, the grouped count, the countries' names
        document = population_report(consultation=consultation)
    assert document["total"] == n
    assert sum(row["count"] for row in document["cells"]) == n


def working_group(name="Working Group on Enhanced Cooperation", slug="wgec", document=None):
    if document is None:
        return WorkingGroupFactory(name=name, slug=slug)
    return WorkingGroupFactory(name=name, slug=slug, policy__name=name, policy__document=document)


def member(group, iso3, slug, name, gender="", status=Organisation.Status.VERIFIED, confirmed_by=None):
    organisation = OrganisationFactory(category=category(slug), country=country(iso3), status=status)
    nomination = Nomination.objects.create(working_group=group, organisation=organisation, name=name, gender=gender)
    return Member.objects.create(working_group=group, nomination=nomination, confirmed_by=confirmed_by or UserFactory())


@pytest.mark.django_db
def test_it_counts_members_by_gender_in_one_query(django_assert_num_queries):
    group, chair = working_group(), UserFactory()
    member(group, "CHE", "government", "Thomas Schneider", "male", confirmed_by=chair)
    member(group, "KEN", "civil-society", "Grace Githaiga", "female", confirmed_by=chair)
    member(group, "KEN", "civil-society", "Alice Munyua", confirmed_by=chair)
    member(group, "BRA", "civil-society", "Refused Person", status=Organisation.Status.REFUSED, confirmed_by=chair)
    with django_assert_num_queries(1):
        cells = members_cells(group)
    assert cells == [
        Cell("civil-society", "KEN", "african", "developing", False, False, False, "", 1),
        Cell("civil-society", "KEN", "african", "developing", False, False, False, "female", 1),
        Cell("government", "CHE", "western-european-others", "developed", False, False, False, "male", 1),
    ]
    group = WorkingGroup.objects.get(pk=group.pk)
    with django_assert_num_queries(3):  # the group's policy, the members, the countries' names
        document = population_report(working_group=group)
    assert document["gender"] == {"female": 1, "male": 1, "other": 0, "not_stated": 1}
    rules = {r["rule"]: r for r in document["rules"]}
    assert rules["government:ex-officio:CHE"]["verdict"] == "meets"
    assert rules["government:ex-officio:TUN"]["remedy"] == "The Government of Tunisia (ex officio) is missing."


@pytest.mark.django_db
def test_it_uses_the_consultations_own_policy(consultation, verified, moderator):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "Accepted", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    RepresentationPolicy.objects.create(
        name="Two civil society inputs",
        consultation=consultation,
        document={"seat_groups": [{"name": "Civil society", "categories": ["civil-society"], "seats": 2}]},
    )
    document = population_report(consultation=consultation)
    assert [(r["rule"], r["verdict"], r["remedy"]) for r in document["rules"]] == [
        ("seats:Civil society", "short", "1 more member from civil society.")
    ]


# The command ---------------------------------------------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    call_command("balance_report", *args, stdout=out, no_color=True)
    return out.getvalue()


@pytest.mark.django_db
def test_it_prints_the_cross_table_and_the_rules_of_a_consultation(consultation, verified, moderator):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "Accepted", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    lines = run("wgec-2013").splitlines()
    assert lines[:4] == [
        "Balance of Questionnaire on enhanced cooperation: 1 counted input",
        "",
        "category       regional group  development  count",
        "civil-society  African States  developing       1",
    ]
    assert "Gender" not in "\n".join(lines)
    assert lines[5] == "Rules"
    assert lines[6:8] == [
        "  short  advisory  Government members from African States (% of all, ± 5): expected 8.0, actual 0.0",
        "                   1 more Government member from African States.",
    ]
    assert (
        "  over   advisory  Civil society (% of all, ± 10): expected 15.0, actual 100.0" in lines
        # Taking the only input away would leave no share at all: more inputs of other kinds instead.
        and "                   3 more other members." in lines
    )
    assert lines[-1] == "Every hard rule is met."


@pytest.mark.django_db
def test_it_fails_when_a_hard_rule_of_a_working_group_is_not_met():
    group = working_group()
    member(group, "CHE", "government", "Thomas Schneider", "male")
    member(group, "KEN", "civil-society", "Grace Githaiga", "female")
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("balance_report", "wgec", stdout=out, no_color=True)
    assert str(error.value).startswith(
        "A hard rule is not met: Government members from African States; Government members from Asia-Pacific States;"
    )
    assert str(error.value).endswith("Intergovernmental and international organizations.")
    text = out.getvalue()
    assert text.startswith("Balance of Working Group on Enhanced Cooperation: 2 members\n")
    assert "\nGender: 1 female, 1 male, 0 other, 0 not stated\n" in text
    assert "  meets  hard      Government of Switzerland (ex officio): expected 1, actual 1\n" in text
    assert "                   The Government of Tunisia (ex officio) is missing.\n" in text
    assert text.endswith("A hard rule is not met.\n")


@pytest.mark.django_db
def test_it_exits_with_status_1_when_a_hard_rule_is_not_met(capsys):
    working_group()
    with pytest.raises(SystemExit) as exit:
        ManagementUtility(["manage.py", "balance_report", "wgec", "--json", "--no-color"]).execute()
    assert exit.value.code == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["meets_hard"] is False
    assert captured.err.startswith("CommandError: A hard rule is not met: ")


@pytest.mark.django_db
def test_it_prints_the_report_as_json(consultation, verified, moderator):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "Accepted", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    assert json.loads(run("wgec-2013", "--json")) == population_report(consultation=consultation)


@pytest.mark.django_db
def test_it_refuses_a_slug_that_names_nothing_or_two_things(consultation):
    with pytest.raises(CommandError, match="^No consultation or working group has the slug nothing.$"):
        run("nothing")
    working_group(slug="wgec-2013")
    with pytest.raises(CommandError) as error:
        run("wgec-2013")
    assert str(error.value) == (
        "wgec-2013 is the slug of both a consultation and a working group; rename one of them to check the other."
    )


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"seat_groups": ["x"]}, "seat_groups must be a list of JSON objects"),
        ({"government": []}, "government must be a JSON object"),
        (
            {"seat_groups": [{"name": "A", "categories": ["civil-society"], "seats": 5, "hard": "false"}]},
            "hard must be true or false",
        ),
        (
            {"seat_groups": [{"name": "A", "categories": ["civil-society"], "seats": 5, "tolerence": 1}]},
            "unknown keys tolerence",
        ),
        (
            {"seat_groups": [{"name": "A", "categories": ["civil-society"], "seats": 2, "tolerance": 3}]},
            "larger than its 2 seats",
        ),
        (
            {
                "seat_groups": [
                    {"name": "A", "categories": ["civil-society"], "share": 0.6},
                    {"name": "B", "categories": ["private-sector"], "share": 0.6},
                ]
            },
            "The shares add up to 1.20",
        ),
        (
            {
                "seat_groups": [
                    {"name": "A", "categories": ["civil-society"], "seats": 1},
                    {"name": "A", "categories": ["private-sector"], "seats": 1},
                ]
            },
            "Two seat groups are named A",
        ),
        ({"floors": {"ldc": -1}}, "The LDC floor must be ≥ 0"),
        ({"blocs": {"government_share": 1.5}}, "must be 0–1"),
    ],
)
def test_it_refuses_a_policy_that_does_not_add_up(document, message):
    from django.core.exceptions import ValidationError

    from reports.policy import parse

    with pytest.raises(ValidationError) as error:
        parse(document)
    assert any(message in m for m in error.value.messages), error.value.messages


def test_it_refuses_an_unknown_ex_officio_country(db):
    from django.core.exceptions import ValidationError

    from reports.models import validate_policy

    with pytest.raises(ValidationError, match="Unknown ex officio countries: XXX"):
        validate_policy({"government": {"seats_per_group": {"african": 1}, "ex_officio": ["xxx"]}})

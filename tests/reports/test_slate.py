import io
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Organisation, RegionalGroup
from reports import slate
from reports.models import Gender, Nomination, WorkingGroup
from reports.policy import consultation_default, parse, wgec_2013
from tests.factories import OrganisationFactory, WorkingGroupFactory, category, country

# Governments nominated per regional group, in the secretariat's order (rank 1 first); CHE and TUN are ex officio.
GOVERNMENTS = {
    "african": ["DZA", "KEN", "NGA", "SEN", "ETH", "ZAF"],
    "asia-pacific": ["CHN", "IND", "JPN", "FJI", "BGD", "PAK"],
    "eastern-european": ["EST", "POL", "RUS", "UKR", "GEO", "HUN"],
    "latin-american-caribbean": ["BRA", "ARG", "MEX", "HTI", "JAM", "CHL"],
    "western-european-others": ["FRA", "DEU", "USA", "GBR", "CAN", "SWE"],
}
# Stakeholders per seat group, in rank order: (category, country, gender).
PRIVATE_SECTOR = [
    ("private-sector", "USA", "male"),
    ("private-sector", "DEU", "female"),
    ("private-sector", "JPN", "male"),
    ("private-sector", "KEN", "female"),
    ("private-sector", "BRA", "male"),
    ("private-sector", "IND", "female"),
    ("private-sector", "FRA", "male"),
    ("private-sector", "ZAF", "male"),
]
CIVIL_SOCIETY = [  # the five best ranked are from developed countries: parity takes the two best developing
    ("civil-society", "USA", "female"),
    ("civil-society", "GBR", "male"),
    ("civil-society", "CAN", "female"),
    ("civil-society", "AUS", "male"),
    ("civil-society", "NLD", "female"),
    ("civil-society", "SEN", "female"),
    ("civil-society", "BRA", "male"),
    ("civil-society", "IND", "male"),
]
TECHNICAL_AND_ACADEMIC = [  # a third American stakeholder, ranked first: over the cap of two per country
    ("technical-community", "USA", "male"),
    ("academic-community", "FRA", "female"),
    ("academic-community", "HTI", "male"),
    ("technical-community", "CHL", "female"),
    ("academic-community", "EST", "male"),
    ("technical-community", "KEN", "male"),
    ("academic-community", "NZL", "female"),
    ("technical-community", "ARG", "male"),
]
INTERGOVERNMENTAL = [  # counted as international: five in Geneva are not "over-represented" Switzerland
    ("intergovernmental", "CHE", "female"),
    ("intergovernmental", "CHE", "male"),
    ("intergovernmental", "CHE", "male"),
    ("intergovernmental", "CHE", "female"),
    ("intergovernmental", "CHE", "male"),
    ("intergovernmental", "USA", "male"),
    ("intergovernmental", "CHE", "female"),
    ("intergovernmental", "AUT", "male"),
]
SEAT_GROUPS = {
    "Private sector": {"private-sector"},
    "Civil society": {"civil-society"},
    "Technical and academic communities": {"technical-community", "academic-community"},
    "Intergovernmental and international organizations": {"intergovernmental"},
}


def make_group(document, slug="wgec"):
    return WorkingGroupFactory(slug=slug, policy__document=document)


def organisation(slug, iso3, *, name=None, international=False, status=Organisation.Status.VERIFIED):
    return OrganisationFactory(
        name=name or f"{slug} of {iso3}",
        category=category(slug),
        country=country(iso3),
        is_international=international,
        status=status,
    )


def nominate(group, org, person, *, rank=None, gender=""):
    return Nomination.objects.create(working_group=group, organisation=org, name=person, rank=rank, gender=gender)


def nominate_governments(group, governments=GOVERNMENTS, ex_officio=("CHE", "TUN")):
    for codes in governments.values():
        for rank, iso3 in enumerate(codes, 1):
            gender = Gender.FEMALE if rank % 2 == 0 else Gender.MALE
            nominate(group, organisation("government", iso3), f"Delegate of {iso3}", rank=rank, gender=gender)
    for iso3 in ex_officio:
        nominate(group, organisation("government", iso3), f"Delegate of {iso3}", gender=Gender.FEMALE)


def nominate_stakeholders(group, *seat_groups):
    for people in seat_groups:
        for rank, (slug, iso3, gender) in enumerate(people, 1):
            org = organisation(slug, iso3, name=f"{slug} {rank} of {iso3}", international=slug == "intergovernmental")
            nominate(group, org, f"{slug.title()} {rank} ({iso3})", rank=rank, gender=gender)


@pytest.fixture
def wgec(db):
    """The 2013 working group, with enough nominations for every seat and two people from one Government."""
    group = make_group(wgec_2013())
    nominate_governments(group)
    algeria = Organisation.objects.get(category__slug="government", country__iso3="DZA")
    nominate(group, algeria, "Second delegate of DZA", rank=1, gender=Gender.FEMALE)
    nominate_stakeholders(group, PRIVATE_SECTOR, CIVIL_SOCIETY, TECHNICAL_AND_ACADEMIC, INTERGOVERNMENTAL)
    return group


def summary(members):
    return [(m.organisation.category.slug, m.organisation.country.iso3, m.rank) for m in members]


def governments(members):
    return [m for m in members if m.organisation.category.slug == "government"]


def in_seat_group(members, name):
    return [m for m in members if m.organisation.category.slug in SEAT_GROUPS[name]]


# A slate that meets every hard rule


def test_it_proposes_a_slate_meeting_every_hard_rule_of_wgec_2013(wgec):
    proposal = slate.propose(wgec)

    assert proposal.feasible is True
    assert proposal.unmet == []
    members = proposal.members
    assert len(members) == 42
    by_group = Counter(
        m.organisation.country.regional_group for m in governments(members) if m.organisation.country.iso3 != "CHE"
    )
    assert by_group == {**dict.fromkeys(RegionalGroup.values, 4), "african": 5}  # Tunisia, ex officio, is African
    government_countries = Counter(m.organisation.country.iso3 for m in governments(members))
    assert government_countries["CHE"] == government_countries["TUN"] == 1
    assert max(government_countries.values()) == 1  # one Government member per country: one of Algeria's two
    for name in SEAT_GROUPS:
        assert len(in_seat_group(members, name)) == 5, name
    for name in ["Private sector", "Civil society", "Technical and academic communities"]:
        development = Counter(m.organisation.development_status for m in in_seat_group(members, name))
        assert abs(development["developed"] - development["developing"]) <= 1, name
    stakeholders = Counter(
        m.organisation.country.iso3
        for m in members
        if m.organisation.category.slug != "government" and not m.organisation.is_international
    )
    assert max(stakeholders.values()) == slate.stakeholder_cap(wgec.policy.parsed()) == 2


def test_it_meets_the_advisory_floors_too_and_balance_agrees(wgec):
    proposal = slate.propose(wgec)

    verdicts = {rule.rule: rule.verdict for rule in proposal.rules}
    assert set(verdicts.values()) == {"meets"}
    assert {"floor:ldc", "floor:sids", "floor:women", "parity:Civil society"} <= set(verdicts)
    assert len(proposal.rules) == 5 + 2 + 4 + 3 + 3  # regional groups, ex officio, seats, parity, floors


def test_it_prefers_the_nominations_ranked_higher(wgec):
    members = slate.propose(wgec).members

    chosen = {(slug, iso3) for slug, iso3, _rank in summary(governments(members))}
    for codes in GOVERNMENTS.values():
        assert {("government", code) for code in codes[:4]} <= chosen  # ranks 1-4, not 5-6
    assert summary(in_seat_group(members, "Private sector")) == [
        ("private-sector", "BRA", 5),
        ("private-sector", "DEU", 2),
        ("private-sector", "JPN", 3),
        ("private-sector", "KEN", 4),
        ("private-sector", "USA", 1),
    ]  # KEN (4) rather than ZAF (8), both developing
    # Parity takes the two best developing (6, 7); of the three Americans ranked first, the cap drops the one
    # whose replacement costs least: civil society's, replaced by Australia (4).
    assert summary(in_seat_group(members, "Civil society")) == [
        ("civil-society", "AUS", 4),
        ("civil-society", "BRA", 7),
        ("civil-society", "CAN", 3),
        ("civil-society", "SEN", 6),
        ("civil-society", "GBR", 2),
    ]
    assert summary(in_seat_group(members, "Technical and academic communities")) == [
        ("technical-community", "CHL", 4),
        ("technical-community", "USA", 1),
        ("academic-community", "EST", 5),
        ("academic-community", "FRA", 2),
        ("academic-community", "HTI", 3),
    ]
    intergovernmental = in_seat_group(members, "Intergovernmental and international organizations")
    assert sorted(m.rank for m in intergovernmental) == [1, 2, 3, 4, 5]


def test_it_prefers_rank_one_then_any_rank_then_unranked_between_equal_candidates():
    policy = parse(
        {"seat_groups": [{"name": "Private sector", "categories": ["private-sector"], "seats": 1, "hard": True}]}
    )

    def twin(rank):
        return slate.Candidate("private-sector", False, "KEN", "african", "developing", rank=rank)

    assert slate.solve(policy, [twin(2), twin(1)]) == [1]
    assert slate.solve(policy, [twin(1), twin(2)]) == [0]
    assert slate.solve(policy, [twin(None), twin(7)]) == [1]


def test_it_gives_the_same_slate_every_time(wgec):
    first = slate.propose(wgec)
    second = slate.propose(wgec)

    assert [m.pk for m in first.members] == [m.pk for m in second.members]
    assert first.rules == second.rules


def test_it_reads_the_nominations_in_one_query(wgec, django_assert_num_queries):
    group = WorkingGroup.objects.select_related("policy").get(pk=wgec.pk)

    with django_assert_num_queries(1):  # the proposed nominations with organisation, category and country
        proposal = slate.propose(group)
        summary(proposal.members)


def test_it_leaves_out_withdrawn_nominations_and_unverified_organisations(wgec):
    best = Nomination.objects.get(organisation__category__slug="private-sector", rank=1)
    best.status = Nomination.Status.WITHDRAWN
    best.save()
    second = Nomination.objects.get(organisation__category__slug="private-sector", rank=2)
    Organisation.objects.filter(pk=second.organisation_id).update(status=Organisation.Status.PENDING)

    members = slate.propose(wgec).members

    assert best not in members and second not in members
    assert [rank for _slug, _iso3, rank in summary(in_seat_group(members, "Private sector"))] == [5, 7, 6, 3, 4]


# No slate


def test_it_names_the_regional_group_short_of_governments(db):
    group = make_group(wgec_2013())
    nominate_governments(group, {**GOVERNMENTS, "eastern-european": ["EST", "POL"]})
    nominate_stakeholders(group, PRIVATE_SECTOR, CIVIL_SOCIETY, TECHNICAL_AND_ACADEMIC, INTERGOVERNMENTAL)

    proposal = slate.propose(group)

    assert proposal.feasible is False
    assert proposal.members == []
    assert proposal.unmet == [
        "Government, Eastern European States: 2 candidates from 2 countries for 4 seats (2 missing)"
    ]
    verdicts = {rule.rule: rule.verdict for rule in proposal.rules}
    assert verdicts["government:eastern-european"] == "short"


def test_it_counts_countries_not_people_for_government_seats(db):
    group = make_group(wgec_2013())
    nominate_governments(group, {**GOVERNMENTS, "eastern-european": ["EST", "POL", "RUS"]})
    estonia = Organisation.objects.get(category__slug="government", country__iso3="EST")
    nominate(group, estonia, "Second delegate of EST")
    nominate_stakeholders(group, PRIVATE_SECTOR, CIVIL_SOCIETY, TECHNICAL_AND_ACADEMIC, INTERGOVERNMENTAL)

    assert slate.propose(group).unmet == [
        "Government, Eastern European States: 4 candidates from 3 countries for 4 seats (1 missing)"
    ]


def test_it_names_a_missing_ex_officio_country(db):
    group = make_group(wgec_2013())
    nominate_governments(group, ex_officio=["TUN"])
    nominate_stakeholders(group, PRIVATE_SECTOR, CIVIL_SOCIETY, TECHNICAL_AND_ACADEMIC, INTERGOVERNMENTAL)

    assert slate.propose(group).unmet == ["Government, ex officio Switzerland: 0 candidates for 1 seat (1 missing)"]


def test_it_names_the_parity_side_short_of_candidates(db):
    group = make_group(wgec_2013())
    nominate_governments(group)
    one_developing = [
        ("technical-community", "USA", "male"),
        ("academic-community", "FRA", "female"),
        ("academic-community", "HTI", "male"),
        ("technical-community", "JPN", "female"),
        ("academic-community", "EST", "male"),
        ("technical-community", "NZL", "male"),
        ("academic-community", "POL", "female"),
        ("technical-community", "SWE", "male"),
    ]
    nominate_stakeholders(group, PRIVATE_SECTOR, CIVIL_SOCIETY, one_developing, INTERGOVERNMENTAL)

    proposal = slate.propose(group)

    assert proposal.feasible is False
    assert proposal.unmet == [
        "Technical and academic communities, developing countries: 1 candidate for at least 2 seats (1 missing)"
    ]


def test_it_names_every_short_cell_at_once(db):
    group = make_group(wgec_2013())
    nominate_governments(group, {**GOVERNMENTS, "eastern-european": ["EST"], "african": []}, ex_officio=["CHE"])
    nominate_stakeholders(group, PRIVATE_SECTOR[:3], CIVIL_SOCIETY, INTERGOVERNMENTAL)

    assert slate.propose(group).unmet == [
        "Government, ex officio Tunisia: 0 candidates for 1 seat (1 missing)",
        "Government, African States: 0 candidates from 0 countries for 4 seats (4 missing)",
        "Government, Eastern European States: 1 candidate from 1 country for 4 seats (3 missing)",
        "Private sector: 3 candidates for 5 seats (2 missing)",
        "Private sector, developing countries: 0 candidates for at least 2 seats (2 missing)",
        "Technical and academic communities: 0 candidates for 5 seats (5 missing)",
        "Technical and academic communities, developed countries: 0 candidates for at least 2 seats (2 missing)",
        "Technical and academic communities, developing countries: 0 candidates for at least 2 seats (2 missing)",
    ]


def test_it_names_the_country_cap_when_it_is_what_is_short():
    policy = parse({"seat_groups": [{"name": "Private sector", "categories": ["private-sector"], "seats": 5}]})
    americans = [slate.Candidate("private-sector", False, "USA", "western-european-others", "developed")] * 4
    kenyan = slate.Candidate("private-sector", False, "KEN", "african", "developing")

    assert slate.stakeholder_cap(policy) == 2
    assert slate.solve(policy, [*americans, kenyan]) is None
    assert slate.unmet(policy, [*americans, kenyan]) == [
        "Private sector: 5 candidates from 2 countries, at most 2 from one country, for 5 seats (2 missing)"
    ]


def test_it_names_the_rules_that_cannot_hold_together_when_each_cell_has_enough_candidates():
    policy = parse(
        {
            "seat_groups": [
                {"name": "Private sector", "categories": ["private-sector"], "seats": 2},
                {"name": "Civil society", "categories": ["civil-society"], "seats": 2},
            ],
            "floors": {"ldc": 3, "hard": True},
        }
    )
    candidates = [
        *(
            slate.Candidate("private-sector", False, iso3, "african", "developing", ldc=True)
            for iso3 in ["SEN", "MLI", "ETH"]
        ),
        *(slate.Candidate("civil-society", False, iso3, "african", "developing") for iso3 in ("KEN", "GHA")),
    ]

    assert slate.solve(policy, candidates) is None
    assert slate.unmet(policy, candidates) == [
        "no slate satisfies all hard rules together: Private sector; Least developed countries"
    ]


def test_it_refuses_a_policy_of_shares():
    with pytest.raises(ValueError, match="this policy counts shares; a slate needs seats"):
        slate.solve(parse(consultation_default()), [])


# The command


def propose(*options):
    out = io.StringIO()
    call_command("propose_slate", "wgec", *options, stdout=out)
    return out.getvalue()


def test_it_prints_the_slate_as_json(wgec):
    document = json.loads(propose("--json"))

    assert set(document) == {"feasible", "members", "rules", "unmet"}
    assert document["feasible"] is True
    assert document["unmet"] == []
    assert len(document["members"]) == 42
    assert {"name": "Delegate of CHE", "organisation": "government of CHE", "category": "government",
            "country": "CHE", "gender": "female"} in document["members"]  # fmt: skip
    assert all(set(m) == {"name", "organisation", "category", "country", "gender"} for m in document["members"])
    assert all(set(r) == {"rule", "hard", "verdict", "expected", "actual", "remedy"} for r in document["rules"])
    assert {r["verdict"] for r in document["rules"]} == {"meets"}
    assert json.loads(propose("--json")) == document


def test_it_prints_the_slate_as_text(wgec):
    out = propose()

    assert out.startswith("A slate of 42 members for Working Group on Enhanced Cooperation meets every hard rule:\n")
    assert "  Delegate of CHE (government of CHE; Government, Switzerland, female)\n" in out
    assert "  Government members from Eastern European States (hard): meets, expected 4, actual 4.\n" in out


def test_it_exits_with_status_1_and_names_the_short_cells_when_there_is_no_slate(db):
    group = make_group(wgec_2013())
    nominate_governments(group, {**GOVERNMENTS, "eastern-european": ["EST", "POL"]})
    out = io.StringIO()

    with pytest.raises(CommandError) as error:
        call_command("propose_slate", group.slug, "--json", stdout=out)

    assert error.value.returncode == 1
    document = json.loads(out.getvalue())
    assert document["feasible"] is False
    assert document["members"] == []
    assert document["unmet"][0] == (
        "Government, Eastern European States: 2 candidates from 2 countries for 4 seats (2 missing)"
    )
    assert {r["rule"]: r["verdict"] for r in document["rules"]}["seats:Private sector"] == "short"


def test_it_says_so_in_text_when_there_is_no_slate(db):
    group = make_group(wgec_2013())
    nominate_governments(group, {**GOVERNMENTS, "eastern-european": ["EST", "POL"]})
    out = io.StringIO()

    with pytest.raises(CommandError, match="No slate of Working Group on Enhanced Cooperation meets the hard rules"):
        call_command("propose_slate", group.slug, stdout=out)

    assert "  Government, Eastern European States: 2 candidates from 2 countries for 4 seats (2 missing)\n" in (
        out.getvalue()
    )


def test_it_refuses_an_unknown_group_and_a_policy_of_shares(db):
    make_group(consultation_default(), slug="shares")

    with pytest.raises(CommandError, match="No working group has the slug nowhere"):
        call_command("propose_slate", "nowhere")
    with pytest.raises(CommandError, match="this policy counts shares; a slate needs seats"):
        call_command("propose_slate", "shares")

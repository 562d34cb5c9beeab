"""The demo working group: the 2013 composition as policy, and more nominations than seats."""

from accounts import services as account_services
from accounts.models import Country, Organisation, RegionalGroup, StakeholderCategory
from reports import policy as policies
from reports.models import Gender, Nomination, RepresentationPolicy, WorkingGroup

PER_REGION = 6
PER_SEAT_GROUP = 8
GIVEN = ["Amal", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana", "Ivan", "Jia", "Kofi", "Lena"]
FAMILY = ["Abebe", "Bianchi", "Cruz", "Dlamini", "Eriksen", "Fofana", "Gupta", "Haddad", "Ivanova", "Jensen"]
SEAT_CATEGORIES = ["private-sector", "civil-society", "technical-community", "academic-community", "intergovernmental"]


def seed_working_group(moderator, consultation=None):
    """Create the working group wgec with its policy and nominations (idempotent)."""
    policy, _created = RepresentationPolicy.objects.get_or_create(
        name="Working Group on Enhanced Cooperation (2013 composition)", defaults={"document": policies.wgec_2013()}
    )
    group, created = WorkingGroup.objects.get_or_create(
        slug="wgec",
        defaults={
            "name": "Working Group on Enhanced Cooperation",
            "policy": policy,
            "consultation": consultation,
            "mandate": "Established by the Chair of the CSTD under General Assembly resolution 67/195, paragraph 20.",
        },
    )
    if created:
        _nominate(group, moderator)
    return group


def _nominate(group, moderator):
    people = iter(_names())
    rank = iter(range(1, 10_000))
    countries = _countries()
    for iso3 in [*(c for region in countries.values() for c in region[:PER_REGION]), "CHE", "TUN"]:
        organisation = _government(iso3, moderator)
        _add(group, organisation, next(people), next(rank))
    developed = [c for region in countries.values() for c in region if Country.objects.get(iso3=c).developed]
    developing = [c for region in countries.values() for c in region if c not in developed]
    for slug in SEAT_CATEGORIES:
        category = StakeholderCategory.objects.get(slug=slug)
        per_category = (
            PER_SEAT_GROUP if slug not in ("technical-community", "academic-community") else PER_SEAT_GROUP // 2
        )
        for i in range(per_category):
            iso3 = (developed if i % 2 else developing)[(SEAT_CATEGORIES.index(slug) * 7 + i) % 15]
            organisation = _stakeholder(category, iso3, moderator)
            _add(group, organisation, next(people), next(rank))


def _names():
    for i in range(len(GIVEN) * len(FAMILY)):
        yield f"{GIVEN[i % len(GIVEN)]} {FAMILY[(i // len(GIVEN) + i) % len(FAMILY)]}"


def _countries():
    """A few Member States from each regional group, ex officio hosts left out."""
    by_region = {}
    for group in RegionalGroup.values:
        codes = Country.objects.filter(regional_group=group, un_status="member").exclude(iso3__in=["CHE", "TUN"])
        by_region[group] = list(codes.order_by("name").values_list("iso3", flat=True)[:12])
    return by_region


def _government(iso3, moderator):
    country = Country.objects.get(iso3=iso3)
    existing = Organisation.objects.verified().filter(category__is_government=True, country=country).first()
    if existing:
        return existing
    organisation = Organisation.objects.create(
        name=f"Government of {country.name}",
        category=StakeholderCategory.objects.get(slug="government"),
        country=country,
    )
    return account_services.organisation_verify(moderator=moderator, organisation=organisation, note="Demo data.")


def _stakeholder(category, iso3, moderator):
    country = Country.objects.get(iso3=iso3)
    name = f"{country.name} {category.name} Forum"
    organisation = Organisation.objects.filter(name=name).first()
    if organisation:
        return organisation
    organisation = Organisation.objects.create(
        name=name, category=category, country=country, is_international=category.slug == "intergovernmental"
    )
    return account_services.organisation_verify(moderator=moderator, organisation=organisation, note="Demo data.")


def _add(group, organisation, name, rank):
    genders = [Gender.FEMALE, Gender.MALE, "", Gender.FEMALE, Gender.MALE, Gender.OTHER]
    Nomination.objects.get_or_create(
        working_group=group,
        organisation=organisation,
        name=name,
        defaults={"gender": genders[rank % len(genders)], "rank": rank, "statement": "Demo nomination."},
    )

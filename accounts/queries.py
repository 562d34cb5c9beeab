"""Read-side functions for users and organisations."""

from collections import Counter
from typing import NamedTuple

from django.db.models import Case, Q, When

from accounts.models import Country, Membership, Organisation, StakeholderCategory


def memberships_of(user):
    """The user's memberships, any status, with what the list shows."""
    return (
        Membership.objects.filter(user=user)
        .exclude(status=Membership.Status.REFUSED)
        .select_related("organisation__category", "organisation__country")
        .order_by("organisation__name")
    )


# The directory finds one's own organisation; it never lists them. Organisations browsed by category and country
# would narrow down who sent an input published without its name.
SEARCH_MIN_LETTERS, SEARCH_MATCHES = 3, 10


class Found(NamedTuple):
    """An organisation the directory found, with its country only when another match bears the same name."""

    organisation: Organisation
    country: Country | None = None


def searchable(search: str) -> bool:
    """Whether the directory searches for this: SEARCH_MIN_LETTERS letters at least."""
    return len(" ".join(search.split())) >= SEARCH_MIN_LETTERS


def organisations_to_join(user, search: str) -> tuple[list[Found], bool]:
    """The first SEARCH_MATCHES organisations one may ask to join (not refused, not joined or asked already) whose
    name holds `search` or whose acronym starts with it, closest first, and whether more match; in one query.

    A search that is not `searchable` finds nothing."""
    search = " ".join(search.split())
    if not searchable(search):
        return [], False
    mine = Membership.objects.filter(user=user, status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING])
    closeness = Case(
        When(Q(name__iexact=search) | Q(acronym__iexact=search), then=0),
        When(name__istartswith=search, then=1),
        default=2,
    )
    organisations = (
        Organisation.objects.exclude(status=Organisation.Status.REFUSED)
        .exclude(pk__in=mine.values("organisation"))
        .filter(Q(name__icontains=search) | Q(acronym__istartswith=search))
        .select_related("country")
        .only("name", "acronym", "country__name", "country__names")
        .order_by(closeness, "name", "pk")
    )
    found = list(organisations[: SEARCH_MATCHES + 1])  # one more than shown: are there more?
    more, found = len(found) > SEARCH_MATCHES, found[:SEARCH_MATCHES]
    names = Counter(organisation.name.casefold() for organisation in found)
    return [Found(o, o.country if names[o.name.casefold()] > 1 else None) for o in found], more


def organisation_for_member(user, pk):
    """The organisation if the user is an active member of it, else None."""
    return (
        Organisation.objects.of_member(user).select_related("category", "country", "verified_by").filter(pk=pk).first()
    )


def members_of(organisation):
    return (
        organisation.memberships.exclude(status=Membership.Status.REFUSED)
        .select_related("user")
        .order_by("status", "-role", "user__full_name")
    )


def category_names() -> dict[str, str]:
    """{slug: name} of the stakeholder categories, in the active language (as StakeholderCategory.__str__ says)."""
    return {category.slug: str(category) for category in StakeholderCategory.objects.only("slug", "name")}

"""Read-side functions for users and organisations."""

from django.db.models import Q

from accounts.models import Membership, Organisation, StakeholderCategory


def memberships_of(user):
    """The user's memberships, any status, with what the list shows."""
    return (
        Membership.objects.filter(user=user)
        .exclude(status=Membership.Status.REFUSED)
        .select_related("organisation__category", "organisation__country")
        .order_by("organisation__name")
    )


def organisations_to_join(user, search=""):
    """Organisations one may ask to join: not refused, not already joined or asked."""
    organisations = (
        Organisation.objects.exclude(status=Organisation.Status.REFUSED)
        .exclude(memberships__user=user, memberships__status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING])
        .select_related("category", "country")
    )
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(acronym__iexact=search) | Q(country__name__icontains=search)
        )
    return organisations.order_by("name")


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

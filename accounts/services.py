"""State changes for users and organisations: one function per verb, each atomic."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import notifications, roles
from accounts.models import Country, Membership, Organisation, StakeholderCategory, User, VerificationEvent
from accounts.signals import verification_changed


def user_can_verify_organisations(user: User) -> bool:
    return roles.secretariat_can(user, "accounts.verify_organisation")


def user_has_verified_email(user: User) -> bool:
    return user.emailaddress_set.filter(email__iexact=user.email, verified=True).exists()


@transaction.atomic
def organisation_create(*, user: User, **fields) -> Organisation:
    """Create an organisation awaiting verification, with its creator as focal point."""
    if not user_has_verified_email(user):
        raise PermissionDenied(_("Verify your e-mail address before creating an organisation."))
    organisation = Organisation(created_by=user, **fields)
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(
        user=user,
        organisation=organisation,
        role=Membership.Role.FOCAL_POINT,
        status=Membership.Status.ACTIVE,
        decided_at=timezone.now(),
        decided_by=user,
    )
    return organisation


@transaction.atomic
def organisation_update(*, user: User, organisation: Organisation, **fields) -> Organisation:
    """Change an organisation's details; only its focal point may."""
    if not organisation.has_focal_point(user):
        raise PermissionDenied(_("Only the organisation's focal point can change its details."))
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save(update_fields=list(fields))
    return organisation


@transaction.atomic
def membership_request(*, user: User, organisation: Organisation, message: str = "") -> Membership:
    """Ask to join an organisation; its focal point decides."""
    if not user_has_verified_email(user):
        raise PermissionDenied(_("Verify your e-mail address before joining an organisation."))
    existing = Membership.objects.select_for_update().filter(user=user, organisation=organisation).first()
    if existing and existing.status == Membership.Status.ACTIVE:
        raise ValidationError(_("You already belong to %(organisation)s.") % {"organisation": organisation})
    if existing and existing.status == Membership.Status.PENDING:
        raise ValidationError(
            _("You have already asked to join %(organisation)s; its focal point will answer.")
            % {"organisation": organisation}
        )
    if existing:  # refused before: ask again
        existing.status, existing.message = Membership.Status.PENDING, message
        existing.decided_at = existing.decided_by = None
        existing.save(update_fields=["status", "message", "decided_at", "decided_by"])
        membership = existing
    else:
        membership = Membership.objects.create(user=user, organisation=organisation, message=message)
    notifications.membership_requested(membership)
    return membership


@transaction.atomic
def membership_decide(*, actor: User, membership: Membership, approve: bool) -> Membership:
    """The focal point lets a colleague in, or not."""
    membership = Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    if not membership.organisation.has_focal_point(actor):
        raise PermissionDenied(_("Only the organisation's focal point can answer a request to join."))
    if membership.status != Membership.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    membership.status = Membership.Status.ACTIVE if approve else Membership.Status.REFUSED
    membership.decided_at, membership.decided_by = timezone.now(), actor
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    notifications.membership_decided(membership)
    return membership


@transaction.atomic
def organisation_verify(*, moderator: User, organisation: Organisation, note: str = "") -> Organisation:
    """Mark an organisation verified; a Member State has at most one verified Government."""
    if not user_can_verify_organisations(moderator):
        raise PermissionDenied(_("Only moderators can verify organisations."))
    organisation = (
        Organisation.objects.select_for_update().select_related("category", "country").get(pk=organisation.pk)
    )
    if organisation.category.is_government:
        _one_government(organisation.country, exclude=organisation)
    return _set_verification(organisation, moderator, Organisation.Status.VERIFIED, note)


@transaction.atomic
def organisation_create_verified(
    *, moderator: User, name: str, category: StakeholderCategory, country: Country, note: str
) -> Organisation:
    """Create an organisation verified at once by the moderator (as imports do), through verification's rules."""
    if not user_can_verify_organisations(moderator):
        raise PermissionDenied(_("Only moderators can verify organisations."))
    organisation = Organisation(name=name, category=category, country=country, created_by=moderator)
    organisation.full_clean()
    if category.is_government:
        _one_government(country)
    organisation.save()
    return _set_verification(organisation, moderator, Organisation.Status.VERIFIED, note)


def government_refusals(countries, *, exclude: Organisation | None = None) -> dict[int, str]:
    """Country id -> why it can have no other verified Government: the one it has (one per Member State)."""
    governments = Organisation.objects.verified().filter(category__is_government=True, country__in=countries)
    if exclude is not None:
        governments = governments.exclude(pk=exclude.pk)
    message = _("%(country)s is already represented by the verified Government organisation %(other)s.")
    return {o.country_id: message % {"country": o.country, "other": o} for o in governments.select_related("country")}


def _one_government(country, exclude=None):
    # Lock the country so two moderators cannot verify two Governments at once.
    Country.objects.select_for_update().get(pk=country.pk)
    refusal = government_refusals([country], exclude=exclude).get(country.pk)
    if refusal:
        raise ValidationError(refusal)


@transaction.atomic
def organisation_refuse(*, moderator: User, organisation: Organisation, note: str) -> Organisation:
    """Refuse (or withdraw) verification, with a note the focal point receives."""
    if not user_can_verify_organisations(moderator):
        raise PermissionDenied(_("Only moderators can refuse organisations."))
    if not note.strip():
        raise ValidationError(_("Give the reason for refusing; it is sent to the focal point."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    return _set_verification(organisation, moderator, Organisation.Status.REFUSED, note)


def _set_verification(organisation, moderator, status, note):
    VerificationEvent.objects.create(
        organisation=organisation, actor=moderator, from_status=organisation.status, to_status=status, note=note
    )
    organisation.status = status
    organisation.verified_at, organisation.verified_by = timezone.now(), moderator
    organisation.verification_note = note
    organisation.save(update_fields=["status", "verified_at", "verified_by", "verification_note"])
    notifications.organisation_verification_decided(organisation)
    verification_changed.send(sender=Organisation, organisation_id=organisation.pk)  # in the transaction: see signals
    return organisation

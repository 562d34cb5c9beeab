"""E-mails to users, rendered in each one's language and time zone, sent once the change commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Membership


def send_after_commit(template, recipients, context):
    """Send `template`_subject.txt / _message.txt to each user once the transaction commits."""
    recipients = list(recipients)

    def send():
        for user in recipients:
            with translation.override(user.preferred_language), timezone.override(user.time_zone):
                full = {**context, "user": user, "site_url": settings.SITE_URL}
                subject = render_to_string(f"{template}_subject.txt", full).strip()
                body = render_to_string(f"{template}_message.txt", full)
            send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])

    transaction.on_commit(send)


def members(organisation, *, focal_points_only=False):
    memberships = organisation.memberships.active().select_related("user")
    if focal_points_only:
        memberships = memberships.filter(role=Membership.Role.FOCAL_POINT)
    return [m.user for m in memberships]


def membership_requested(membership):
    organisation = membership.organisation
    send_after_commit(
        "accounts/email/membership_requested",
        members(organisation, focal_points_only=True),
        {"membership": membership, "organisation": organisation, "url": organisation.get_absolute_url()},
    )


def membership_decided(membership):
    organisation = membership.organisation
    send_after_commit(
        "accounts/email/membership_decided",
        [membership.user],
        {"membership": membership, "organisation": organisation, "url": organisation.get_absolute_url()},
    )


def organisation_verification_decided(organisation):
    send_after_commit(
        "accounts/email/organisation_verification",
        members(organisation),
        {"organisation": organisation, "url": organisation.get_absolute_url()},
    )

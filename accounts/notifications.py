"""E-mails to users, written in each one's language and time zone with the change, sent once it commits."""

from django.conf import settings
from django.template.context import make_context
from django.template.loader import get_template
from django.utils import timezone, translation

from accounts import tasks
from accounts.models import Membership
from outbox.services import enqueue


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template rendered as text, not HTML: "Sahel & Co's" arrives as typed, not "Sahel &amp; Co&#x27;s".

    Every e-mail Concord writes is plain text and goes through here."""
    return get_template(template_name).template.render(make_context(context, autoescape=False))


def email_subject(template_name: str, context: dict) -> str:
    """The subject on one line, whatever the names in it hold: a line break would start another header."""
    return " ".join(render_text(template_name, context).split())


def send_after_commit(template, recipients, context):
    """Write `template`_subject.txt / _message.txt for each user, in the current transaction; sent after it commits.

    Each e-mail is a follow-up of its own (outbox): none is sent if the transaction rolls back, and each is sent
    once even if the broker is down at the commit, or loses its queue.
    """
    for user in recipients:
        with translation.override(user.preferred_language), timezone.override(user.time_zone):
            full = {**context, "user": user, "site_url": settings.SITE_URL}
            subject = email_subject(f"{template}_subject.txt", full)
            body = render_text(f"{template}_message.txt", full)
        enqueue(tasks.email_send, user.email, settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body)


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

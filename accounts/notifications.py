"""E-mails about organisations, sent once the change that caused them commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import Membership


def _send(template, recipients, context):
    """Render subject and body in each recipient's language and send after commit."""

    def send():
        for user in recipients:
            with translation.override(user.preferred_language):
                full = {**context, "user": user, "site_url": settings.SITE_URL}
                subject = render_to_string(f"accounts/email/{template}_subject.txt", full).strip()
                body = render_to_string(f"accounts/email/{template}_message.txt", full)
            send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])

    transaction.on_commit(send)


def _focal_points(organisation):
    return [
        m.user
        for m in organisation.memberships.active().filter(role=Membership.Role.FOCAL_POINT).select_related("user")
    ]


def membership_requested(membership):
    organisation = membership.organisation
    _send(
        "membership_requested",
        _focal_points(organisation),
        {
            "membership": membership,
            "organisation": organisation,
            "url": reverse("organisation_detail", args=[organisation.pk]),
        },
    )


def membership_decided(membership):
    organisation = membership.organisation
    _send(
        "membership_decided",
        [membership.user],
        {
            "membership": membership,
            "organisation": organisation,
            "url": reverse("organisation_detail", args=[organisation.pk]),
        },
    )


def organisation_verification_decided(organisation):
    _send(
        "organisation_verification",
        [m.user for m in organisation.memberships.active().select_related("user")],
        {"organisation": organisation, "url": reverse("organisation_detail", args=[organisation.pk])},
    )

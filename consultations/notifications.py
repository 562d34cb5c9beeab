"""E-mails about inputs, sent once the change that caused them commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Membership


def receipt(submission, version):
    """The receipt of a sent version, to whoever sent it and to the organisation's focal points."""
    recipients = {
        m.user
        for m in submission.organisation.memberships.filter(status=Membership.Status.ACTIVE).select_related("user")
        if m.role == Membership.Role.FOCAL_POINT or m.user_id == version.submitted_by_id
    }
    url = settings.SITE_URL + reverse(
        "submission_receipt", args=[submission.consultation.slug, submission.organisation_id]
    )

    def send():
        for user in recipients:
            with translation.override(user.preferred_language), timezone.override(user.time_zone):
                context = {"user": user, "submission": submission, "version": version, "url": url}
                subject = render_to_string("consultations/email/receipt_subject.txt", context).strip()
                body = render_to_string("consultations/email/receipt_message.txt", context)
            send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])

    transaction.on_commit(send)


def decided(submission, decision):
    """Tell the organisation's members what the secretariat decided, and why."""
    recipients = [
        m.user
        for m in submission.organisation.memberships.filter(status=Membership.Status.ACTIVE).select_related("user")
    ]
    url = settings.SITE_URL + reverse(
        "submission_edit", args=[submission.consultation.slug, submission.organisation_id]
    )

    def send():
        for user in recipients:
            with translation.override(user.preferred_language), timezone.override(user.time_zone):
                context = {"user": user, "submission": submission, "decision": decision, "url": url}
                subject = render_to_string("consultations/email/decided_subject.txt", context).strip()
                body = render_to_string("consultations/email/decided_message.txt", context)
            send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])

    transaction.on_commit(send)

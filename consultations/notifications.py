"""E-mails about inputs, sent once the change that caused them commits."""

from django.conf import settings
from django.urls import reverse

from accounts.models import Membership
from accounts.notifications import members, send_after_commit


def receipt(submission, version):
    """The receipt of a sent version, to whoever sent it and to the organisation's focal points."""
    memberships = submission.organisation.memberships.active().select_related("user")
    recipients = {
        m.user for m in memberships if m.role == Membership.Role.FOCAL_POINT or m.user_id == version.submitted_by_id
    }
    url = settings.SITE_URL + reverse(
        "consultations:submission_receipt", args=[submission.consultation.slug, submission.organisation_id]
    )
    send_after_commit(
        "consultations/email/receipt",
        recipients,
        {"submission": submission, "version": version, "consent_before": version.consent_before(), "url": url},
    )


def decided(submission, decision):
    """Tell the organisation's members what the secretariat decided, and why."""
    url = settings.SITE_URL + reverse(
        "consultations:submission_edit", args=[submission.consultation.slug, submission.organisation_id]
    )
    send_after_commit(
        "consultations/email/decided",
        members(submission.organisation),
        {"submission": submission, "decision": decision, "url": url},
    )

"""E-mails about inputs, sent once the change that caused them commits."""

from django.conf import settings
from django.urls import reverse

from accounts.notifications import members, send_after_commit


def receipt(submission, version):
    """The receipt of a sent version, to whoever sent it and to the organisation's focal points."""
    recipients = {*members(submission.organisation, focal_points_only=True)}
    recipients |= {u for u in members(submission.organisation) if u.pk == version.submitted_by_id}
    url = settings.SITE_URL + reverse(
        "submission_receipt", args=[submission.consultation.slug, submission.organisation_id]
    )
    send_after_commit(
        "consultations/email/receipt", recipients, {"submission": submission, "version": version, "url": url}
    )


def decided(submission, decision):
    """Tell the organisation's members what the secretariat decided, and why."""
    url = settings.SITE_URL + reverse(
        "submission_edit", args=[submission.consultation.slug, submission.organisation_id]
    )
    send_after_commit(
        "consultations/email/decided",
        members(submission.organisation),
        {"submission": submission, "decision": decision, "url": url},
    )

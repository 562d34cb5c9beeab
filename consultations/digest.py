"""The moderators' daily digest: what arrived in the last day, and who registered, for those who asked for it."""

from datetime import UTC, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import Organisation, User
from accounts.notifications import send_after_commit
from consultations import queries
from consultations.models import DigestSent, Submission, SubmissionState

LISTED = 50


@transaction.atomic
def daily_digest_send(*, now=None) -> int:
    """E-mail each moderator who opted in the inputs sent in the 24 hours before `now`, and the organisations that
    registered since the last digest and await verification; return how many e-mails were sent.

    Once a day (UTC): the day's row is written with the e-mails, so a second delivery of the job finds it and sends
    nothing, even while the first is still running (it waits for the first to commit)."""
    now = now or timezone.now()
    since = now - timedelta(days=1)
    new = (
        Submission.objects.filter(first_submitted_at__gte=since, first_submitted_at__lt=now)
        .exclude(state=SubmissionState.DRAFT)
        .select_related("consultation", "organisation__category", "organisation__country")
        .order_by("consultation__reference", "first_submitted_at")
    )
    inputs = list(new[: LISTED + 1])
    registered_since = _registered_since_last_digest(now, since)
    registered = list(registered_since[: LISTED + 1])
    if not inputs and not registered:
        return 0
    recipients = list(
        User.objects.filter(daily_digest=True, is_active=True, is_staff=True, groups__name=roles.MODERATOR).distinct()
    )
    _day, first = DigestSent.objects.get_or_create(
        day=now.astimezone(UTC).date(), defaults={"sent_at": now, "recipients": len(recipients)}
    )
    if not first:
        return 0
    context = {
        "inputs": inputs[:LISTED],
        "total": new.count() if len(inputs) > LISTED else len(inputs),
        "pending_organisations": Organisation.objects.pending().count(),
        "registered": registered[:LISTED],
        "registered_total": registered_since.count() if len(registered) > LISTED else len(registered),
        "since": since,
        "queue_url": settings.SITE_URL + reverse("consultations:moderation_queue") + "?state=submitted",
        "verification_url": settings.SITE_URL + reverse("accounts:moderation_organisations"),
    }
    send_after_commit("consultations/email/digest", recipients, context)
    return len(recipients)


def _registered_since_last_digest(now, since):
    """Organisations registered since the last digest (or `since`, before the first) that still await verification.

    Since the last digest sent, not the last day: one that registers on a quiet day, with no digest, is told of in
    the next one."""
    last = DigestSent.objects.filter(day__lt=now.astimezone(UTC).date()).order_by("-day").first()
    start = last.sent_at if last else since
    return queries.awaiting_verification().filter(created_at__gte=start, created_at__lt=now)

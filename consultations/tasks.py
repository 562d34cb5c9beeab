"""Celery tasks of inputs: thin wrappers that take ids and call a service."""

from celery import shared_task

from consultations import campaigns, digest
from outbox.tasks import FollowUpTask


@shared_task(base=FollowUpTask, acks_late=True)
def campaign_check(submission_id: int) -> int | None:
    """Group a sent input with the inputs it nearly repeats; a follow-up of each version sent or withdrawn."""
    return campaigns.campaign_check(submission_id)


@shared_task(acks_late=True)
def campaigns_rebuild(consultation_id: int) -> int:
    """Check every input sent to a consultation again (after an import); return how many were checked."""
    submission_ids = campaigns.consultation_inputs(consultation_id)
    for submission_id in submission_ids:
        campaigns.campaign_check(submission_id)
    return len(submission_ids)


@shared_task
def daily_digest() -> int:
    """Each morning (Celery beat), e-mail moderators who asked for it the inputs of the last day and the
    organisations awaiting verification that registered since the last digest."""
    return digest.daily_digest_send()

"""Celery tasks of accounts: thin wrappers that take plain values and send."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from outbox.tasks import FollowUpTask


@shared_task(base=FollowUpTask, acks_late=True)
def email_send(to: str, subject: str, body: str) -> None:
    """Send one e-mail written when the change it tells of was made; its follow-up row keeps it from going twice."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])

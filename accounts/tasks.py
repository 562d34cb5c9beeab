"""Celery tasks of accounts: thin wrappers that take plain values and send."""

from smtplib import SMTPRecipientsRefused

from celery import shared_task
from django.conf import settings
from django.core.mail import BadHeaderError, send_mail

from outbox.services import PermanentFailure
from outbox.tasks import FollowUpTask


def refused_for_good(error: Exception) -> bool:
    """Whether no later try can send the e-mail: a header no server takes, or a recipient the server refuses with a
    permanent (5xx) reply. A server that is down, busy or refuses for now (4xx) may take it later."""
    if isinstance(error, BadHeaderError):
        return True
    return isinstance(error, SMTPRecipientsRefused) and all(code >= 500 for code, _reply in error.recipients.values())


@shared_task(base=FollowUpTask, acks_late=True)
def email_send(to: str, subject: str, body: str) -> None:
    """Send one e-mail written when the change it tells of was made; its follow-up row keeps it from going twice."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except (BadHeaderError, SMTPRecipientsRefused) as error:
        if refused_for_good(error):
            raise PermanentFailure(f"E-mail to {to}, {subject!r}: {type(error).__name__}: {error}") from error
        raise

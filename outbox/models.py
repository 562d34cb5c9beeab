"""The follow-ups of a state change (an e-mail, a balance refresh, a campaign check), recorded with the change."""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

# A row the request could not hand to the broker is handed over by the sweep after this long.
PENDING_AFTER = timedelta(minutes=1)
# A row handed over but not done by then was lost with the broker's queue, or its run failed: hand it over again.
# Longer than a follow-up waits and runs in the queue; a second copy of one still running does nothing.
REDISPATCH_AFTER = timedelta(minutes=10)
# After this many runs that did not finish, the sweep gives up: the row is marked failed and stays, with its last
# error, for operators. A run whose task says no retry can mend it (outbox.services.PermanentFailure) fails it at once.
MAX_ATTEMPTS = 10
# Done rows are kept this long, to show what was sent and when.
KEEP_DONE = timedelta(days=14)


class FollowUpQuerySet(models.QuerySet):
    def due(self, now=None):
        """Rows the sweep hands to the broker: never handed over, or handed over and not done for too long."""
        now = now or timezone.now()
        waiting = Q(dispatched_at__isnull=True, created_at__lte=now - PENDING_AFTER)
        lost = Q(dispatched_at__lte=now - REDISPATCH_AFTER)
        return self.waiting().filter(waiting | lost).order_by("created_at")

    def waiting(self):
        """Rows not done that a sweep may still hand over."""
        return self.filter(done_at__isnull=True, failed_at__isnull=True, attempts__lt=MAX_ATTEMPTS)

    def failed(self):
        """Rows that will not run again: marked failed, or out of runs (the last one's worker died before it could
        say so)."""
        return self.filter(Q(failed_at__isnull=False) | Q(attempts__gte=MAX_ATTEMPTS), done_at__isnull=True)


class FollowUp(models.Model):
    """One task to run once its transaction has committed: written in it, handed to Celery after it, swept if lost."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("handed to the broker"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("runs started"), default=0)
    failed_at = models.DateTimeField(_("failed, not run again"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_at"], name="follow_up_not_done", condition=Q(done_at__isnull=True)),
            models.Index(fields=["done_at"], name="follow_up_done"),
        ]

    def __str__(self):
        described = f"{self.task}{tuple(self.args)}"
        return described if len(described) <= 120 else described[:119] + "…"

    @property
    def celery_id(self) -> str:
        """The Celery task id of every hand-over of this row: how a worker finds the row it runs."""
        return f"follow-up-{self.pk}"

    @property
    def status(self) -> str:
        if self.done_at:
            return pgettext("follow-up status", "done")
        if self.failed_at or self.attempts >= MAX_ATTEMPTS:
            return pgettext("follow-up status", "failed")
        if self.dispatched_at:
            return pgettext("follow-up status", "handed over")
        return pgettext("follow-up status", "pending")

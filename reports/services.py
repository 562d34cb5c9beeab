"""Balance reports as jobs: requested in a transaction, computed by a worker, never lost; nominations and members."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from consultations.models import Consultation
from outbox.services import enqueue
from reports import balance
from reports.models import BalanceReport, Member, Nomination, WorkingGroup

STUCK_AFTER = timedelta(minutes=15)
# The task that computes a report (reports.tasks imports this module: it is asked for by name).
RUN_TASK = "reports.tasks.balance_report_run"


def _population(consultation=None, working_group=None):
    if (consultation is None) == (working_group is None):
        raise ValueError("A balance report is of one consultation or one working group.")
    return {"consultation": consultation, "working_group": working_group}


def may_request_balance_report(user) -> bool:
    """Whether someone may ask for a fresh balance report: a reader of the console whose role may (a moderator's)."""
    return roles.secretariat_can(user, "accounts.view_console") and user.has_perm("reports.request_balance_report")


@transaction.atomic
def balance_report_request(*, consultation=None, working_group=None, reason="on demand", user=None) -> BalanceReport:
    """Ask for a fresh report; a report already waiting for the same population is reused (coalesced).

    `user`: the person asking, who must be allowed to; None when the platform asks (a decision, a verification,
    the night)."""
    if user is not None and not may_request_balance_report(user):
        raise PermissionDenied(_("Your role cannot ask for balance reports."))
    return _request(_population(consultation, working_group), reason, requested_by=user)


def _request(population, reason, *, requested_by=None) -> BalanceReport:
    waiting = BalanceReport.objects.select_for_update().filter(status=BalanceReport.Status.QUEUED, **population).first()
    if waiting:
        return waiting
    report = BalanceReport.objects.create(reason=reason, requested_by=requested_by, **population)
    _enqueue(report.pk)
    return report


def _enqueue(report_id):
    """The run is a follow-up (outbox): handed to a worker once the request commits, or by the sweep."""
    enqueue(RUN_TASK, report_id)


def balance_report_run(report_id: int) -> str:
    """Claim the report row, compute it, store the result; another worker's claim wins."""
    claimed = BalanceReport.objects.filter(pk=report_id, status=BalanceReport.Status.QUEUED).update(
        status=BalanceReport.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    report = BalanceReport.objects.select_related("consultation", "working_group").get(pk=report_id)
    try:
        result = balance.population_report(consultation=report.consultation, working_group=report.working_group)
    except Exception as error:  # the row must say what went wrong, whatever it was
        BalanceReport.objects.filter(pk=report_id).update(
            status=BalanceReport.Status.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"
        )
        raise
    BalanceReport.objects.filter(pk=report_id).update(
        status=BalanceReport.Status.SUCCEEDED,
        finished_at=timezone.now(),
        result=result,
        meets_hard=result["meets_hard"],
    )
    return "succeeded"


def balance_reports_sweep(now=None) -> int:
    """Queue again the reports a lost worker or broker left queued or running; return how many."""
    now = now or timezone.now()
    stuck = BalanceReport.objects.filter(status__in=BalanceReport.IN_PROGRESS, requested_at__lt=now - STUCK_AFTER)
    ids = list(stuck.values_list("pk", flat=True))
    BalanceReport.objects.filter(pk__in=ids).update(status=BalanceReport.Status.QUEUED, started_at=None)
    for report_id in ids:
        _enqueue(report_id)
    return len(ids)


def balance_reports_nightly() -> int:
    """A report for every open or published consultation and every working group."""
    count = 0
    for consultation in Consultation.objects.with_public_record():
        balance_report_request(consultation=consultation, reason="nightly")
        count += 1
    for group in WorkingGroup.objects.all():
        balance_report_request(working_group=group, reason="nightly")
        count += 1
    return count


def user_can_confirm(user) -> bool:
    """Whether someone may confirm a working group's members: the Chair or a moderator."""
    return roles.secretariat_can(user, "reports.confirm_membership")


@transaction.atomic
def nomination_create(*, user, working_group, organisation, name, gender="", statement=""):
    """A member of a verified organisation proposes someone for a working group."""
    if not organisation.has_member(user):
        raise PermissionDenied(_("Only members of %(name)s can nominate on its behalf.") % {"name": organisation.name})
    if not working_group.nominations_open:
        raise ValidationError(_("Nominations to this working group are closed."))
    if Nomination.objects.filter(
        working_group=working_group, organisation=organisation, name__iexact=name.strip()
    ).exists():
        raise ValidationError(_("%(name)s is already nominated by %(org)s.") % {"name": name, "org": organisation.name})
    nomination = Nomination(
        working_group=working_group,
        organisation=organisation,
        name=name.strip(),
        gender=gender,
        statement=statement,
        nominated_by=user,
    )
    nomination.full_clean()
    nomination.save()
    return nomination


@transaction.atomic
def membership_confirm(*, user, working_group, nomination_ids) -> int:
    """Make exactly these nominations the working group's members; return how many."""
    if not user_can_confirm(user):
        raise PermissionDenied(_("Only the Chair or a moderator can confirm a working group's members."))
    WorkingGroup.objects.select_for_update().get(pk=working_group.pk)
    chosen = list(
        Nomination.objects.filter(
            pk__in=nomination_ids, working_group=working_group, status=Nomination.Status.PROPOSED
        ).select_related("organisation")
    )
    if len(chosen) != len(set(nomination_ids)) or not chosen:
        raise ValidationError(_("Some chosen people are not nominations to this working group."))
    if any(not n.organisation.is_verified for n in chosen):
        raise ValidationError(_("Every member must come from a verified organisation."))
    Member.objects.filter(working_group=working_group).delete()
    Member.objects.bulk_create(Member(working_group=working_group, nomination=n, confirmed_by=user) for n in chosen)
    # The refresh follows from the confirmation (the Chair may confirm, not ask for reports): recorded as theirs.
    _request({"working_group": working_group}, "membership", requested_by=user)
    return len(chosen)

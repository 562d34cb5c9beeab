"""Read-side functions of reports: balance reports, working groups and their nominations, compilations."""

from collections import defaultdict

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404

from accounts.models import Organisation
from reports.models import BalanceReport, Compilation, Nomination, WorkingGroup

HISTORY = 30  # the reports a balance page lists


# Balance reports, of one population: {"consultation": …} or {"working_group": …}


def latest_balance_report(population: dict) -> BalanceReport | None:
    """The population's latest computed report."""
    return BalanceReport.objects.filter(status=BalanceReport.Status.SUCCEEDED, **population).first()


def pending_balance_report(population: dict) -> BalanceReport | None:
    """A report of the population being computed, if any."""
    return BalanceReport.objects.filter(status__in=BalanceReport.IN_PROGRESS, **population).first()


def balance_history(population: dict):
    """The population's latest reports, newest first, with what the history table shows."""
    reports = BalanceReport.objects.filter(**population)
    return reports.only("pk", "status", "reason", "requested_at", "finished_at", "meets_hard")[:HISTORY]


def latest_balances(consultations) -> dict[int, BalanceReport]:
    """{consultation pk: its latest computed report}, for the consultations that have one, in one query."""
    computed = BalanceReport.objects.filter(status=BalanceReport.Status.SUCCEEDED)
    latest = computed.filter(consultation=OuterRef("consultation")).order_by("-requested_at", "-pk").values("pk")[:1]
    reports = computed.filter(consultation__in=consultations, pk=Subquery(latest))
    return {
        report.consultation_id: report for report in reports.only("pk", "consultation", "meets_hard", "finished_at")
    }


# Working groups and nominations


def working_groups():
    return WorkingGroup.objects.select_related("policy").order_by("name")


def working_group(slug) -> WorkingGroup:
    """The working group, with its policy and consultation, or 404."""
    return get_object_or_404(WorkingGroup.objects.select_related("policy", "consultation"), slug=slug)


def proposed_nominations(group) -> list[Nomination]:
    """The nominations the slate is chosen from, with what their rows and the balance checks read."""
    nominations = group.nominations.filter(status=Nomination.Status.PROPOSED)
    return list(nominations.select_related("organisation__category", "organisation__country"))


def member_nomination_ids(group) -> set[int]:
    """The nominations confirmed as the group's members."""
    return set(group.members.values_list("nomination_id", flat=True))


def nominating_organisations(user):
    """The verified organisations a user may nominate on behalf of: those they are an active member of."""
    return Organisation.objects.of_member(user).verified().select_related("category", "country")


# Compilations


def compilations_of(consultation):
    """Every compilation of a consultation, newest first, for the console."""
    return consultation.compilations.select_related("requested_by")


def _public_editions():
    """Compilations of the public edition anyone may download, newest first."""
    published = Compilation.objects.filter(edition=Compilation.Edition.PUBLIC, status=Compilation.Status.SUCCEEDED)
    return published.exclude(file="").order_by("-finished_at", "-pk")


def public_compilations(consultation):
    return _public_editions().filter(consultation=consultation)


def public_compilations_of(consultations) -> dict[int, list[Compilation]]:
    """{consultation pk: its public compilations}, for the consultations that have some, in one query."""
    found = defaultdict(list)
    for compilation in _public_editions().filter(consultation__in=consultations):
        found[compilation.consultation_id].append(compilation)
    return dict(found)


def compilation_made(pk) -> Compilation:
    """A compilation whose file is made, or 404."""
    return get_object_or_404(Compilation.objects.exclude(file=""), pk=pk, status=Compilation.Status.SUCCEEDED)

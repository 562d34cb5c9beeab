"""The console's pages of reports: balance reports, working groups and their slates, compilations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.roles import console_required
from consultations.models import Consultation
from reports import balance, queries, services, slate
from reports import policy as policies
from reports.charts import balance_charts, named_cells
from reports.compilation import jobs
from reports.forms import CompilationForm
from reports.models import Compilation, WorkingGroup
from reports.views import pdf_response

CONSULTATIONS = "consultations"  # the population kind of a balance page's address, beside "working-groups"


def _population(kind, slug):
    if kind == CONSULTATIONS:
        return {"consultation": get_object_or_404(Consultation.objects.visible(), slug=slug)}
    return {"working_group": get_object_or_404(WorkingGroup, slug=slug)}


@console_required()
def balance_report(request, kind, slug):
    population = _population(kind, slug)
    latest = queries.latest_balance_report(population)
    if request.GET.get("format") == "json":
        if latest is None:
            return JsonResponse({"error": _("No report has been computed yet.")}, status=404)
        response = JsonResponse(latest.result, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'attachment; filename="balance-{slug}-{latest.pk}.json"'
        return response
    return render(
        request,
        "reports/balance.html",
        {
            "population": population.get("consultation") or population.get("working_group"),
            "of_inputs": kind == CONSULTATIONS,
            "kind": kind,
            "slug": slug,
            "latest": latest,
            "pending": queries.pending_balance_report(population),
            "history": queries.balance_history(population),
            "rules": balance.rules_in(latest.result, translation.get_language()) if latest else [],
            "charts": balance_charts(latest.result) if latest else [],
            "cells": named_cells(latest.result) if latest else [],
        },
    )


@require_POST
@console_required("reports.request_balance_report")
def balance_refresh(request, kind, slug):
    services.balance_report_request(**_population(kind, slug), reason="on demand", user=request.user)
    messages.success(request, _("A fresh report is on its way; this page shows it when it is ready."))
    return redirect("reports:balance_report", kind, slug)


@console_required()
def working_groups(request):
    return render(request, "reports/working_groups.html", {"groups": queries.working_groups()})


def _working_group_context(group, **shown):
    return {
        "group": group,
        "nominations": queries.proposed_nominations(group),
        "members": queries.member_nomination_ids(group),
        "proposal": None,
        "checked": None,
        "policy": policies.summary(group.policy.parsed()),
        **shown,
    }


@console_required()
def working_group(request, slug):
    group = queries.working_group(slug)
    context = _working_group_context(group)
    if request.GET.get("propose"):
        try:
            context["proposal"] = slate.propose(group)
        except (ValueError, slate.SlateUndecided) as error:
            messages.error(request, str(error))
            return redirect("reports:working_group_console", slug)
        context["selected"] = {n.pk for n in context["proposal"].members}
    else:
        context["selected"] = context["members"]
    return render(request, "reports/working_group.html", context)


@require_POST
@console_required()
def working_group_check(request, slug):
    """Evaluate a hand-made selection (a swap of members) against the policy, without saving it."""
    group = queries.working_group(slug)
    chosen_ids = {int(pk) for pk in request.POST.getlist("chosen") if pk.isdigit()}
    if "confirm" in request.POST:
        try:
            count = services.membership_confirm(user=request.user, working_group=group, nomination_ids=list(chosen_ids))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            confirmed = ngettext("%(count)d member confirmed.", "%(count)d members confirmed.", count)
            messages.success(request, confirmed % {"count": count})
        return redirect("reports:working_group_console", slug)
    context = _working_group_context(group, selected=chosen_ids)
    chosen = [n for n in context["nominations"] if n.pk in chosen_ids]
    context["checked"] = balance.evaluate(group.policy.parsed(), balance.nomination_cells(chosen))
    return render(request, "reports/working_group.html", context)


@console_required()
def compilations(request, slug):
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    initial = {"arrangement": Compilation.Arrangement.BY_RESPONDENT, "edition": Compilation.Edition.COMPLETE}
    form = CompilationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not jobs.may_request(request.user):
            raise PermissionDenied(_("Your role can download compilations but not ask for new ones."))
        if form.is_valid():
            compilation = jobs.compilation_request(user=request.user, consultation=consultation, **form.cleaned_data)
            messages.success(request, _("Compilation %(n)d is on its way.") % {"n": compilation.pk})
            return redirect("reports:compilations", slug)
    return render(
        request,
        "reports/compilations.html",
        {"consultation": consultation, "form": form, "compilations": queries.compilations_of(consultation)},
    )


@console_required()
def compilation_progress(request, pk):
    compilation = get_object_or_404(Compilation, pk=pk)
    return JsonResponse(
        {
            "status": compilation.status,
            "label": compilation.get_status_display(),
            "done": compilation.parts_done,
            "total": compilation.parts_total,
        }
    )


@console_required()
def compilation_download(request, pk):
    return pdf_response(queries.compilation_made(pk))

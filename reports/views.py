"""Balance reports and working groups in the console; nominations for stakeholders."""

from http import HTTPStatus
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.models import RegionalGroup
from accounts.queries import category_names
from accounts.roles import console_required
from accounts.validators import validate_name
from config.downloads import protected_file
from consultations import queries as consultation_queries
from consultations.models import INPUT_LANGUAGES, Consultation
from consultations.views import submission_for_member
from reports import policy as policies
from reports import services
from reports.balance import rules_in
from reports.charts import bars_svg
from reports.compilation import jobs
from reports.models import BalanceReport, Compilation, Gender, Nomination, WorkingGroup

HISTORY = 30


def _population(kind, slug):
    if kind == "consultations":
        return {"consultation": get_object_or_404(Consultation.objects.visible(), slug=slug)}
    return {"working_group": get_object_or_404(WorkingGroup, slug=slug)}


@console_required()
def balance(request, kind, slug):
    population = _population(kind, slug)
    reports = BalanceReport.objects.filter(**population)
    latest = reports.filter(status=BalanceReport.Status.SUCCEEDED).first()
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
            "kind": kind,
            "slug": slug,
            "latest": latest,
            "pending": reports.filter(status__in=[BalanceReport.Status.QUEUED, BalanceReport.Status.RUNNING]).first(),
            "history": reports.only("pk", "status", "reason", "requested_at", "finished_at", "meets_hard")[:HISTORY],
            "rules": rules_in(latest.result, translation.get_language()) if latest else [],
            "charts": _charts(latest.result) if latest else [],
            "cells": _named_cells(latest.result) if latest else [],
        },
    )


def _names():
    categories = category_names()
    groups = {value: str(label) for value, label in RegionalGroup.choices}
    return categories, groups


def _named_cells(result):
    """The cross-table with names instead of slugs: (category, regional group, developed, count)."""
    categories, groups = _names()
    return [
        (categories.get(c["category"], c["category"]), groups.get(c["regional_group"], "—"), c["developed"], c["count"])
        for c in result["cells"]
    ]


def _charts(result):
    """Inputs or members by category and by regional group."""
    categories, groups = _names()
    by_category, by_group = {}, {}
    for cell in result["cells"]:
        name = categories.get(cell["category"], cell["category"])
        by_category[name] = by_category.get(name, 0) + cell["count"]
        group = groups.get(cell["regional_group"], "—")
        by_group[group] = by_group.get(group, 0) + cell["count"]
    return [
        bars_svg(
            [(name, n, None) for name, n in sorted(by_category.items())], title=_("Inputs or members by category")
        ),
        bars_svg([(name, n, None) for name, n in sorted(by_group.items())], title=_("By regional group")),
    ]


@require_POST
@console_required("reports.request_balance_report")
def balance_refresh(request, kind, slug):
    services.balance_report_request(**_population(kind, slug), reason="on demand", user=request.user)
    messages.success(request, _("A fresh report is on its way; this page shows it when it is ready."))
    return redirect("balance_report", kind, slug)


@console_required()
def working_groups(request):
    groups = WorkingGroup.objects.select_related("policy").order_by("name")
    return render(request, "reports/working_groups.html", {"groups": groups})


@console_required()
def working_group(request, slug):
    group = get_object_or_404(WorkingGroup.objects.select_related("policy", "consultation"), slug=slug)
    nominations = list(
        group.nominations.filter(status=Nomination.Status.PROPOSED).select_related(
            "organisation__category", "organisation__country"
        )
    )
    members = {m.nomination_id for m in group.members.all()}
    context = {
        "group": group,
        "nominations": nominations,
        "members": members,
        "proposal": None,
        "checked": None,
        "policy": policies.summary(group.policy.parsed()),
    }
    if request.GET.get("propose"):
        from reports import slate

        try:
            context["proposal"] = slate.propose(group)
        except (ValueError, slate.SlateUndecided) as error:
            messages.error(request, str(error))
            return redirect("working_group_console", slug)
        context["selected"] = {n.pk for n in context["proposal"].members}
    else:
        context["selected"] = members
    return render(request, "reports/working_group.html", context)


@require_POST
@console_required()
def working_group_check(request, slug):
    """Evaluate a hand-made selection (a swap of members) against the policy, without saving it."""
    from reports import balance

    group = get_object_or_404(WorkingGroup.objects.select_related("policy"), slug=slug)
    chosen_ids = {int(pk) for pk in request.POST.getlist("chosen") if pk.isdigit()}
    nominations = list(
        group.nominations.filter(status=Nomination.Status.PROPOSED).select_related(
            "organisation__category", "organisation__country"
        )
    )
    chosen = [n for n in nominations if n.pk in chosen_ids]
    if "confirm" in request.POST:
        try:
            count = services.membership_confirm(user=request.user, working_group=group, nomination_ids=list(chosen_ids))
        except PermissionDenied:
            raise
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            confirmed = ngettext("%(count)d member confirmed.", "%(count)d members confirmed.", count)
            messages.success(request, confirmed % {"count": count})
        return redirect("working_group_console", slug)
    rules = balance.evaluate(group.policy.parsed(), balance.nomination_cells(chosen))
    return render(
        request,
        "reports/working_group.html",
        {
            "group": group,
            "nominations": nominations,
            "members": {m.nomination_id for m in group.members.all()},
            "selected": chosen_ids,
            "checked": rules,
            "proposal": None,
            "policy": policies.summary(group.policy.parsed()),
        },
    )


class NominationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=gettext_lazy("On behalf of"), queryset=None)
    name = forms.CharField(
        label=gettext_lazy("Full name of the person nominated"), max_length=200, validators=[validate_name]
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("Gender (optional, self-declared)"), choices=[("", "—"), *Gender.choices], required=False
    )
    statement = forms.CharField(
        label=gettext_lazy("Statement"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


@login_required
def nominate(request, slug):
    group = get_object_or_404(WorkingGroup, slug=slug)
    organisations = consultation_queries.member_organisations(request.user)
    form = NominationForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_create(user=request.user, working_group=group, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The nomination is recorded; the secretariat will consider it."))
            return redirect("nominate", slug)
    return render(
        request, "reports/nominate.html", {"group": group, "form": form, "has_organisation": organisations.exists()}
    )


class CompilationForm(forms.Form):
    arrangement = forms.ChoiceField(
        label=gettext_lazy("Arrangement"), choices=Compilation.Arrangement.choices, widget=forms.RadioSelect
    )
    edition = forms.ChoiceField(
        label=gettext_lazy("Edition"), choices=Compilation.Edition.choices, widget=forms.RadioSelect
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages (none ticked: all)"),
        choices=INPUT_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    append_attachments = forms.BooleanField(
        label=gettext_lazy("Append PDF attachments after their input"), required=False, initial=True
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the cover, contents and headings"),
        help_text=gettext_lazy("Each input stays in the language it was written in."),
        choices=settings.LANGUAGES,
        initial=jobs.LANGUAGE,
        required=False,
    )

    def clean_language(self):
        return self.cleaned_data["language"] or jobs.LANGUAGE


@console_required()
def compilations_page(request, slug):
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    form = CompilationForm(request.POST or None, initial={"arrangement": "by-respondent", "edition": "complete"})
    if request.method == "POST":
        if not jobs.may_request(request.user):
            raise PermissionDenied(_("Your role can download compilations but not ask for new ones."))
        if form.is_valid():
            compilation = jobs.compilation_request(user=request.user, consultation=consultation, **form.cleaned_data)
            messages.success(request, _("Compilation %(n)d is on its way.") % {"n": compilation.pk})
            return redirect("compilations", slug)
    return render(
        request,
        "reports/compilations.html",
        {
            "consultation": consultation,
            "form": form,
            "compilations": consultation.compilations.select_related("requested_by"),
        },
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


def _pdf_response(compilation):
    return protected_file(compilation.file, filename=Path(compilation.file.name).name, content_type="application/pdf")


@console_required()
def compilation_download(request, pk):
    compilation = get_object_or_404(Compilation.objects.exclude(file=""), pk=pk, status=Compilation.Status.SUCCEEDED)
    return _pdf_response(compilation)


def public_compilation_download(request, slug, pk):
    consultation = get_object_or_404(Consultation.objects.with_public_record(), slug=slug)
    return _pdf_response(get_object_or_404(consultation_queries.public_compilations(consultation), pk=pk))


PDF_REFRESH_SECONDS = 5


def _single_pdf(request, submission, edition, *, back):
    """One input's PDF, its labels in the reader's language: from the cache, or else a page saying a worker makes it.

    The page never renders it (a long input takes a worker minutes); it asks a worker once, and refreshes itself."""
    path = jobs.single_input(submission, edition=edition)
    if path is not None:
        return protected_file(path, filename=f"{submission.reference}.pdf", content_type="application/pdf")
    response = render(
        request,
        "reports/pdf_preparing.html",
        {"submission": submission, "back": back, "refresh": PDF_REFRESH_SECONDS},
        status=HTTPStatus.ACCEPTED,
    )
    response["Retry-After"] = str(PDF_REFRESH_SECONDS)
    add_never_cache_headers(response)
    return response


@login_required
def submission_pdf(request, slug, organisation_pk):
    """The organisation's own copy of what it sent, everything included: for its members, as its receipt is."""
    submission = submission_for_member(request, slug, organisation_pk)
    if submission.pk is None or submission.current_version is None:
        raise Http404("Nothing has been sent yet.")
    back = reverse("submission_receipt", args=[slug, organisation_pk])
    return _single_pdf(request, submission, Compilation.Edition.COMPLETE, back=back)


def public_input_pdf(request, slug, reference):
    """A published input as a PDF, as its author allowed it to be shown."""
    submission = consultation_queries.public_input(consultation_queries.consultation_with_record(slug), reference)
    back = reverse("public_input", args=[slug, reference])
    return _single_pdf(request, submission, Compilation.Edition.PUBLIC, back=back)

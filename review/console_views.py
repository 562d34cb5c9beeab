"""The review's pages in the secretariat's console: each consultation's review (blind coding, agreement,
reconciling), and coding an input.

Analysts and the Chair code (review.code_inputs); everything needs two-factor authentication (accounts.roles)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.roles import console_required
from consultations import queries as consultation_queries
from consultations.models import Consultation, Submission
from review import charts, issue_map, queries, register, services, views
from review.forms import AssignForm, CodingForm, ReconcileForm
from review.models import Code, Coding
from review.roles import ASSIGN_CODERS, CHANGE_CODEBOOK, CODE_INPUTS
from web.security import bad_request


def _input_to_code(pk):
    return get_object_or_404(
        consultation_queries.for_review(),
        pk=pk,
        state__in=consultation_queries.REVIEWABLE,
        current_version__isnull=False,
    )


@console_required(CODE_INPUTS)
def coding(request, pk):
    """An input's answers with their coded passages drawn, the codes applied, and the form that applies more."""
    submission = _input_to_code(pk)
    access = queries.coding_access(request.user, submission)
    if not access.may_open:
        raise PermissionDenied(_("This input is given to other analysts to code."))
    answers, stale = queries.coding_page(submission, coder=request.user if access.blind else None)
    codebook = queries.codebook_of(submission.consultation)
    open_codes = Code.objects.filter(
        pk__in=[code.pk for code in codebook if code.is_open and code.level > Code.Level.CLUSTER]
    )
    form = CodingForm(
        request.POST or None,
        answers=answers,
        codes=open_codes,
        initial={"version": submission.current_version_id},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                made = services.coding_add(
                    user=request.user,
                    submission=submission,
                    version_id=form.cleaned_data["version"],
                    passages=form.cleaned_data["passages"],
                    codes=list(form.cleaned_data["codes"]),
                    stance=form.cleaned_data["stance"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, ngettext("%(n)d coding recorded.", "%(n)d codings recorded.", len(made)) % {"n": len(made)}
                )
                return redirect("review:coding", submission.pk)
        status = 400
    return render(
        request,
        "review/coding.html",
        {
            "submission": submission,
            "access": access,
            "answers": answers,
            "stale": stale,
            "codebook": [code for code in codebook if code.is_open],
            "form": form,
            "chosen_codes": {str(pk) for pk in form["codes"].value() or []},
            "chosen_paragraphs": set(form["paragraph"].value() or []),
        },
        status=status,
    )


@require_POST
@console_required(CODE_INPUTS)
def coding_remove(request, pk, coding_pk):
    coding = get_object_or_404(Coding.objects.current(), pk=coding_pk, submission_id=pk)
    try:
        services.coding_remove(user=request.user, coding=coding)
    except ValidationError as error:  # a coder removing another's coding is refused (403) by the service
        messages.error(request, " ".join(error.messages))
        return redirect("review:coding", pk)
    messages.success(request, _("Coding removed; the history keeps it."))
    return redirect("review:coding", pk)


@require_POST
@console_required(CODE_INPUTS)
def assignment_done(request, pk):
    submission = _input_to_code(pk)
    try:
        services.assignment_done(user=request.user, submission=submission)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked done. Your codings of this input stand as they are."))
    return redirect("review:coding", pk)


@console_required("review.view_code")
def index(request):
    """Every consultation's review: its codebook, how many inputs are coded, and the blind coding."""
    consultations = list(Consultation.objects.visible().order_by("-opens_at"))
    figures = queries.review_figures(consultations, request.user)
    return render(request, "review/index.html", {"rows": [(c, figures[c.pk]) for c in consultations]})


def _consultation_page(request, consultation, assign_form=None, status=200):
    report = queries.agreement_of(consultation)
    forms_by_row = {
        (d.submission.pk, d.code.pk): ReconcileForm(initial={"submission": d.submission.pk, "code": d.code.pk})
        for d in report.disagreements
    }
    return render(
        request,
        "review/consultation.html",
        {
            "consultation": consultation,
            "figures": queries.review_figures([consultation], request.user)[consultation.pk],
            "assignments": queries.assignments_of(consultation),
            "assign_form": assign_form or AssignForm(coders=queries.coders()),
            "can_assign": request.user.has_perm(ASSIGN_CODERS),
            "report": report,
            "disagreements": [(d, forms_by_row[(d.submission.pk, d.code.pk)]) for d in report.disagreements],
        },
        status=status,
    )


@console_required("review.view_code")
def consultation(request, slug):
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    return _consultation_page(request, consultation)


@require_POST
@console_required(ASSIGN_CODERS)
def assign(request, slug):
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    form = AssignForm(request.POST, coders=queries.coders())
    if form.is_valid():
        try:
            given = services.assign_blind(
                user=request.user,
                consultation=consultation,
                coders=list(form.cleaned_data["coders"]),
                sample=form.cleaned_data["sample"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            n = len(given)
            messages.success(
                request,
                ngettext("%(n)d input given to each analyst chosen.", "%(n)d inputs given to each analyst chosen.", n)
                % {"n": n},
            )
            return redirect("review:consultation", consultation.slug)
    return _consultation_page(request, consultation, assign_form=form, status=400)


@require_POST
@console_required(ASSIGN_CODERS)
def reconcile(request, slug):
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    form = ReconcileForm(request.POST)
    if not form.is_valid():
        return bad_request(request, _("Choose whether the input raises the issue."))
    submission = get_object_or_404(Submission, pk=form.cleaned_data["submission"], consultation=consultation)
    code = get_object_or_404(Code, pk=form.cleaned_data["code"], consultation=consultation)
    try:
        services.reconcile(
            user=request.user,
            submission=submission,
            code=code,
            applies=form.cleaned_data["applies"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return bad_request(request, " ".join(error.messages))
    messages.success(request, _("Reconciled coding recorded."))
    return redirect(f"{reverse('review:consultation', args=[consultation.slug])}#disagreements")


def _edition(request):
    edition = request.GET.get("edition", "complete")
    if edition not in register.EDITIONS:
        raise BadEdition(edition)
    return edition


class BadEdition(ValueError):
    pass


@console_required("review.view_code")
def register_page(request, slug):
    """The register as the secretariat reads it (every counted input, named), or as the public will read it
    (?edition=public)."""
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    try:
        edition = _edition(request)
    except BadEdition:
        return bad_request(request, _("The edition is “public” or “complete”."))
    issues = register.register_of(consultation, edition)
    return render(
        request,
        "review/register.html",
        {
            "register": issues,
            "charts": charts.register_charts(issues),
            "cross_tables": charts.named_cross_tables(issues),
            "console": True,
            "can_publish": request.user.has_perm(CHANGE_CODEBOOK),
            **views.syntheses_shown(consultation, edition),
            "issue_map": issue_map.map_of(consultation, public=edition == "public"),
        },
    )


@console_required("review.view_code")
def register_csv(request, slug):
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    try:
        edition = _edition(request)
    except BadEdition:
        return bad_request(request, _("The edition is “public” or “complete”."))
    return views.register_csv_response(register.register_of(consultation, edition))


@require_POST
@console_required(CHANGE_CODEBOOK)
def register_publish(request, slug):
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    publish = request.POST.get("action") == "publish"
    try:
        services.register_publish(user=request.user, consultation=consultation, publish=publish)
    except ValidationError as error:
        return bad_request(request, " ".join(error.messages))
    if publish:
        messages.success(request, _("The issue register is published on the public record."))
    else:
        messages.success(request, _("The issue register is withdrawn from the public record."))
    return redirect("review:register", consultation.slug)

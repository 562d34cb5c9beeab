"""The review's pages in the secretariat's console: coding an input.

Analysts and the Chair code (review.code_inputs); everything needs two-factor authentication (accounts.roles)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.roles import console_required
from consultations import queries as consultation_queries
from review import queries, services
from review.forms import CodingForm
from review.models import Code, Coding
from review.roles import CODE_INPUTS


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
    answers, stale = queries.coding_page(submission)
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

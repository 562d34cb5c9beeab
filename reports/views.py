"""Reports' pages outside the console: nominations to a working group, and PDFs of inputs and compilations."""

from http import HTTPStatus
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from consultations import queries as consultation_queries
from consultations.models import Consultation
from consultations.views import submission_for_member
from reports import queries, services
from reports.compilation import jobs
from reports.forms import NominationForm
from reports.models import Compilation, WorkingGroup
from web.downloads import protected_file

PDF_REFRESH_SECONDS = 5


def pdf_response(compilation):
    """A compilation's file, as a download."""
    return protected_file(compilation.file, filename=Path(compilation.file.name).name, content_type="application/pdf")


@login_required
def nominate(request, slug):
    group = get_object_or_404(WorkingGroup, slug=slug)
    organisations = queries.nominating_organisations(request.user)
    form = NominationForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_create(user=request.user, working_group=group, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The nomination is recorded; the secretariat will consider it."))
            return redirect("reports:nominate", slug)
    return render(
        request, "reports/nominate.html", {"group": group, "form": form, "has_organisation": organisations.exists()}
    )


def public_compilation_download(request, slug, pk):
    consultation = get_object_or_404(Consultation.objects.with_public_record(), slug=slug)
    return pdf_response(get_object_or_404(queries.public_compilations(consultation), pk=pk))


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
    back = reverse("consultations:submission_receipt", args=[slug, organisation_pk])
    return _single_pdf(request, submission, Compilation.Edition.COMPLETE, back=back)


def public_input_pdf(request, slug, reference):
    """A published input as a PDF, as its author allowed it to be shown."""
    submission = consultation_queries.public_input(consultation_queries.consultation_with_record(slug), reference)
    back = reverse("consultations:public_input", args=[slug, reference])
    return _single_pdf(request, submission, Compilation.Edition.PUBLIC, back=back)

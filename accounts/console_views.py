"""The console's verification pages: who an organisation is, and the secretariat's decision on it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import VerificationNoteForm
from accounts.models import Organisation
from accounts.roles import console_required

VERIFY = "accounts.verify_organisation"


@console_required()
def organisations(request):
    status = request.GET.get("status", Organisation.Status.PENDING)
    if status not in Organisation.Status.values:
        status = Organisation.Status.PENDING
    listed = (
        Organisation.objects.filter(status=status)
        .select_related("category", "country")
        .prefetch_related("memberships__user")
        .order_by("created_at")
    )
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/moderation/organisations.html",
        {"page": page, "status": status, "statuses": Organisation.Status.choices, "query": f"status={status}"},
    )


@console_required()
def organisation(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("category", "country", "verified_by"), pk=pk)
    same_country = []
    if organisation.category.is_government:
        same_country = Organisation.objects.filter(category__is_government=True, country=organisation.country).exclude(
            pk=organisation.pk
        )
    return render(
        request,
        "accounts/moderation/organisation.html",
        {
            "organisation": organisation,
            "members": organisation.memberships.select_related("user"),
            "events": organisation.verification_events.select_related("actor"),
            "same_country": same_country,
            "form": VerificationNoteForm(),
            "can_verify": request.user.has_perm(VERIFY),
        },
    )


@require_POST
@console_required(VERIFY)
def organisation_decide(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = VerificationNoteForm(request.POST)
    decision = request.POST.get("decision")
    if not form.is_valid() or decision not in ("verify", "refuse"):
        messages.error(request, _("Choose to verify or to refuse, with a note."))
        return redirect("accounts:moderation_organisation", pk)
    note = form.cleaned_data["note"]
    try:
        if decision == "verify":
            services.organisation_verify(moderator=request.user, organisation=organisation, note=note)
        else:
            services.organisation_refuse(moderator=request.user, organisation=organisation, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Decision recorded; the organisation's members are told by e-mail."))
    return redirect("accounts:moderation_organisation", pk)

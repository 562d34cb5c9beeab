from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts import queries, services
from accounts.forms import JoinRequestForm, OrganisationForm, ProfileForm
from accounts.models import Membership, Organisation


def _organisation_for_member(request, pk):
    organisation = queries.organisation_for_member(request.user, pk)
    if organisation is None:
        raise Http404("No such organisation among yours.")
    return organisation


def _error_text(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@require_POST
def language_set(request):
    """Switch the interface language; a signed-in user keeps it as their preference."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    return response


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        with translation.override(request.user.preferred_language):  # the language the next page is in
            messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def organisation_list(request):
    return render(request, "accounts/organisation_list.html", {"memberships": queries.memberships_of(request.user)})


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(user=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request, _("%(name)s is registered. The secretariat will verify it.") % {"name": organisation.name}
            )
            return redirect(organisation)
    return render(request, "accounts/organisation_form.html", {"form": form, "creating": True})


@login_required
def organisation_detail(request, pk):
    organisation = _organisation_for_member(request, pk)
    membership = organisation.memberships.get(user=request.user)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "membership": membership,
            "members": queries.members_of(organisation),
        },
    )


@login_required
def organisation_edit(request, pk):
    organisation = _organisation_for_member(request, pk)
    if not organisation.has_focal_point(request.user):
        raise PermissionDenied(_("Only the organisation's focal point can change its details."))
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        organisation.refresh_from_db()  # the form changed the instance in place
        try:
            services.organisation_update(user=request.user, organisation=organisation, **changed)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The organisation's details are saved."))
            return redirect(organisation)
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
def organisation_join(request):
    """Find one's own organisation by a few letters of its name, to ask to join it: a search, never a list."""
    search = request.GET.get("q", "").strip()[:100]
    found, more = queries.organisations_to_join(request.user, search)
    context = {
        "search": search,
        "found": found,
        "more": more,
        "too_short": bool(search) and not queries.searchable(search),
        "min_letters": queries.SEARCH_MIN_LETTERS,
    }
    return render(request, "accounts/organisation_join.html", context)


@login_required
@require_POST
def membership_request(request, pk):
    organisation = get_object_or_404(Organisation.objects.exclude(status=Organisation.Status.REFUSED), pk=pk)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Your message is too long (1,000 characters at most)."))
        return redirect("accounts:organisation_join")
    try:
        services.membership_request(user=request.user, organisation=organisation, message=form.cleaned_data["message"])
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _error_text(error))
        return redirect("accounts:organisation_join")
    messages.success(
        request, _("Your request to join %(name)s is sent to its focal point.") % {"name": organisation.name}
    )
    return redirect("accounts:organisation_list")


@login_required
@require_POST
def membership_decide(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("organisation", "user"), pk=pk)
    # Only members of the organisation may even learn that the request exists.
    _organisation_for_member(request, membership.organisation_id)
    approve = request.POST.get("decision") == "approve"
    if request.POST.get("decision") not in ("approve", "refuse"):
        messages.error(request, _("Choose to accept or refuse the request."))
        return redirect(membership.organisation)
    try:
        services.membership_decide(actor=request.user, membership=membership, approve=approve)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _error_text(error))
    else:
        text = _("%(name)s is now a member.") if approve else _("You refused %(name)s's request.")
        messages.success(request, text % {"name": membership.user.full_name})
    return redirect(membership.organisation)

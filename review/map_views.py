"""The map of issues to mechanisms in the console (reading it: review.view_code; changing it and asking organisations to
check it: review.change_issue_map, with two-factor authentication like every console page), and the public page
where an organisation answers an accuracy check through the signed link it was sent, without an account.

A link that cannot be answered gets a page saying why, and nothing is recorded: 400 for a link that never was good
(incomplete, changed, not signed), 410 Gone for one that was (already used, expired, replaced by a newer request,
or its entry removed)."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import console_required
from consultations.models import Consultation
from review import issue_map
from review.issue_map_forms import AnswerForm, AskForm, CompareForm, EntryForm, MechanismForm, NewEntryForm, RemoveForm
from review.models import Code, MapEntry, Mechanism
from review.queries import codebook_of
from review.roles import CHANGE_ISSUE_MAP

VIEW_MAP = "review.view_code"


def _consultation(slug) -> Consultation:
    return get_object_or_404(Consultation.objects.visible(), slug=slug)


def _entry(consultation, pk) -> MapEntry:
    return get_object_or_404(
        MapEntry.objects.select_related("mechanism", "code__parent", "changed_by"),
        pk=pk,
        code__consultation=consultation,
    )


def _errors(error: ValidationError) -> list[str]:
    return error.messages


@console_required(VIEW_MAP)
def map_page(request, slug):
    """The consultation's mechanisms, and the map by cluster and issue with each entry's latest accuracy check."""
    consultation = _consultation(slug)
    return render(
        request,
        "review/map/map.html",
        {
            "consultation": consultation,
            "issue_map": issue_map.map_of(consultation, public=False),
            "mechanisms": issue_map.mechanisms_of(consultation),
            "can_change": request.user.has_perm(CHANGE_ISSUE_MAP),
        },
    )


def _mechanism_page(request, consultation, mechanism=None):
    instance = Mechanism(consultation=consultation) if mechanism is None else Mechanism.objects.get(pk=mechanism.pk)
    form = MechanismForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ("name", "kind", "url", "description", "email")}
        try:
            saved = issue_map.mechanism_save(
                user=request.user,
                consultation=consultation,
                mechanism=mechanism,
                values={**values, "translations": form.instance.translations},
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("“%(name)s” is saved.") % {"name": saved.name})
            return redirect("review:map", consultation.slug)
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    translated = [form[name] for name in form.fields if "__" in name]
    plain = [form[name] for name in form.fields if "__" not in name]
    context = {"consultation": consultation, "mechanism": mechanism, "form": form, "plain": plain}
    return render(request, "review/map/mechanism_form.html", context | {"translated": translated}, status=status)


@console_required(CHANGE_ISSUE_MAP)
def mechanism_add(request, slug):
    return _mechanism_page(request, _consultation(slug))


@console_required(CHANGE_ISSUE_MAP)
def mechanism_edit(request, slug, pk):
    consultation = _consultation(slug)
    mechanism = get_object_or_404(Mechanism, pk=pk, consultation=consultation)
    return _mechanism_page(request, consultation, mechanism)


def _choices(consultation):
    """The open issues (by cluster, in codebook order) and the mechanisms an entry may link."""
    issues = [
        (code.pk, f"{code.parent.translated('name')} › {code.translated('name')}" if code.parent_id else code.name)
        for code in codebook_of(consultation)
        if code.level == Code.Level.ISSUE and code.is_open
    ]
    mechanisms = [(m.pk, m.translated("name")) for m in Mechanism.objects.filter(consultation=consultation)]
    return issues, mechanisms


@console_required(CHANGE_ISSUE_MAP)
def entry_add(request, slug):
    """Put a mechanism on the map of an issue (?issue= chooses the issue)."""
    consultation = _consultation(slug)
    issues, mechanisms = _choices(consultation)
    initial = {"issue": request.GET.get("issue", ""), "equal_footing": MapEntry.Footing.UNKNOWN}
    form = NewEntryForm(request.POST or None, issues=issues, mechanisms=mechanisms, initial=initial)
    if request.method == "POST" and form.is_valid():
        code = Code.objects.get(pk=form.cleaned_data["issue"])
        mechanism = Mechanism.objects.get(pk=form.cleaned_data["mechanism"])
        try:
            entry = issue_map.entry_save(
                user=request.user,
                code=code,
                mechanism=mechanism,
                values=form.values(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The entry is on the map."))
            return redirect("review:map_entry", consultation.slug, entry.pk)
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    context = {"consultation": consultation, "form": form, "has_mechanisms": bool(mechanisms)}
    return render(request, "review/map/entry_form.html", context, status=status)


def _entry_form_page(request, consultation, entry, form, remove_form, status):
    context = {"consultation": consultation, "entry": entry, "form": form, "remove_form": remove_form}
    return render(request, "review/map/entry_form.html", context, status=status)


@console_required(CHANGE_ISSUE_MAP)
def entry_edit(request, slug, pk):
    """Change what the map says of a mechanism on an issue, with the reason; or remove it."""
    consultation = _consultation(slug)
    entry = _entry(consultation, pk)
    initial = {name: getattr(entry, name) for name in MapEntry.VALUES}
    form = EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        version = entry.version
        try:
            entry = issue_map.entry_save(
                user=request.user,
                code=entry.code,
                mechanism=entry.mechanism,
                values=form.values(),
                reason=form.cleaned_data["reason"],
                entry=entry,
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            if entry.version == version:
                messages.info(request, _("Nothing changed: no new version."))
            else:
                messages.success(request, _("Saved as version %(n)d.") % {"n": entry.version})
            return redirect("review:map_entry", consultation.slug, entry.pk)
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return _entry_form_page(request, consultation, entry, form, RemoveForm(prefix="remove"), status)


@require_POST
@console_required(CHANGE_ISSUE_MAP)
def entry_remove(request, slug, pk):
    consultation = _consultation(slug)
    entry = _entry(consultation, pk)
    form = RemoveForm(request.POST, prefix="remove")
    if form.is_valid():
        try:
            issue_map.entry_remove(user=request.user, entry=entry, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The entry is removed from the map; its history keeps it."))
            return redirect("review:map", consultation.slug)
    initial = {name: getattr(entry, name) for name in MapEntry.VALUES}
    return _entry_form_page(
        request, consultation, entry, EntryForm(initial=initial), form, status=HTTPStatus.BAD_REQUEST
    )


def _entry_page(request, consultation, entry, ask_form=None, status=HTTPStatus.OK):
    compare = CompareForm(request.GET or None)
    changes = None
    if request.GET and compare.is_valid():
        try:
            changes = issue_map.diff(entry, compare.cleaned_data["before"], compare.cleaned_data["after"])
        except ValidationError as error:
            compare.add_error(None, _errors(error))
    if compare.errors:
        status = HTTPStatus.BAD_REQUEST
    checks = issue_map.checks_of(entry)
    initial = {"email": entry.mechanism.email, "language": translation.get_language()}
    return render(
        request,
        "review/map/entry.html",
        {
            "consultation": consultation,
            "entry": entry,
            "values": issue_map.described(entry.values()),
            "history": issue_map.history(entry),
            "checks": checks,
            "latest": checks[0] if checks else None,
            "compare": compare,
            "changes": changes,
            "ask_form": ask_form or AskForm(initial=initial),
            "can_change": request.user.has_perm(CHANGE_ISSUE_MAP),
        },
        status=status,
    )


@console_required(VIEW_MAP)
def entry_page(request, slug, pk):
    """An entry: what it says, its accuracy checks, and its history with the changes of each version; ?before=1
    &after=3 compares two versions."""
    consultation = _consultation(slug)
    return _entry_page(request, consultation, _entry(consultation, pk))


@require_POST
@console_required(CHANGE_ISSUE_MAP)
def accuracy_ask(request, slug, pk):
    """Ask the organisation an entry names to check it: an e-mail with a signed link, sent through the outbox."""
    consultation = _consultation(slug)
    entry = _entry(consultation, pk)
    form = AskForm(request.POST)
    if form.is_valid():
        try:
            check = issue_map.accuracy_ask(
                user=request.user,
                entry=entry,
                email=form.cleaned_data["email"] or None,
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The request is sent to %(email)s.") % {"email": check.email})
            return redirect(f"{reverse('review:map_entry', args=[consultation.slug, entry.pk])}#checks")
    return _entry_page(request, consultation, entry, ask_form=form, status=HTTPStatus.BAD_REQUEST)


def _refused(request, error: issue_map.LinkRefused):
    status = HTTPStatus.GONE if error.gone else HTTPStatus.BAD_REQUEST
    return render(request, "review/map/accuracy_refused.html", {"message": error.messages[0]}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def accuracy_answer(request, token):
    """The page an organisation opens from the e-mail: what the map says of it (the version it was asked about, and
    whether the entry changed since), and the answer: confirmed, or a correction proposed."""
    try:
        check = issue_map.accuracy_check_for(token)
    except issue_map.LinkRefused as error:
        return _refused(request, error)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check = issue_map.accuracy_answer(token=token, **form.cleaned_data)
        except issue_map.LinkRefused as error:  # answered or replaced since the page was opened
            return _refused(request, error)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            return render(request, "review/map/accuracy_thanks.html", {"check": check})
    asked = issue_map.version_asked(check)
    return render(
        request,
        "review/map/accuracy_answer.html",
        {
            "check": check,
            "entry": check.entry,
            "values": issue_map.described(asked.values),
            "changed_since": check.entry.version > check.version,
            "form": form,
        },
        status=HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK,
    )

"""The report in the secretariat's console: a working group's reports, the draft being edited (its sections and
paragraphs, each with its controls), any draft with its consensus record and comments, and a paragraph's history.

The Chair and the secretariat read everything (groups.view_report) and edit the current draft (groups.edit_draft);
the Chair alone publishes, opens rounds and decides statuses (the services say so). Every page needs two-factor
authentication (accounts.roles.console_required). Every form is a plain one: no JavaScript."""

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import console_required
from groups import queries, report_pdf, services
from groups.forms import (
    ParagraphForm,
    PublishForm,
    ReportDocumentForm,
    ReportForm,
    RoundForm,
    SeatForm,
    SectionForm,
    SplitForm,
    StatusForm,
)
from groups.models import (
    CommentRound,
    Draft,
    DraftParagraph,
    Kind,
    Observer,
    Paragraph,
    Position,
    Proponent,
    PublishedError,
    Report,
    Status,
)
from groups.roles import VIEW_REPORT
from reports.models import Member, WorkingGroup


def _group(slug) -> WorkingGroup:
    return get_object_or_404(WorkingGroup, slug=slug)


def _report(slug, pk) -> Report:
    return get_object_or_404(Report.objects.select_related("working_group"), pk=pk, working_group__slug=slug)


def report_url(report: Report, anchor: str = "") -> str:
    url = reverse("groups:report", args=[report.working_group.slug, report.pk])
    return f"{url}#{anchor}" if anchor else url


@console_required(VIEW_REPORT)
def index(request):
    """Every working group, with its reports: where the console's "Reports" link leads."""
    groups = WorkingGroup.objects.order_by("name").prefetch_related("group_reports")
    return render(request, "groups/console/index.html", {"groups": groups})


@console_required(VIEW_REPORT)
def reports(request, slug):
    """The group's reports, its members' accounts and observers, and (Chair) a form to start a report."""
    group = _group(slug)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.start_report(group, user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _message(error))
        else:
            messages.success(request, _("The report is started: write its first draft."))
            return redirect(report_url(report))
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    context = {
        "group": group,
        "reports": group.group_reports.all(),
        "form": form,
        "members": Member.objects.filter(working_group=group).select_related("nomination__organisation", "user"),
        "observers": Observer.objects.filter(working_group=group).select_related("user", "organisation"),
        "seat_form": SeatForm(),
    }
    return render(request, "groups/console/reports.html", context, status=status)


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@console_required(VIEW_REPORT)
def report(request, slug, pk):
    """The draft being edited, with a form for each thing the Chair does to it, and the drafts before it."""
    report = _report(slug, pk)
    return _report_page(request, report)


def _report_page(request, report, *, error="", status=HTTPStatus.OK, forms=None):
    draft = services.editing(report)
    sections = list(draft.sections.all()) if draft else []
    rounds = CommentRound.objects.filter(draft__report=report).select_related("draft").order_by("-opened_at")
    context = {
        "report": report,
        "group": report.working_group,
        "draft": draft,
        "positions": {s.version.pk: s for s in queries.consensus(draft)} if draft else {},
        "ordered": queries.ordered(draft) if draft else [],
        "alternatives": queries.alternatives(draft) if draft else {},
        "members": Member.objects.filter(working_group=report.working_group).select_related("nomination"),
        "kinds": Kind.choices,
        "sections": sections,
        "paragraph_languages": settings.LANGUAGES,
        "statuses": Status.choices,
        "moves": [
            ("up", _("Move up")),
            ("down", _("Move down")),
            ("merge", _("Merge with the next")),
            ("delete", _("Delete")),
        ],  # fmt: skip
        "published": report.drafts.published().order_by("-number"),
        "rounds": rounds,
        "now": timezone.now(),
        "section_form": SectionForm(sections=sections),
        "paragraph_form": ParagraphForm(sections=sections),
        "publish_form": PublishForm(),
        "round_form": RoundForm(),
        "status_form": StatusForm(),
        "error": error,
        **(forms or {}),
    }
    return render(request, "groups/console/report.html", context, status=status)


def _refused(request, report, error, **forms):
    return _report_page(request, report, error=_message(error), status=HTTPStatus.BAD_REQUEST, forms=forms)


@require_POST
@console_required(VIEW_REPORT)
def section_add(request, slug, pk):
    report = _report(slug, pk)
    draft = services.editing(report)
    form = SectionForm(request.POST, sections=draft.sections.all())
    if not form.is_valid():
        return _refused(request, report, _("Write the section's heading."), section_form=form)
    parent = draft.sections.filter(pk=form.cleaned_data["parent"]).first() if form.cleaned_data["parent"] else None
    try:
        services.add_section(draft, heading=form.cleaned_data["heading"], parent=parent, user=request.user)
    except (ValidationError, PermissionDenied, PublishedError) as error:
        return _refused(request, report, error, section_form=form)
    messages.success(request, _("The section is added."))
    return redirect(report_url(report, "draft"))


@require_POST
@console_required(VIEW_REPORT)
def paragraph_add(request, slug, pk):
    report = _report(slug, pk)
    draft = services.editing(report)
    form = ParagraphForm(request.POST, sections=draft.sections.all())
    if not form.is_valid():
        return _refused(request, report, _("Write the paragraph's text and choose its kind."), paragraph_form=form)
    section = draft.sections.filter(pk=form.cleaned_data["section"]).first() if form.cleaned_data["section"] else None
    try:
        version = services.add_paragraph(draft, text=form.cleaned_data["text"], kind=form.cleaned_data["kind"],
                                         section=section, user=request.user,
                                         language=form.cleaned_data["language"] or None)  # fmt: skip
    except (ValidationError, PermissionDenied, PublishedError) as error:
        return _refused(request, report, error, paragraph_form=form)
    messages.success(request, _("Paragraph %(number)s is added.") % {"number": version.number})
    return redirect(report_url(report, f"p{version.paragraph_id}"))


def _version(report, version_pk) -> DraftParagraph:
    """A paragraph of the report's draft being edited (404 for any other draft's)."""
    return get_object_or_404(
        DraftParagraph.objects.select_related("draft", "paragraph", "section"),
        pk=version_pk, draft__report=report, draft__published_at__isnull=True,
    )  # fmt: skip


ACTIONS = ("edit", "up", "down", "split", "merge", "delete", "status")


@require_POST
@console_required(VIEW_REPORT)
def paragraph_change(request, slug, pk, version_pk, action):
    """One change to one paragraph of the draft being edited; a refusal shows the page again with the reason, and
    two people saving one paragraph at once are shown both texts."""
    report = _report(slug, pk)
    version = _version(report, version_pk)
    user = request.user
    try:
        if action == "edit":
            form = ParagraphForm(request.POST, sections=version.draft.sections.all())
            if not form.is_valid() or form.cleaned_data["revision"] is None:
                raise ValidationError(_("Write the paragraph's text and choose its kind."))
            translations = {code: request.POST.get(f"translation-{code}", "")[:20_000]
                            for code, _name in settings.LANGUAGES if code != version.language}  # fmt: skip
            version = services.edit_paragraph(version, user=user, revision=form.cleaned_data["revision"],
                                              text=form.cleaned_data["text"], kind=form.cleaned_data["kind"],
                                              translations=translations)  # fmt: skip
            section = form.cleaned_data["section"]
            if section != version.section_id:  # moved to another section: at its end
                target = version.draft.sections.filter(pk=section).first() if section else None
                services.move_paragraph(version, user=user, section=target, position=10_000)
            messages.success(request, _("%(paragraph)s is saved.") % {"paragraph": services.label(version)})
        elif action in ("up", "down"):
            position = max(version.position + (-1 if action == "up" else 1), 0)
            services.move_paragraph(version, user=user, section=version.section, position=position)
        elif action == "split":
            form = SplitForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Write both paragraphs of the split."))
            services.split_paragraph(version, user=user, **form.cleaned_data)
            messages.success(request, _("The paragraph is split in two."))
        elif action == "merge":
            following = _following(version)
            if following is None:
                raise ValidationError(_("The last paragraph of a section has none after it to merge with."))
            services.merge_paragraphs(version, following, user=user)
            messages.success(request, _("The two paragraphs are merged."))
        elif action == "delete":
            services.delete_paragraph(version, user=user)
            messages.success(request, _("The paragraph is deleted."))
        elif action == "status":
            form = StatusForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a status."))
            services.decide_status(version, form.cleaned_data["status"], user=user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The status is recorded."))
        elif action == "propose":
            bracket, _sep, alternative = request.POST.get("alternative", "").partition(":")
            numbers = [_posted_number(value) for value in (bracket, alternative, request.POST.get("member", ""))]
            if None in numbers:
                raise ValidationError(_("Choose an alternative and the member who proposes it."))
            seat = get_object_or_404(Member, pk=numbers[2], working_group=report.working_group)
            services.propose(version, bracket=numbers[0], alternative=numbers[1], member=seat, user=user)
            messages.success(request, _("The proponent is recorded."))
        elif action == "withdraw":
            proponent = get_object_or_404(Proponent, pk=_posted_number(request.POST.get("proponent", "")) or 0,
                                          version=version)  # fmt: skip
            services.withdraw(proponent, user=user)
            messages.success(request, _("The proponent is withdrawn."))
        else:
            raise Http404
    except services.ParagraphConflict as conflict:
        return _report_page(request, report, status=HTTPStatus.CONFLICT, forms={"conflict": conflict,
                            "conflict_version": version})  # fmt: skip
    except (ValidationError, PermissionDenied, PublishedError) as error:
        return _refused(request, report, error)
    return redirect(report_url(report, f"p{version.paragraph_id}"))


def _posted_number(value: str) -> int | None:
    """A small whole number sent by a form, or None."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _following(version):
    return (
        DraftParagraph.objects.filter(
            draft_id=version.draft_id, section=version.section, position__gt=version.position
        )  # fmt: skip
        .order_by("position")
        .first()
    )


@require_POST
@console_required(VIEW_REPORT)
def publish(request, slug, pk):
    report = _report(slug, pk)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        following = services.publish(services.editing(report), user=request.user,
                                     note=form.cleaned_data.get("note", ""))  # fmt: skip
    except (ValidationError, PermissionDenied, PublishedError) as error:
        return _refused(request, report, error, publish_form=form)
    messages.success(
        request, _("Draft %(number)s is published; draft %(next)s is open for editing.")
        % {"number": following.number - 1, "next": following.number},
    )  # fmt: skip
    return redirect(report_url(report))


@require_POST
@console_required(VIEW_REPORT)
def round_open(request, slug, pk, number):
    report = _report(slug, pk)
    draft = get_object_or_404(Draft, report=report, number=number)
    form = RoundForm(request.POST)
    if not form.is_valid():
        return _refused(request, report, _("Give the round a deadline."), round_form=form)
    deadline = form.cleaned_data["deadline"]
    if timezone.is_naive(deadline):
        deadline = timezone.make_aware(deadline, timezone.UTC)
    try:
        services.open_round(draft, user=request.user, deadline=deadline,
                            publish_comments=form.cleaned_data["publish_comments"],
                            observers_may_comment=form.cleaned_data["observers_may_comment"])  # fmt: skip
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, report, error, round_form=form)
    messages.success(request, _("The round of comments on draft %(number)s is open.") % {"number": number})
    return redirect(report_url(report, "rounds"))


@require_POST
@console_required(VIEW_REPORT)
def round_change(request, slug, pk, round_pk, action):
    report = _report(slug, pk)
    round_ = get_object_or_404(CommentRound, pk=round_pk, draft__report=report)
    try:
        if action == "close":
            services.close_round(round_, user=request.user)
            messages.success(request, _("The round is closed."))
        elif action in ("late", "on-time"):
            services.accept_late(round_, user=request.user, accepted=action == "late")
            messages.success(request, _("Saved."))
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, report, error)
    return redirect(report_url(report, "rounds"))


@console_required(VIEW_REPORT)
def draft(request, slug, pk, number):
    """Any draft of the report as written, with its consensus record and the comments of its rounds."""
    report = _report(slug, pk)
    shown = get_object_or_404(Draft, report=report, number=number)
    rounds = [(round_, list(queries.visible_comments(request.user, round_))) for round_ in shown.rounds.all()]
    by_version = {}
    for _round, comments in rounds:
        for found in comments:
            by_version.setdefault(found.version_id, []).append(found)
    record = queries.consensus(shown)
    return render(request, "groups/console/draft.html", {
        "document_form": ReportDocumentForm(), "documents": report_pdf.reports_of(report),
        "report": report, "group": report.working_group, "draft": shown, "record": record,
        "positions": {s.version.pk: s for s in record}, "position_values": Position.values,
        "alternatives": queries.alternatives(shown),
        "rounds": rounds, "comments": by_version, "ordered": queries.ordered(shown),
    })  # fmt: skip


@require_POST
@console_required(VIEW_REPORT)
def report_document(request, slug, pk, number):
    """Ask the workers for the report to the Commission made from a published draft."""
    report = _report(slug, pk)
    form = ReportDocumentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the document's language."))
    else:
        try:
            made = report_pdf.report_request(user=request.user, report=report, draft=number, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _message(error))
        else:
            messages.success(request, _("The report is on its way (document %(n)d).") % {"n": made.pk})
    return redirect(reverse("groups:draft", args=[slug, pk, number]) + "#documents")


@console_required(VIEW_REPORT)
def paragraph_history(request, slug, pk, paragraph_pk):
    """One paragraph through every draft: its number, section, kind, status and text in each, what it was split or
    merged from, and the words changed from each draft to the next; or between any two drafts (?from=1&to=3)."""
    report = _report(slug, pk)
    paragraph = get_object_or_404(Paragraph, pk=paragraph_pk, report=report)
    steps = queries.history(paragraph)
    changes = []
    previous = None
    for step in steps:
        change = None
        if previous is not None and previous.version is not None and step.version is not None:
            change = queries.compare(paragraph, previous.draft, step.draft)
        changes.append((step, change))
        previous = step
    numbers = [step.draft.number for step in steps]
    context = {"report": report, "group": report.working_group, "paragraph": paragraph, "changes": changes,
               "numbers": numbers, "between": None, "error": ""}  # fmt: skip
    status = HTTPStatus.OK
    if "from" in request.GET or "to" in request.GET:
        chosen = [request.GET.get(key, "") for key in ("from", "to")]
        if not all(value.isascii() and value.isdigit() and int(value) in numbers for value in chosen):
            context["error"] = _("Choose two drafts of this report to compare.")
            status = HTTPStatus.BAD_REQUEST
        else:
            first, second = (next(s.draft for s in steps if s.draft.number == int(value)) for value in chosen)
            context["between"] = (first, second, queries.compare(paragraph, first, second))
    return render(request, "groups/console/history.html", context, status=status)


@require_POST
@console_required(VIEW_REPORT)
def seat_link(request, slug, member_pk):
    """The Chair links a member to the account that speaks for them (found by its e-mail address)."""
    group = _group(slug)
    member = get_object_or_404(Member, pk=member_pk, working_group=group)
    form = SeatForm(request.POST)
    account = User.objects.filter(email__iexact=form.cleaned_data["email"]).first() if form.is_valid() else None
    try:
        services.link_member(member, account, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("%(member)s now comments from %(email)s.") % {"member": member,
                         "email": account.email})  # fmt: skip
    return redirect("groups:reports", slug)


@require_POST
@console_required(VIEW_REPORT)
def observer_add(request, slug):
    """The Chair admits an account as an observer of the group's drafts."""
    group = _group(slug)
    form = SeatForm(request.POST)
    account = User.objects.filter(email__iexact=form.cleaned_data["email"]).first() if form.is_valid() else None
    try:
        services.add_observer(group, account, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("%(email)s follows the group's drafts as an observer.") % {"email": account.email})
    return redirect("groups:reports", slug)

"""The secretariat's console for inputs: dashboard, queue, review and decisions, audit log, secretariat entry, the
complete edition's download.

Moderators act; the chair reads. Everything needs two-factor authentication (accounts.roles).
"""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.roles import console_required
from accounts.spreadsheets import neutralise
from consultations import exports, imports, queries, services, slots
from consultations.diff import changed, word_diff
from consultations.filters import QueueFilter
from consultations.forms import AuditFilterForm, BulkForm, DecisionForm, ImportForm, RecordForm
from consultations.models import Consultation, Submission
from web.security import bad_request

MODERATE = services.MODERATE
QUEUE_PAGE = 50


def _messages_of(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


NEWEST_REGISTERED = 5  # organisations awaiting verification named on the dashboard


@console_required()
def dashboard(request):
    consultations = list(Consultation.objects.visible().order_by("-opens_at"))
    stats = queries.console_stats(consultations)
    parts = slots.CONSOLE_DASHBOARD.parts_for_each(consultations)
    pending, newest = queries.newest_awaiting_verification(NEWEST_REGISTERED)
    return render(
        request,
        "consultations/moderation/dashboard.html",
        {
            "cards": [(c, stats[c.pk], parts[c.pk]) for c in consultations],
            "pending_organisations": pending,
            "newest_pending": newest,
            "now": timezone.now(),
        },
    )


@console_required()
def queue(request):
    filterset = QueueFilter(request.GET or None, queryset=queries.queue())
    if filterset.is_bound and not filterset.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items())
        return bad_request(request, _("The filter is not valid: %(problems)s") % {"problems": problems})
    page = Paginator(filterset.qs, QUEUE_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consultations/moderation/queue.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "campaign_sizes": queries.campaign_sizes_for(page.object_list),
            "row_parts": slots.QUEUE_ROW.parts_for_each(page.object_list),
            "can_moderate": request.user.has_perm(MODERATE),
        },
    )


@require_POST
@console_required(MODERATE)
def take_next(request):
    consultation = None
    if request.POST.get("consultation"):
        consultation = get_object_or_404(Consultation, slug=request.POST["consultation"])
    submission = services.submission_take_next(moderator=request.user, consultation=consultation)
    if submission is None:
        messages.info(request, _("Every input awaiting a decision is taken. Well done."))
        return redirect("consultations:moderation_queue")
    return redirect("consultations:moderation_review", submission.pk)


@console_required()
def review(request, pk):
    submission = get_object_or_404(queries.for_review(), pk=pk, state__in=queries.REVIEWABLE)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied(_("Your role can read inputs but not decide on them."))
        if form.is_valid():
            try:
                services.submission_decide(
                    moderator=request.user,
                    submission=submission,
                    to_state=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                messages.error(request, _messages_of(error))
                return redirect("consultations:moderation_review", pk)
            messages.success(request, _("Decision recorded; the organisation is told by e-mail."))
            return redirect("consultations:moderation_review", pk)
    return render(request, "consultations/moderation/review.html", _review_context(request, submission, form))


def _review_context(request, submission, form):
    versions = list(submission.versions.select_related("submitted_by").prefetch_related("answers"))
    shown = versions[-1] if versions else None
    compare_number = request.GET.get("compare")
    earlier = next((v for v in versions if str(v.number) == compare_number), None)
    if earlier is None and len(versions) > 1:
        earlier = versions[-2]
    questions = list(services.questions_of(submission.consultation))
    answers, diffs = _answers(shown), []
    if earlier and shown and earlier != shown:
        previous = _answers(earlier)
        for q in questions:
            before, after = previous.get(q.pk, ""), answers.get(q.pk, "")
            parts = word_diff(before, after)  # None: too extensive to mark, both versions are shown whole
            diffs.append((q, parts, parts is None or changed(parts), before, after))
    return {
        "submission": submission,
        "version": shown,
        "versions": versions,
        "earlier": earlier,
        "answers": [(q, answers.get(q.pk, "")) for q in questions],
        "diffs": diffs,
        "attachments": list(submission.attachments.filter(sha256__in=shown.attachment_hashes())) if shown else [],
        "history": submission.decisions.select_related("actor"),
        "parts": slots.INPUT_REVIEW.parts_for(submission),
        "late_grants": submission.late_grants.select_related("granted_by"),
        "verification": submission.organisation.verification_events.select_related("actor"),
        "members": submission.organisation.memberships.active().select_related("user"),
        "form": form,
        "can_moderate": request.user.has_perm(MODERATE),
        "campaign_size": submission.campaign.submissions.count() if submission.campaign_id else 0,
    }


def _answers(version):
    return {a.question_id: a.text for a in version.answers.all()} if version else {}


@require_POST
@console_required(MODERATE)
def assign(request, pk):
    submission = get_object_or_404(Submission, pk=pk)
    action = request.POST.get("action")
    if action not in ("take", "release"):
        return bad_request(request, _("Choose to take the input or to hand it back."))
    try:
        services.submission_assign(moderator=request.user, submission=submission, take=action == "take")
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return redirect("consultations:moderation_review", pk)
    return redirect("consultations:moderation_review", pk)


@require_POST
@console_required(MODERATE)
def bulk(request):
    form = BulkForm(request.POST)
    if not form.is_valid():
        return bad_request(request, _("Select inputs, a decision and the consultation they belong to."))
    try:
        count = services.submissions_decide_bulk(
            moderator=request.user,
            consultation=form.cleaned_data["consultation"],
            submission_ids=form.cleaned_data["selected"],
            to_state=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        return bad_request(request, _("Nothing was changed: %(error)s") % {"error": _messages_of(error)})
    messages.success(
        request,
        ngettext(
            "%(count)d input decided; its organisation is told by e-mail.",
            "%(count)d inputs decided; their organisations are told by e-mail.",
            count,
        )
        % {"count": count},
    )
    # Back to where the form was, only if that is on this site: a crafted form must not send a moderator elsewhere.
    back = request.POST.get("next")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "consultations:moderation_queue"
    return redirect(back)


@console_required()
def audit(request):
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return bad_request(request, _("The filter is not valid."))
    decisions = queries.audit_log(**(form.cleaned_data if form.is_bound else {}))
    if request.GET.get("format") == "csv":
        return _audit_csv(decisions)
    page = Paginator(decisions, QUEUE_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "consultations/moderation/audit.html", {"form": form, "page": page, "query": query.urlencode()}
    )


class _Echo:
    def write(self, value):
        return value


def _audit_csv(decisions):
    """Stream the whole log as CSV, a row at a time, whatever its length; the entries in the language of the
    moderator who asks."""
    writer = csv.writer(_Echo())
    header = ["at_utc", "consultation", "reference", "organisation", "actor", "from", "to", "reason", "digest"]
    language = translation.get_language()  # the rows are written after the view returns, once it is no longer active

    def rows():
        yield writer.writerow(header)
        for d in decisions.iterator(chunk_size=2000):
            with translation.override(language):
                entry = d.description()
            yield writer.writerow(
                [
                    neutralise(value)
                    for value in (
                        d.at.isoformat(),
                        d.submission.consultation.reference,
                        d.submission.reference or "",
                        d.submission.organisation.name,
                        d.actor.email,
                        d.from_state,
                        d.to_state,
                        entry,
                        d.digest,
                    )
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="concord-audit-log.csv"'
    return response


@console_required(MODERATE)
def record(request, slug):
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    form = RecordForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.submission_record(
                moderator=request.user, consultation=consultation, received=form.received()
            )
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _messages_of(error))
        else:
            messages.success(
                request,
                _("Input %(reference)s recorded for %(name)s; it awaits moderation.")
                % {"reference": version.submission.reference, "name": version.submission.organisation.name},
            )
            return redirect("consultations:moderation_record", slug)
    return render(request, "consultations/moderation/record.html", {"consultation": consultation, "form": form})


@console_required(MODERATE)
def import_sheet(request, slug):
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = imports.inputs_import(
                moderator=request.user,
                consultation=consultation,
                name=upload.name,
                data=upload.read(),
                create_organisations=form.cleaned_data["create_organisations"],
            )
        except imports.InputFileError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d input recorded, awaiting moderation.",
                    "%(count)d inputs recorded, awaiting moderation.",
                    count,
                )
                % {"count": count},
            )
            return redirect("consultations:moderation_import", slug)
    return render(
        request,
        "consultations/moderation/import.html",
        {"consultation": consultation, "form": form, "problems": problems, "columns": imports.COLUMNS},
        status=400 if problems else 200,
    )


@console_required()
def export(request, slug, fmt):
    """Every accepted input of a consultation, secretariat-only ones included, for moderators and the chair."""
    consultation = get_object_or_404(Consultation, slug=slug)
    if fmt not in exports.CONTENT_TYPES:
        raise Http404("No such format.")
    response = exports.export_response(consultation, exports.COMPLETE, fmt)
    response["Cache-Control"] = "private, no-store"
    return response

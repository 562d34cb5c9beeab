"""The public record and the stakeholders' pages: consultations, the input form, receipts, downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from consultations import exports, public_cache, queries, services, slots
from consultations.filters import PublicInputFilter
from consultations.forms import InputForm
from consultations.models import Consultation, Question, Submission
from web.downloads import protected_file

PAGE_SIZE = 25


class CountedPaginator(Paginator):
    """A paginator told its total, when a query already counted the rows (one scan fewer)."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


def _error_text(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def consultation_list(request):
    consultations = Consultation.objects.visible().order_by("-opens_at")
    return render(request, "consultations/consultation_list.html", {"consultations": consultations})


def consultation_detail(request, slug):
    consultation = queries.consultation_visible(slug)
    organisations = list(queries.organisations_of_member(request.user))
    inputs = {
        s.organisation_id: s
        for s in Submission.objects.filter(consultation=consultation, organisation__in=organisations)
    }
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "themes": queries.questions_by_theme(consultation),
            # An organisation awaiting verification (or refused) is listed too, with why its input cannot be sent.
            "organisations": [(o, inputs.get(o.pk), services.cannot_send_reason(o)) for o in organisations],
            "accepts_inputs": consultation.accepts_inputs(),
        },
    )


def submission_for_member(request, slug, organisation_pk):
    """The organisation's input (unsaved until its first save), for one of its members; 404 for everyone else.

    Every page of an input asks through here (the form, the receipt, withdrawing, and reports' PDF of it), so that
    each gives the same answer to the same person. Members of an organisation not (or no longer) verified read and
    draft it too; only sending needs verification, and the pages of what was sent say 404 while nothing was."""
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    organisation = queries.organisation_for_input(request.user, organisation_pk)
    try:
        return services.submission_for(user=request.user, consultation=consultation, organisation=organisation)
    except PermissionDenied as error:
        messages.error(request, str(error))
        raise Http404(str(error))


@login_required
def submission_edit(request, slug, organisation_pk):
    submission = submission_for_member(request, slug, organisation_pk)
    posted = request.method == "POST"
    if submission.pk is not None:  # read once for the form, the problems and the page (a post reads its own)
        prefetch_related_objects([submission], "attachments", *([] if posted else ["answers"]))
    questions = services.questions_of(submission.consultation)
    form = InputForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        submission=submission,
        questions=questions,
        initial=None if posted else _initial(submission),
    )
    context = {
        "submission": submission,
        "form": form,
        "conflict": None,
        "cannot_send": services.cannot_send_reason(submission.organisation),
    }
    if posted:
        if form.unknown_answer_fields():
            return render(
                request,
                "400.html",
                {"message": _("The form does not match this consultation's questions; reload the page.")},
                status=400,
            )
        if form.is_valid():
            response = _save_and_maybe_send(request, submission, form, context, form.questions)
            if response:
                return response
    saved = submission.pk is not None
    if saved and submission.is_editable():
        context["problems"] = services.problems_before_sending(
            submission, services.contents_of(submission, form.questions)
        )
    else:
        context["problems"] = {}
    context["versions"] = list(submission.versions.order_by("-number")) if saved else []
    return render(request, "consultations/submission_form.html", context, status=409 if context["conflict"] else 200)


def _initial(submission):
    initial = {
        "language": submission.draft_language,
        "consent": submission.draft_consent,
        "revision": submission.revision,
    }
    for answer in submission.answers.all() if submission.pk else []:
        initial[f"answer_{answer.question_id}"] = answer.text
    return initial


def _save_and_maybe_send(request, submission, form, context, questions):
    changes = services.DraftChanges(
        answers=form.answers(),
        language=form.cleaned_data["language"],
        consent=form.cleaned_data["consent"],
        revision=form.cleaned_data["revision"],
        new_files=form.cleaned_data["files"],
        remove_attachments=form.removal_ids(),
    )
    sending = "submit" in request.POST
    if sending and changes.revision != submission.revision and services.is_already_sent(submission, changes):
        # A second click on "Submit": the first one sent exactly this. One version, one receipt.
        return redirect("consultations:submission_receipt", submission.consultation.slug, submission.organisation_id)
    try:
        if sending:
            sent = services.submission_save_and_submit(
                user=request.user,
                submission=submission,
                changes=changes,
                declaration=form.cleaned_data["declaration"],
                questions=questions,
            )
            saved = sent.submission
        else:
            saved = services.submission_save_draft(
                user=request.user, submission=submission, changes=changes, questions=questions
            )
    except services.DraftConflict as conflict:
        if sending and services.is_already_sent(conflict.submission, changes):
            return redirect(
                "consultations:submission_receipt", submission.consultation.slug, submission.organisation_id
            )
        context["conflict"] = conflict.submission
        context["conflict_answers"] = {a.question_id: a.text for a in conflict.submission.answers.all()}
        form.data = form.data.copy()
        form.data["revision"] = conflict.submission.revision
        messages.warning(
            request,
            _(
                "A colleague saved this input while you were editing it. Nothing was overwritten: your text is "
                "in the form, theirs beside it. Compare, then save again (attach any new files again too)."
            ),
        )
        return None
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return None
    if form.cleaned_controls:
        messages.info(
            request,
            ngettext(
                "Invisible control characters were removed from answer %(numbers)s.",
                "Invisible control characters were removed from answers %(numbers)s.",
                len(form.cleaned_controls),
            )
            % {"numbers": ", ".join(map(str, form.cleaned_controls))},
        )
    if not sending:
        messages.success(request, _("Your draft is saved. It has not been sent."))
        return redirect("consultations:submission_edit", saved.consultation.slug, saved.organisation_id)
    if sent.not_sent:
        messages.error(
            request, _("Not sent yet, but your draft is saved: %(problems)s") % {"problems": _error_text(sent.not_sent)}
        )
        return redirect("consultations:submission_edit", saved.consultation.slug, saved.organisation_id)
    if sent.is_new:
        messages.success(request, _("Your input is sent. Keep the receipt below."))
    else:
        messages.info(
            request, _("Nothing changed since version %(n)d: no new version was sent.") % {"n": sent.version.number}
        )
    return redirect("consultations:submission_receipt", saved.consultation.slug, saved.organisation_id)


@login_required
def submission_receipt(request, slug, organisation_pk):
    submission = submission_for_member(request, slug, organisation_pk)
    if submission.pk is None or submission.current_version is None:
        raise Http404("Nothing has been sent yet.")
    return render(
        request,
        "consultations/receipt.html",
        {
            "submission": submission,
            "version": submission.current_version,
            "consent_before": submission.current_version.consent_before(),
            "questions": services.questions_of(submission.consultation),
            "receipt_parts": slots.RECEIPT_ACTIONS.parts_for(submission.consultation),
        },
    )


@login_required
@require_POST
def submission_withdraw(request, slug, organisation_pk):
    submission = submission_for_member(request, slug, organisation_pk)
    try:
        services.submission_withdraw(user=request.user, submission=submission)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The input is withdrawn. It will not be compiled or published."))
    return redirect("consultations:submission_edit", slug, organisation_pk)


@login_required
@require_POST
def submission_reopen(request, slug, organisation_pk):
    submission = submission_for_member(request, slug, organisation_pk)
    try:
        services.submission_reopen(user=request.user, submission=submission)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("consultations:submission_edit", slug, organisation_pk)


def attachment_download(request, pk):
    attachment = queries.attachment_for(request.user, pk)
    return protected_file(attachment.file, filename=attachment.name, content_type=attachment.content_type)


def public_inputs(request, slug):
    def build():
        consultation = queries.consultation_with_record(slug)
        filterset = PublicInputFilter(request.GET or None, queryset=queries.public_inputs(consultation))
        submissions = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        counts = queries.counts_by_category(submissions)
        page = CountedPaginator(submissions, PAGE_SIZE, count=sum(n for _name, n in counts)).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "consultation": consultation,
            "filter": filterset,
            "page": page,
            "counts": counts,
            "query": query.urlencode(),
            "themes": queries.questions_by_theme(consultation),
            "record_parts": slots.PUBLIC_RECORD.parts_for(consultation),
        }

    return public_cache.render_page(request, "consultations/public_inputs.html", build)


def public_export(request, slug, fmt):
    """The public record of a consultation, as a file anyone may download."""
    consultation = queries.consultation_with_record(slug)
    if fmt not in exports.CONTENT_TYPES:
        raise Http404("No such format.")
    return exports.export_response(consultation, exports.PUBLIC, fmt)


def public_input(request, slug, reference):
    def build():
        consultation = queries.consultation_with_record(slug)
        submission = queries.public_input(consultation, reference)
        sent = queries.sent_answers(submission.current_version)
        return {
            "consultation": consultation,
            "submission": submission,
            "answers": [(q, sent.get(q.pk, "")) for q in services.questions_of(consultation)],
            "attachments": queries.version_attachments(submission),
            "download_parts": slots.PUBLIC_INPUT_DOWNLOADS.parts_for(consultation),
        }

    return public_cache.render_page(request, "consultations/public_input.html", build)


def question_answers(request, slug, number):
    def build():
        consultation = queries.consultation_with_record(slug)
        question = get_object_or_404(Question.objects.select_related("theme"), consultation=consultation, number=number)
        page = Paginator(queries.public_answers_to(consultation, question), PAGE_SIZE * 2).get_page(
            request.GET.get("page")
        )
        groups = []
        for answer in page.object_list:
            submission = answer.version.current_of
            category = submission.organisation.category
            if not groups or groups[-1][0] != category:
                groups.append((category, []))
            groups[-1][1].append((submission, answer.text))
        return {
            "consultation": consultation,
            "question": question,
            "page": page,
            "groups": groups,
            "themes": queries.questions_by_theme(consultation),
        }

    return public_cache.render_page(request, "consultations/question_answers.html", build)

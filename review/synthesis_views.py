"""The syntheses in the secretariat's console: the list of a consultation's syntheses, and the page where one is
written, its quotes chosen among the coded passages and placed between its paragraphs, and both editions previewed.

Analysts and moderators write them (review.write_synthesis); everything needs two-factor authentication. Every form
is a plain one: placing a quote needs no JavaScript."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import console_required
from consultations.models import Consultation, Question
from consultations.services import questions_of
from review import queries, synthesis_services
from review.models import Code, Coding, Synthesis, SynthesisQuote
from review.roles import WRITE_SYNTHESIS
from review.synthesis import paragraphs, passages_to_quote, shown, syntheses_of
from review.synthesis_forms import MoveForm, QuoteForm, SynthesisForm


def _consultation(slug) -> Consultation:
    return get_object_or_404(Consultation.objects.visible(), slug=slug)


def _written(consultation, **subject) -> Synthesis:
    """The synthesis of the question or issue, or a new one (not saved) to write."""
    found = Synthesis.objects.filter(consultation=consultation, **subject).select_related("question", "code").first()
    return found or Synthesis(consultation=consultation, **subject)


def edit_url(synthesis: Synthesis) -> str:
    """The console page where a synthesis is written."""
    slug = synthesis.consultation.slug
    if synthesis.question_id:
        return reverse("review:synthesis_question", args=[slug, synthesis.question.number])
    return reverse("review:synthesis_issue", args=[slug, synthesis.code_id])


def _subject_key(synthesis: Synthesis) -> tuple:
    return ("question", synthesis.question_id) if synthesis.question_id else ("code", synthesis.code_id)


@console_required(WRITE_SYNTHESIS)
def syntheses(request, slug):
    """Every question and every issue of the consultation, with its synthesis or a link to write it."""
    consultation = _consultation(slug)
    written = {_subject_key(item.synthesis): item for item in syntheses_of(consultation, edition="public")}
    book = [code for code in queries.codebook_of(consultation) if code.merged_into_id is None]
    issues = [
        (code, written.get(("code", code.pk)))
        for code in book
        if code.level == Code.Level.ISSUE and (code.is_open or ("code", code.pk) in written)
    ]
    return render(
        request,
        "review/synthesis/list.html",
        {
            "consultation": consultation,
            "questions": [(q, written.get(("question", q.pk))) for q in questions_of(consultation)],
            "clusters": [
                (cluster, [(code, item) for code, item in issues if code.parent_id == cluster.pk])
                for cluster in book
                if cluster.level == Code.Level.CLUSTER
            ],
        },
    )


@console_required(WRITE_SYNTHESIS)
def synthesis_question(request, slug, number):
    consultation = _consultation(slug)
    question = get_object_or_404(Question, consultation=consultation, number=number)
    return _edit(request, _written(consultation, question=question))


@console_required(WRITE_SYNTHESIS)
def synthesis_issue(request, slug, code_pk):
    consultation = _consultation(slug)
    code = get_object_or_404(Code, consultation=consultation, pk=code_pk, level=Code.Level.ISSUE)
    return _edit(request, _written(consultation, code=code))


def _edit(request, synthesis):
    """Show the synthesis, or write it (POST)."""
    form = SynthesisForm(request.POST or None, synthesis=synthesis)
    if request.method != "POST":
        return _page(request, synthesis, form)
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved = synthesis_services.synthesis_save(
                user=request.user,
                consultation=synthesis.consultation,
                question=synthesis.question,
                code=synthesis.code,
                language=data["language"],
                text=data["text"],
                translations=data["translations"],
                seen=data["seen"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The synthesis is saved."))
            return redirect(edit_url(saved))
    return _page(request, synthesis, form, status=HTTPStatus.BAD_REQUEST)


def _places(synthesis: Synthesis) -> list[tuple[int, str]]:
    """Where a quote may go: before the first paragraph, or after each one."""
    count = len(paragraphs(synthesis.text))
    places = [(0, _("Before the first paragraph"))]
    return places + [(n, _("After paragraph %(n)s") % {"n": n}) for n in range(1, count + 1)]


def _page(request, synthesis, form=None, *, error="", status=HTTPStatus.OK):
    """The page: the form, the quotes in place (complete edition) with their controls, the public edition, the
    quotes the public edition leaves out and why, and a page of the passages one may quote."""
    saved = synthesis.pk is not None
    page, passages = passages_to_quote(synthesis, request.user, request.GET.get("page"))
    context = {
        "consultation": synthesis.consultation,
        "synthesis": synthesis,
        "subject": synthesis.code.translated("name") if synthesis.code_id else None,
        "form": form or SynthesisForm(synthesis=synthesis),
        "error": error,
        "complete": shown(synthesis, edition="complete") if saved else None,
        "public": shown(synthesis, edition="public") if saved else None,
        "paragraphs": paragraphs(synthesis.text) if saved else [],
        "places": _places(synthesis) if saved else [],
        "page": page,
        "passages": passages,
    }
    return render(request, "review/synthesis/edit.html", context, status=status)


def _synthesis(slug, pk) -> Synthesis:
    return get_object_or_404(
        Synthesis.objects.select_related("consultation", "question", "code"), pk=pk, consultation__slug=slug
    )


def _back(synthesis, page=None, anchor="quotes"):
    page_part = f"?page={page}" if page else ""
    return redirect(f"{edit_url(synthesis)}{page_part}#{anchor}")


@require_POST
@console_required(WRITE_SYNTHESIS)
def quote_add(request, slug, pk):
    """Insert a coded passage after a paragraph; a refusal shows the page again with the reason."""
    synthesis = _synthesis(slug, pk)
    form = QuoteForm(request.POST)
    if not form.is_valid():
        return _page(request, synthesis, error=_("Choose a passage and where it goes."), status=HTTPStatus.BAD_REQUEST)
    coding = get_object_or_404(Coding, pk=form.cleaned_data["coding"], submission__consultation=synthesis.consultation)
    try:
        synthesis_services.quote_add(
            user=request.user, synthesis=synthesis, coding=coding, after=form.cleaned_data["after"]
        )
    except ValidationError as error:
        return _page(request, synthesis, error=" ".join(error.messages), status=HTTPStatus.BAD_REQUEST)
    messages.success(request, _("The passage is quoted."))
    return _back(synthesis, _page_number(request))


def _page_number(request):
    value = request.POST.get("page", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 6 else None


def _quote(synthesis, quote_pk) -> SynthesisQuote:
    return get_object_or_404(SynthesisQuote, pk=quote_pk, synthesis=synthesis)


@require_POST
@console_required(WRITE_SYNTHESIS)
def quote_move(request, slug, pk, quote_pk):
    synthesis = _synthesis(slug, pk)
    quote = _quote(synthesis, quote_pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _page(request, synthesis, error=_("Choose where the quote goes."), status=HTTPStatus.BAD_REQUEST)
    try:
        synthesis_services.quote_move(user=request.user, quote=quote, after=form.cleaned_data["after"])
    except ValidationError as error:
        return _page(request, synthesis, error=" ".join(error.messages), status=HTTPStatus.BAD_REQUEST)
    messages.success(request, _("The quote is moved."))
    return _back(synthesis)


@require_POST
@console_required(WRITE_SYNTHESIS)
def quote_remove(request, slug, pk, quote_pk):
    synthesis = _synthesis(slug, pk)
    quote = _quote(synthesis, quote_pk)
    try:
        synthesis_services.quote_remove(user=request.user, quote=quote)
    except ValidationError as error:
        return _page(request, synthesis, error=" ".join(error.messages), status=HTTPStatus.BAD_REQUEST)
    messages.success(request, _("The quote is removed from the synthesis."))
    return _back(synthesis)

"""Syntheses as they are shown: the text in the reader's language, cut into paragraphs, with its quotes in place.

Consent is applied here, when a synthesis is shown, never when it is written: a quote is shown in an edition only
while its input is in that edition (consultations' `in_edition`: the public record's inputs as their respondents
consented, or every counted input), and names who said it as register.quote_of decides. A quote whose input has
since been withdrawn, refused or kept for the secretariat is left out of the public rendering, and the console lists
it with the reason (`Shown.dropped`).
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from consultations.models import Consent, Consultation, Submission, SubmissionState
from review import queries
from review.models import Code, Coding, Synthesis, SynthesisQuote
from review.passages import passage_key
from review.register import EDITIONS, QUOTED, Quote, quote_of

PASSAGES_PER_PAGE = 25  # passages one may quote, per page of the console's list


@dataclass(frozen=True)
class Dropped:
    """A quote a rendering leaves out, and why (for the console's note)."""

    quote: SynthesisQuote
    reason: str


@dataclass
class Shown:
    """One synthesis as an edition shows it: (kind, value) blocks in order, "paragraph" with its text or "quote"
    with a register.Quote, and the quotes left out."""

    synthesis: Synthesis
    subject: str
    language: str = ""  # the language of the text shown: the reader's, where translated, else the one written in
    blocks: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    chosen: list = field(default_factory=list)  # the SynthesisQuote of each "quote" block, in order

    @property
    def quotes(self) -> list[Quote]:
        return [value for kind, value in self.blocks if kind == "quote"]

    @property
    def placed(self):
        """(kind, value, place) for each block, what the console shows with its controls: a paragraph's number, or
        the SynthesisQuote a quote comes from."""
        chosen, numbers = iter(self.chosen), iter(range(1, len(self.blocks) + 1))
        return [(kind, value, next(chosen) if kind == "quote" else next(numbers)) for kind, value in self.blocks]


def paragraphs(text: str) -> list[str]:
    """A synthesis's paragraphs: its text cut at blank lines, each stripped; empty ones dropped."""
    chunks = text.replace("\r\n", "\n").split("\n\n")
    return [chunk.strip() for chunk in chunks if chunk.strip()]


def subject_of(synthesis: Synthesis, language: str | None = None) -> str:
    """What a synthesis is about, in `language` (else the current one): "Question 3: …" or the issue's name."""
    with translation.override(language or translation.get_language()):
        if synthesis.question_id:
            question = synthesis.question
            text = question.translated("text")
            return _("Question %(number)s: %(text)s") % {"number": question.number, "text": text}
        return synthesis.code.translated("name")


def _why_left_out(submission: Submission, edition: str) -> str:
    if submission.state == SubmissionState.WITHDRAWN:
        return _("the input was withdrawn")
    if submission.state != SubmissionState.ACCEPTED:
        return _("the input is not accepted")
    if edition == "public" and submission.consent == Consent.SECRETARIAT:
        return _("the respondent asked that the input be read by the secretariat only")
    return _("the input is not in this edition")


def shown(synthesis: Synthesis, *, edition: str, language: str | None = None) -> Shown:
    """The synthesis in an edition ("public" or "complete"): its text (in `language`, or the interface's, where the
    secretariat translated it), with each quote after its paragraph while its input is in the edition."""
    return syntheses_of(synthesis.consultation, edition=edition, language=language, ids=[synthesis.pk])[0]


def syntheses_of(consultation: Consultation, *, edition: str, language: str | None = None, ids=None) -> list[Shown]:
    """Every synthesis of the consultation (or those whose pk is in `ids`) as an edition shows it: those of the
    questions in questionnaire order, then those of the issues in codebook order. Three queries, whatever the
    number of syntheses and quotes."""
    if edition not in EDITIONS:
        raise ValueError(f"Unknown edition {edition!r}; use public or complete.")
    included = Submission.objects.in_edition(edition).filter(pk=OuterRef("coding__submission"))
    quotes = (
        SynthesisQuote.objects.annotate(included=Exists(included))
        .select_related(*(f"coding__{path}" for path in QUOTED))
        .order_by("after", "position", "pk")
    )
    syntheses = (
        Synthesis.objects.filter(consultation=consultation)
        .select_related("question", "code__parent")
        .prefetch_related(Prefetch("quotes", queryset=quotes))
        .order_by("question__number", "code__parent__position", "code__position", "pk")
    )
    if ids is not None:
        syntheses = syntheses.filter(pk__in=ids)
    result = []
    for synthesis in syntheses:
        result.append(_shown(synthesis, edition, language))
    # Questions first (questionnaire order), then issues.
    return sorted(result, key=lambda item: item.synthesis.question_id is None)


def _shown(synthesis: Synthesis, edition: str, language: str | None) -> Shown:
    shown_in = synthesis.translation_language("text", language) or synthesis.language
    result = Shown(synthesis, subject_of(synthesis, language), shown_in)
    texts = paragraphs(synthesis.translated("text", language))
    quotes = list(synthesis.quotes.all())
    for quote in quotes:
        if not quote.included:
            result.dropped.append(Dropped(quote, _why_left_out(quote.coding.submission, edition)))
    kept = [quote for quote in quotes if quote.included]
    for number in range(len(texts) + 1):
        if number:
            result.blocks.append(("paragraph", texts[number - 1]))
        for quote in kept:
            # A quote placed after a paragraph that was since deleted goes after the last one.
            if quote.after == number or (number == len(texts) and quote.after > number):
                result.blocks.append(("quote", quote_of(quote.coding, public=edition == "public")))
                result.chosen.append(quote)
    return result


# What the console offers to quote ------------------------------------------------------------------------------


def quotable(synthesis: Synthesis, user) -> QuerySet:
    """The codings a synthesis (saved or not) may quote: in force and not waiting to be coded again, of an input of
    its consultation that is neither withdrawn nor rejected, of its question, or coded with its issue or one of its
    sub-issues; less those `user` may not see yet (blind coding). Consent is not asked: it is applied when shown."""
    codings = (
        Coding.objects.current()
        .filter(needs_recoding=False, submission__consultation_id=synthesis.consultation_id)
        .exclude(submission__state__in=[SubmissionState.WITHDRAWN, SubmissionState.REJECTED])
    )
    if synthesis.question_id:
        codings = codings.filter(question_id=synthesis.question_id)
    else:
        sub_issue = Q(code__parent_id=synthesis.code_id, code__level=Code.Level.SUB_ISSUE)
        codings = codings.filter(Q(code_id=synthesis.code_id) | sub_issue)
    return queries.without_blind_codings(codings, user)


@dataclass(frozen=True)
class QuotablePassage:
    """Words one may quote in a synthesis, as the console lists them: the first coding of them, who said them as the
    complete edition names them, the codes applied to them, whether the public edition may show them now (and if not,
    why), and whether the synthesis quotes them already."""

    coding: Coding
    quote: Quote
    codes: list
    public: bool
    why_not_public: str
    quoted: bool


def passages_to_quote(synthesis: Synthesis, user, page_number) -> tuple[Page, list[QuotablePassage]]:
    """A page of the passages the synthesis may quote (each passage once, however many codings it has), by input
    and place. Five queries, whatever the number of codings."""
    codings = quotable(synthesis, user)
    groups = (
        codings.order_by()
        .values("submission_id", "question_id", "start", "end")
        .annotate(first=Min("pk"))
        .order_by("submission__number", "question__number", "start", "end")
    )
    page = Paginator(groups, PASSAGES_PER_PAGE).get_page(page_number)
    rows = list(page.object_list)
    public = Submission.objects.in_edition("public").filter(pk=OuterRef("submission"))
    firsts = (
        Coding.objects.filter(pk__in=[row["first"] for row in rows])
        .annotate(public=Exists(public))
        .select_related(*QUOTED)
    )
    codes = {}
    applied = codings.filter(submission_id__in={row["submission_id"] for row in rows}).select_related("code")
    for coding in applied.only("submission_id", "question_id", "start", "end", "code__name", "code__translations"):
        names = codes.setdefault(passage_key(coding), [])
        if coding.code.translated("name") not in names:
            names.append(coding.code.translated("name"))
    quoted = set()
    if synthesis.pk:
        quoted = {passage_key(quote.coding) for quote in synthesis.quotes.select_related("coding")}
    passages = []
    for coding in sorted(firsts, key=lambda c: (c.submission.number or 0, c.question.number, c.start, c.end)):
        passages.append(
            QuotablePassage(
                coding=coding,
                quote=quote_of(coding, public=False),
                codes=codes.get(passage_key(coding), []),
                public=coding.public,
                why_not_public="" if coding.public else _why_left_out(coding.submission, "public"),
                quoted=passage_key(coding) in quoted,
            )
        )
    return page, passages

"""Syntheses as they are shown: the text in the reader's language, cut into paragraphs, with its quotes in place.

Consent is applied here, when a synthesis is shown, never when it is written: a quote is shown in an edition only
while its input is in that edition (consultations' `in_edition`: the public record's inputs as their respondents
consented, or every counted input), and names who said it as register.quote_of decides. A quote whose input has
since been withdrawn, refused or kept for the secretariat is left out of the public rendering, and the console lists
it with the reason (`Shown.dropped`).
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _

from consultations.models import Consent, Consultation, Submission, SubmissionState
from review.models import Synthesis, SynthesisQuote
from review.register import EDITIONS, QUOTED, Quote, quote_of


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
    blocks: list = field(default_factory=list)
    dropped: list = field(default_factory=list)

    @property
    def quotes(self) -> list[Quote]:
        return [value for kind, value in self.blocks if kind == "quote"]


def paragraphs(text: str) -> list[str]:
    """A synthesis's paragraphs: its text cut at blank lines, each stripped; empty ones dropped."""
    chunks = text.replace("\r\n", "\n").split("\n\n")
    return [chunk.strip() for chunk in chunks if chunk.strip()]


def subject_of(synthesis: Synthesis) -> str:
    """What a synthesis is about, in the current language: "Question 3: …" or the issue's name."""
    if synthesis.question_id:
        question = synthesis.question
        return _("Question %(number)s: %(text)s") % {"number": question.number, "text": question.translated("text")}
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
    result = Shown(synthesis, subject_of(synthesis))
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
    return result

"""Passages of an answer: where its paragraphs are, how a chosen passage is checked, how coded passages are drawn,
and where a passage went when the answer was sent again. Offsets count Unicode code points (Python's str), end
exclusive; static/js/coding.js converts a browser's selection to the same count.

Pure functions over the answer's text: each is linear in it (an answer has at most ANSWER_MAX_CHARACTERS)."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")  # a blank line, as the pages draw paragraphs (web.paragraphs)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, without the blank lines between them or spaces at either end."""
    spans, start = [], 0
    for match in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        span = trim(text, start, end)
        if span:
            spans.append(span)
        if match:
            start = match.end()
    return spans


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without the spaces and line breaks at its ends; None when nothing else is in it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def check(text: str, start: int, end: int, expected: str | None = None) -> tuple[int, int]:
    """The passage's span, trimmed, when it lies in the answer (and reads `expected`, when given); a
    ValidationError saying why otherwise."""
    if not 0 <= start < end <= len(text):
        raise ValidationError(
            _("The passage (characters %(start)s to %(end)s) is not within the answer, which has %(length)s.")
            % {"start": start, "end": end, "length": len(text)}
        )
    if expected is not None and visible(text, start, end) != expected:
        raise ValidationError(
            _("The passage chosen no longer matches the answer at that place; reload the page and choose it again.")
        )
    span = trim(text, start, end)
    if span is None:
        raise ValidationError(_("The passage chosen holds only spaces; choose words of the answer."))
    return span


def visible(text: str, start: int, end: int) -> str:
    """The words of text[start:end] as a page shows them: the paragraphs' text, without the blank lines between
    paragraphs (which a browser's selection does not hold)."""
    return "".join(text[max(a, start) : min(b, end)] for a, b in paragraph_spans(text) if a < end and start < b)


def relocate(passage: str, start: int, new_text: str) -> tuple[int, int] | None:
    """Where a passage that stood at `start` stands in new_text: the same place when it is still there, else the
    occurrence nearest to it; None when the words are no longer in the answer."""
    if new_text[start : start + len(passage)] == passage:
        return start, start + len(passage)
    found, at = [], new_text.find(passage)
    while at != -1:
        found.append(at)
        at = new_text.find(passage, at + 1)
    if not found:
        return None
    best = min(found, key=lambda at: abs(at - start))
    return best, best + len(passage)


@dataclass(frozen=True)
class Segment:
    """A run of an answer's text covered by the same codings (keys), from `start`; `ends` names the codings whose
    passage ends with it."""

    start: int
    text: str
    keys: tuple
    ends: tuple = ()


def segments(text: str, spans: Iterable[tuple[int, int, object]]) -> list[list[Segment]]:
    """The answer as paragraphs of segments: each paragraph is cut wherever a coded passage starts or ends, and each
    segment names the passages (their keys) that cover it. Overlapping passages are drawn both."""
    spans = [(max(0, s), min(len(text), e), key) for s, e, key in spans if s < e]
    paragraphs = []
    for p_start, p_end in paragraph_spans(text):
        cuts = {p_start, p_end}
        cuts.update(point for s, e, _key in spans for point in (s, e) if p_start < point < p_end)
        edges = sorted(cuts)
        paragraph = []
        for a, b in zip(edges, edges[1:], strict=False):
            keys = tuple(key for s, e, key in spans if s <= a and b <= e)
            ends = tuple(key for s, e, key in spans if s < b and min(e, p_end) == b)
            paragraph.append(Segment(a, text[a:b], keys, ends))
        paragraphs.append(paragraph)
    return paragraphs


def excerpt(passage: str, limit: int = 300) -> str:
    """A passage shortened to about `limit` characters for a table, at a space where there is one."""
    if len(passage) <= limit:
        return passage
    cut = passage.rfind(" ", 0, limit)
    return passage[: cut if cut > limit // 2 else limit] + "…"


def parse_span(value: str, question_ids: Sequence[int]) -> tuple[int, int, int]:
    """'question:start:end', as the coding form sends a passage, as three integers; ValidationError otherwise."""
    try:
        question, start, end = (int(part) for part in value.split(":"))
    except ValueError:
        raise ValidationError(_("A passage was sent in a form Concord does not read: %(value)s") % {"value": value})
    if question not in question_ids:
        raise ValidationError(_("The passage is not in an answer of this input."))
    return question, start, end


def passage_key(coding) -> tuple:
    """What makes two codings the same words: the input, the question and the place in the answer."""
    return coding.submission_id, coding.question_id, coding.start, coding.end

"""A readable word-level comparison of two versions of an answer.

difflib.SequenceMatcher looks, for each token of one side, at every equal token of the other (every space is equal
to every other), and again at each level of its search: on whole answers of thousands of words that took minutes.
So each version is cut into short segments (at sentence ends, line breaks, and after word pairs picked by a
checksum), the segments are compared, and words only inside the segments that changed. The work has a budget, the
pairs of equal items the matcher looks at; when it is spent, `word_diff` gives up and says so, and the page shows
both versions whole.
"""

import difflib
import re
import zlib

from consultations.text import CJK

# Han, kana and hangul are written without spaces, so each character is a word here: one character changed in a
# Chinese sentence is marked alone, not the sentence. Spaces are tokens too, kept as written.
TOKEN = re.compile(rf"\s+|{CJK.pattern}|[^\s{CJK.pattern[1:-1]}]+")
# A word (or a character of those scripts) and the spaces after it: what segments are cut between.
WORD = re.compile(rf"({CJK.pattern}|[^\s{CJK.pattern[1:-1]}]+)(\s*)")
SENTENCE_ENDS = (".", "!", "?", "؟", "。", "！", "？", "…")
# Besides sentence ends and line breaks, a segment ends after about one word pair in CUT, chosen by a checksum of
# the pair: the cuts depend on the words around them only, so they fall at the same places in both versions, and
# an answer without punctuation is cut into short segments too.
CUT = 16
# Pairs of equal items a comparison may look at: a few tenths of a second on a busy machine (bench/diff.py). Two
# versions of 20,000 words with every 50th word changed need about 400,000.
BUDGET = 1_000_000


def word_diff(old: str, new: str, *, budget: int = BUDGET) -> list[tuple[str, str]] | None:
    """[(kind, text)] with kind "same", "added" or "removed", words and spaces kept as written; None when the
    changes are too extensive to mark word by word within `budget` pairs of equal items looked at."""
    old, new = old or "", new or ""
    if old == new:
        return [("same", old)] if old else []
    try:
        return _compare(_segments(old), _segments(new), _Budget(budget))
    except _OverBudget:
        return None


def changed(parts) -> bool:
    """Whether any part is marked as added or removed."""
    return any(kind != "same" for kind, _text in parts)


def _compare(before: list[str], after: list[str], budget) -> list[tuple[str, str]]:
    # The same beginning and end cost nothing to find, however repetitive the text.
    head = _common_length(before, after)
    tail = _common_length(before[head:][::-1], after[head:][::-1])
    parts = []
    _add(parts, "same", "".join(before[:head]))
    middle_before, middle_after = before[head : len(before) - tail], after[head : len(after) - tail]
    for op, a1, a2, b1, b2 in _Matcher(middle_before, middle_after, budget).get_opcodes():
        removed, added = "".join(middle_before[a1:a2]), "".join(middle_after[b1:b2])
        if op == "equal":
            _add(parts, "same", removed)
        elif op == "replace":
            for kind, text in _words(TOKEN.findall(removed), TOKEN.findall(added), budget):
                _add(parts, kind, text)
        else:
            _add(parts, "removed", removed)
            _add(parts, "added", added)
    _add(parts, "same", "".join(before[len(before) - tail :]))
    return parts


def _words(before: list[str], after: list[str], budget):
    for op, a1, a2, b1, b2 in _Matcher(before, after, budget).get_opcodes():
        if op == "equal":
            yield "same", "".join(before[a1:a2])
        else:
            yield "removed", "".join(before[a1:a2])
            yield "added", "".join(after[b1:b2])


def _segments(text: str) -> list[str]:
    """The text cut after a sentence end, a line break or a word pair picked by CUT; each segment keeps the spaces
    after it, so that the segments joined are the text."""
    segments, start, previous = [], 0, ""
    for match in WORD.finditer(text):
        word, spaces = match.groups()
        if "\n" in spaces or word.endswith(SENTENCE_ENDS) or _cut(previous, word):
            segments.append(text[start : match.end()])
            start = match.end()
        previous = word
    if start < len(text):
        segments.append(text[start:])
    return segments


def _cut(first: str, second: str) -> bool:
    # A checksum, not hash(): the same cuts in every process, so the same marks at every page load.
    return zlib.crc32(f"{first} {second}".encode()) % CUT == 0


def _common_length(a: list[str], b: list[str]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class _OverBudget(Exception):
    pass


class _Budget:
    def __init__(self, pairs: int):
        self.left = pairs

    def spend(self, pairs: int) -> None:
        self.left -= pairs
        if self.left < 0:
            raise _OverBudget


class _Matcher(difflib.SequenceMatcher):
    """SequenceMatcher (no junk) charging its budget, before each search, for the items it looks at: each item
    of `a` in the range and every item of `b` equal to it (an upper bound of the search's inner loop)."""

    def __init__(self, a, b, budget: _Budget):
        self.budget = budget
        super().__init__(None, a, b, autojunk=False)

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        self.budget.spend((ahi - alo) + sum(len(self.b2j.get(x, ())) for x in self.a[alo:ahi]))
        return super().find_longest_match(alo, ahi, blo, bhi)


def _add(parts: list[tuple[str, str]], kind: str, text: str) -> None:
    """Append a part, joined to the last one when of the same kind; empty text adds nothing."""
    if not text:
        return
    if parts and parts[-1][0] == kind:
        parts[-1] = (kind, parts[-1][1] + text)
    else:
        parts.append((kind, text))

"""Square brackets in a draft, as UN documents write them: text not yet agreed, and alternatives between brackets.

"The working group [recommends] [notes] that…" brackets two words separately; "[option A] / [option B]" is one
bracket with two alternatives, each of which can have its proponents. `parse` reads a paragraph (or a heading)
into plain text and brackets, and refuses what a reader could not follow: a bracket left open, one closed that was
never opened, one opened inside another, an empty one, and alternatives written without their brackets
("option A / [option B]"), naming the character where the problem is. The text is kept as written: a draft shows
and prints its brackets exactly as the Chair typed them.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

SEPARATOR = re.compile(r"[ \t\u00a0]*/[ \t\u00a0]*")  # between two alternatives: " / "
DANGLING = re.compile(r"/[ \t\u00a0]*$")  # text ending in "/" just before a bracket


@dataclass(frozen=True)
class Bracket:
    """A bracketed segment: one text, or several alternatives; `start` is the offset of its first "["."""

    alternatives: tuple[str, ...]
    start: int

    @property
    def written(self) -> str:
        return " / ".join(f"[{alternative}]" for alternative in self.alternatives)


class BracketError(ValueError):
    """A text whose brackets a reader could not follow; `position` is the character (from 1) where it shows."""

    def __init__(self, message: str, position: int):
        super().__init__(message)
        self.message, self.position = message, position


def parse(text: str) -> list[str | Bracket]:
    """The text as plain segments and brackets, in order; BracketError for brackets a reader could not follow."""
    segments: list[str | Bracket] = []
    plain, index, length = [], 0, len(text)
    while index < length:
        character = text[index]
        if character == "]":
            raise BracketError(_("The bracket closed at character %(position)d was never opened.")
                               % {"position": index + 1}, index + 1)  # fmt: skip
        if character != "[":
            plain.append(character)
            index += 1
            continue
        before = "".join(plain)
        if DANGLING.search(before):
            slash = before.rstrip(" \t\u00a0").rfind("/") + (index - len(before))
            raise BracketError(_("The alternative before character %(position)d is not in brackets: write "
                                 "[option A] / [option B].") % {"position": slash + 1}, slash + 1)  # fmt: skip
        if before:
            segments.append(before)
        plain = []
        start, alternatives = index, []
        while True:
            alternative, index = _bracket(text, index)
            alternatives.append(alternative)
            separator = SEPARATOR.match(text, index)
            if separator is None:
                break
            if separator.end() >= length or text[separator.end()] != "[":
                raise BracketError(_("The alternative after character %(position)d is not in brackets: write "
                                     "[option A] / [option B].") % {"position": index}, index)  # fmt: skip
            index = separator.end()
        segments.append(Bracket(tuple(alternatives), start))
    if plain:
        segments.append("".join(plain))
    return segments


def _bracket(text: str, opening: int) -> tuple[str, int]:
    """The text of the bracket opened at `opening`, and the offset after its "]"."""
    closing = text.find("]", opening + 1)
    inner = text.find("[", opening + 1)
    if closing == -1:
        raise BracketError(_("The bracket opened at character %(position)d is not closed.")
                           % {"position": opening + 1}, opening + 1)  # fmt: skip
    if inner != -1 and inner < closing:
        raise BracketError(_("A bracket is opened at character %(position)d inside another: close the first one "
                             "before opening the next.") % {"position": inner + 1}, inner + 1)  # fmt: skip
    content = text[opening + 1 : closing]
    if not content.strip():
        raise BracketError(_("The bracket at character %(position)d is empty.") % {"position": opening + 1},
                           opening + 1)  # fmt: skip
    return content, closing + 1


def brackets(text: str) -> list[Bracket]:
    """The brackets of a text (BracketError if it has a problem)."""
    return [segment for segment in parse(text) if isinstance(segment, Bracket)]


def is_bracketed(text: str) -> bool:
    """Whether a text (that parses) holds any bracket."""
    return any(isinstance(segment, Bracket) for segment in parse(text))

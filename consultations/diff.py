"""A readable word-level comparison of two versions of an answer."""

import difflib
import re

TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(kind, text)] with kind "same", "added" or "removed", words and spaces kept as written."""
    before, after = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            parts.append(("removed", "".join(before[a1:a2])))
        if b2 > b1:
            parts.append(("added", "".join(after[b1:b2])))
    return parts


def changed(parts) -> bool:
    return any(kind != "same" for kind, _text in parts)

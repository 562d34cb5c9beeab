"""Answer text: counting words the same way everywhere, cleaning it, and the receipt digest."""

import hashlib
import json
import math
import re
import unicodedata

# Han, kana and hangul are written without spaces: two characters count as one word,
# close to how translators compare Chinese or Japanese with English length.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def count_words(text: str) -> int:
    """Words in an answer; static/js/concord.js counts the same way for the live counter."""
    cjk = len(CJK.findall(text))
    others = len(CJK.sub(" ", text).split())
    return others + math.ceil(cjk / 2)


def clean_answer(text: str) -> tuple[str, bool]:
    """Normalise an answer; return it and whether invisible control characters were removed."""
    normalised = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    cleaned = CONTROL.sub("", normalised)
    return cleaned.strip(), cleaned != normalised


def canonical_form(answers: dict[int, str], attachment_hashes: list[str]) -> bytes:
    """The bytes a receipt digest is computed over.

    UTF-8 JSON, keys sorted, no spaces: {"answers": {"<question number>": "<text>"},
    "attachments": ["<sha256>", …]} with empty answers left out and hashes sorted.
    Anyone holding the same answers and files can recompute it. (Stored versions key answers
    as "q1"…; the digest's form is fixed here and does not follow storage.)
    """
    document = {
        "answers": {str(number): text for number, text in sorted(answers.items()) if text},
        "attachments": sorted(attachment_hashes),
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def digest(answers: dict[int, str], attachment_hashes: list[str]) -> str:
    return hashlib.sha256(canonical_form(answers, attachment_hashes)).hexdigest()

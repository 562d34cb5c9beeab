"""Answer text: counting words the same way everywhere, cleaning it, and the receipt digest."""

import hashlib
import json
import math
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

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


# The canonical form new versions are digested in. Form 1 (versions sent before December 2026) covered the answers
# and attachments only; form 2 adds the language of the input and the publication chosen, so that a receipt proves
# how the input may be published as well as what it says.
DIGEST_FORM = 2


def canonical_form(
    answers: dict[int, str], attachment_hashes: list[str], *, language: str | None = None, consent: str | None = None
) -> bytes:
    """The bytes a receipt digest is computed over.

    UTF-8 JSON, keys sorted, no spaces: {"answers": {"<question number>": "<text>"},
    "attachments": ["<sha256>", …], "consent": "<public|anonymous|secretariat>", "language": "<code>"}
    with empty answers left out and hashes sorted. Form 1 has neither "consent" nor "language": it is what
    `language=None, consent=None` gives. Anyone holding the same answers, files and choices can recompute it.
    (Stored versions key answers as "q1"…; the digest's form is fixed here and does not follow storage.)
    """
    document = {
        "answers": {str(number): text for number, text in sorted(answers.items()) if text},
        "attachments": sorted(attachment_hashes),
    }
    if language is not None or consent is not None:
        document |= {"language": language, "consent": consent}
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def digest(
    answers: dict[int, str], attachment_hashes: list[str], *, language: str | None = None, consent: str | None = None
) -> str:
    """The SHA-256 of the canonical form: form 2 with a language and a publication choice, form 1 without."""
    return hashlib.sha256(canonical_form(answers, attachment_hashes, language=language, consent=consent)).hexdigest()


def check_answer_length(text: str, number: int) -> None:
    """Refuse an answer longer than ANSWER_MAX_CHARACTERS, whatever its question's word limit."""
    limit = settings.ANSWER_MAX_CHARACTERS
    if len(text) > limit:
        raise ValidationError(
            _("The answer to question %(number)d has %(count)s characters; an answer may have at most %(limit)s.")
            % {
                "number": number,
                "count": number_format(len(text), force_grouping=True),
                "limit": number_format(limit, force_grouping=True),
            }
        )

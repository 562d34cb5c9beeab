"""Every change to the syntheses: writing one (its text and translations), and choosing, moving and removing its
quotes. Each is atomic, checks who may make it, and makes the public record's pages stale while the consultation's
register is published (its public page shows the syntheses).

What a quote names, and whether it is shown at all, is not decided here: consent is applied when a synthesis is
shown (review.synthesis), so that a quote whose input later leaves the public record leaves its public renderings."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from consultations.models import Consultation, Question
from review.models import Code, Coding, Synthesis, SynthesisQuote
from review.passages import passage_key
from review.roles import WRITE_SYNTHESIS
from review.services import _register_changed
from review.synthesis import paragraphs, quotable

# The longest text (and translation) a synthesis takes: some twenty pages, more than a synthesis of one question or
# issue needs, and a bound on what one form sends.
MAX_TEXT = 50_000
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _require(user: User):
    if not roles.secretariat_can(user, WRITE_SYNTHESIS):
        raise PermissionDenied(_("Your role cannot write syntheses."))


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES)[code])


def _check_subject(consultation: Consultation, question: Question | None, code: Code | None):
    if (question is None) == (code is None):
        raise ValidationError(_("A synthesis is of one question or of one issue."))
    if question is not None and question.consultation_id != consultation.pk:
        raise ValidationError(_("This question is not in this consultation's questionnaire."))
    if code is not None:
        if code.consultation_id != consultation.pk:
            raise ValidationError(_("This issue is not in this consultation's codebook."))
        if code.level != Code.Level.ISSUE:
            raise ValidationError(
                _("“%(code)s” is not an issue: syntheses are of issues, not of clusters or sub-issues.")
                % {"code": code}
            )
        if not code.is_open:
            raise ValidationError(_("The issue “%(code)s” is merged or retired.") % {"code": code})


def _check_text(text: str, language: str) -> str:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("Write the synthesis: its text is empty."))
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("The text in %(language)s holds %(length)s characters; a synthesis takes at most %(limit)s.")
            % {"language": _language_name(language), "length": len(text), "limit": MAX_TEXT}
        )
    return text


def _check_translations(translations: dict, language: str, text: str) -> dict:
    """{language: {"text": text}} for the translations given (empty ones dropped), each with as many paragraphs as
    the text, so that every quote falls in the same place in every language."""
    kept = {}
    expected = len(paragraphs(text))
    for other, translated in (translations or {}).items():
        translated = (translated or "").replace("\r\n", "\n").strip()
        if not translated:
            continue
        if other not in LANGUAGE_CODES or other == language:
            raise ValidationError(
                _("Translations are into the other UN languages than the one the synthesis is written in.")
            )
        translated = _check_text(translated, other)
        found = len(paragraphs(translated))
        if found != expected:
            raise ValidationError(
                _(
                    "The translation into %(language)s has %(found)s paragraphs and the text %(expected)s: give it "
                    "one paragraph for each, so that the quotes fall in the same places."
                )
                % {"language": _language_name(other), "found": found, "expected": expected}
            )
        kept[other] = {"text": translated}
    return kept


@transaction.atomic
def synthesis_save(
    *,
    user: User,
    consultation: Consultation,
    question: Question | None = None,
    code: Code | None = None,
    language: str,
    text: str,
    translations: dict | None = None,
    seen: datetime | None = None,
) -> Synthesis:
    """Write the synthesis of a question or of an issue: created the first time, replaced after. `translations` is
    {language: text}; `seen`, when given, is the `updated_at` the writer read, and a synthesis changed since by
    someone else is not overwritten."""
    _require(user)
    _check_subject(consultation, question, code)
    if language not in LANGUAGE_CODES:
        raise ValidationError(_("Choose the language the synthesis is written in among the six UN languages."))
    text = _check_text(text, language)
    translations = _check_translations(translations, language, text)
    # The consultation's row, locked: two people writing the first synthesis of a subject at once make one.
    Consultation.objects.select_for_update(no_key=True).get(pk=consultation.pk)
    subject = {"question": question} if question is not None else {"code": code}
    synthesis = Synthesis.objects.select_for_update().filter(**subject).order_by("pk").first()
    if synthesis is not None and seen is not None and synthesis.updated_at != seen:
        raise ValidationError(
            _("Someone changed this synthesis since you opened it: reload the page and write your changes again.")
        )
    synthesis = synthesis or Synthesis(consultation=consultation, **subject)
    synthesis.language, synthesis.text, synthesis.translations = language, text, translations
    synthesis.updated_at, synthesis.updated_by = timezone.now(), user
    synthesis.save()
    _register_changed(consultation.pk)
    return synthesis


def _check_place(synthesis: Synthesis, after: int):
    last = len(paragraphs(synthesis.text))
    if not isinstance(after, int) or not 0 <= after <= last:
        raise ValidationError(
            _("Choose where the quote goes: before the first paragraph, or after one of the %(n)s paragraphs.")
            % {"n": last}
        )


def _check_quotable(user: User, synthesis: Synthesis, coding: Coding):
    """Refuse, with the reason, a coding the synthesis may not quote (review.synthesis.quotable says which may)."""
    if coding.submission.consultation_id != synthesis.consultation_id:
        raise ValidationError(_("This passage is of an input to another consultation."))
    if coding.removed_at is not None:
        raise ValidationError(_("This coding was removed: its passage cannot be quoted."))
    if coding.needs_recoding:
        raise ValidationError(_("The input was sent again and this passage changed: code it again before quoting it."))
    if synthesis.question_id and coding.question_id != synthesis.question_id:
        raise ValidationError(
            _("This passage answers question %(n)s, not the question of this synthesis.")
            % {"n": coding.question.number}
        )
    if synthesis.code_id and synthesis.code_id not in (coding.code_id, coding.code.parent_id):
        raise ValidationError(
            _("This passage is not coded with the issue “%(issue)s” or one of its sub-issues.")
            % {"issue": synthesis.code}
        )
    if not quotable(synthesis, user).filter(pk=coding.pk).exists():
        raise ValidationError(
            _("This passage cannot be quoted: its input was withdrawn or rejected, or you code it blind.")
        )


def _last_position(synthesis: Synthesis, after: int) -> int:
    found = SynthesisQuote.objects.filter(synthesis=synthesis, after=after).aggregate(last=Max("position"))
    return (found["last"] or 0) + 1


def _locked(synthesis: Synthesis) -> Synthesis:
    return Synthesis.objects.select_for_update(of=("self",)).select_related("code").get(pk=synthesis.pk)


@transaction.atomic
def quote_add(*, user: User, synthesis: Synthesis, coding: Coding, after: int) -> SynthesisQuote:
    """Quote a coded passage in the synthesis, after its paragraph `after` (0: before the first), last among the
    quotes there. The same words are quoted once in a synthesis, whichever coding of them is chosen."""
    _require(user)
    synthesis = _locked(synthesis)
    coding = Coding.objects.select_related("submission", "question", "code").get(pk=coding.pk)
    _check_quotable(user, synthesis, coding)
    _check_place(synthesis, after)
    chosen = SynthesisQuote.objects.filter(synthesis=synthesis).select_related("coding")
    if any(passage_key(quote.coding) == passage_key(coding) for quote in chosen):
        raise ValidationError(_("This synthesis already quotes this passage."))
    quote = SynthesisQuote.objects.create(
        synthesis=synthesis, coding=coding, after=after, position=_last_position(synthesis, after), added_by=user
    )
    _register_changed(synthesis.consultation_id)
    return quote


@transaction.atomic
def quote_move(*, user: User, quote: SynthesisQuote, after: int) -> SynthesisQuote:
    """Move a quote after another paragraph of the synthesis (0: before the first), last among the quotes there."""
    _require(user)
    synthesis = _locked(quote.synthesis)
    quote = SynthesisQuote.objects.select_for_update().get(pk=quote.pk, synthesis=synthesis)
    _check_place(synthesis, after)
    quote.after, quote.position = after, _last_position(synthesis, after)
    quote.save(update_fields=["after", "position"])
    _register_changed(synthesis.consultation_id)
    return quote


@transaction.atomic
def quote_remove(*, user: User, quote: SynthesisQuote) -> None:
    """Take a quote out of the synthesis (the coding stays)."""
    _require(user)
    synthesis = _locked(quote.synthesis)
    deleted, _kinds = SynthesisQuote.objects.filter(pk=quote.pk, synthesis=synthesis).delete()
    if not deleted:
        raise ValidationError(_("This quote was already removed."))
    _register_changed(synthesis.consultation_id)

"""The first kind of document: a consultation's inputs compiled into one PDF, by respondent or by question.

Its loader is reports.compilation.documents, its templates templates/pdf/parts.html (_input.html, _question.html)
and front.html, its layouts those of reports.compilation.layout; this module ties them into the kind the engine
runs, and says how a part looks (`part_context`) and what it costs to render (`characters_of`).
"""

from collections import namedtuple
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from django.utils.translation import gettext as _

from consultations.models import INPUT_LANGUAGES, Consent
from reports.compilation import documents, fonts, kinds, layout, render
from reports.compilation.documents import BY_QUESTION, BY_RESPONDENT, COMPLETE, LANGUAGE, InputDoc, QuestionDoc
from reports.models import Compilation

LANGUAGE_NAMES = dict(INPUT_LANGUAGES)
Front = namedtuple("Front", ["consultation", "summary"])  # a ConsultationDoc and a Summary


@dataclass(frozen=True)
class Spec:
    """One compilation: of which consultation's inputs, arranged how, in which edition, of which input languages
    (none: all), attachments appended or listed, and the language of its own labels."""

    consultation: Any
    arrangement: str = BY_RESPONDENT
    edition: str = COMPLETE
    languages: tuple = ()
    append_attachments: bool = True
    language: str = LANGUAGE
    kind: ClassVar[str] = "compilation"

    @classmethod
    def of(cls, compilation: Compilation) -> "Spec":
        """The spec of a Compilation row."""
        return cls(
            compilation.consultation,
            compilation.arrangement,
            compilation.edition,
            tuple(compilation.languages),
            compilation.append_attachments,
            compilation.language,
        )

    @property
    def selection(self) -> dict:
        """Which inputs, and how their attachments show: the loaders' options."""
        return {"edition": self.edition, "languages": self.languages, "append_attachments": self.append_attachments}


class Inputs(kinds.DocumentKind):
    """The compilation of a consultation's inputs: its loader, templates and layouts, as the engine asks."""

    name = Spec.kind

    def spec_of(self, compilation: Compilation) -> Spec:
        return Spec.of(compilation)

    def describe(self, compilation: Compilation) -> str:
        return str(Compilation.Arrangement(compilation.arrangement).label)

    def file_name(self, compilation: Compilation, stamp: str) -> str:
        return f"{compilation.consultation.slug}-{compilation.arrangement}-{compilation.edition}-{stamp}.pdf"

    def fingerprint(self, spec: Spec) -> str:
        return documents.fingerprint(spec.consultation, arrangement=spec.arrangement, language=spec.language,
                                     **spec.selection)  # fmt: skip

    def load(self, spec: Spec):
        inputs = documents.iter_input_docs(spec.consultation, **spec.selection)
        if spec.arrangement != BY_QUESTION:
            return inputs, []
        appendices = list(inputs)  # every answer is needed to cut the questions' parts
        return documents.by_question(documents.questions_of(spec.consultation), appendices, spec.edition), appendices

    def parts_of(self, spec: Spec, ids) -> list:
        if spec.arrangement == BY_QUESTION:
            wanted = set(ids)
            parts = documents.question_docs(spec.consultation, edition=spec.edition, languages=spec.languages)
            return [doc for doc in parts if doc.pk in wanted]
        return documents.input_docs(spec.consultation, ids=ids, **spec.selection)

    def whole(self, spec: Spec, kept, ids) -> list:
        if all(isinstance(doc, QuestionDoc) for doc in kept):
            return kept  # kept whole: the inputs' answers are all in memory for the layout anyway
        return super().whole(spec, kept, ids)

    def front(self, spec: Spec) -> Front:
        consultation = spec.consultation
        summary = documents.summary(consultation, edition=spec.edition, languages=spec.languages)
        return Front(documents.consultation_doc(consultation), summary)

    def title(self, spec: Spec) -> str:
        return spec.consultation.translated("title")

    def shown(self, doc) -> dict:
        """The digest(s), names, question wording and attachment notes: a rename or a reworded question changes no
        digest. Where an attachment's file lies is not shown (vars() is asdict() without its deep copies)."""
        if isinstance(doc, InputDoc):
            fields = {**vars(doc), "attachments": [a._replace(path="") for a in doc.attachments]}
        else:
            fields = asdict(doc)
        return {"doc": fields, "edition": doc.edition}

    def context(self, doc) -> dict:
        return part_context(doc)

    def weight(self, doc) -> int:
        return characters_of(doc)

    def notes(self, doc) -> list[str]:
        """Attachments not appended, and characters no font draws, of an input."""
        if not isinstance(doc, InputDoc):
            return []
        lines = [f"{doc.reference}: {a.name} {a.reason}" for a in doc.attachments if a.reason]
        warning = font_warning(doc)
        return [*lines, warning] if warning else lines

    def label(self, doc) -> str:
        if isinstance(doc, InputDoc):
            return doc.reference
        return _("Question %(number)s") % {"number": doc.number}

    def slim(self, doc):
        """An input keeps its names and attachments, not its answers' text; a question part stays whole."""
        return replace(doc, answers=[]) if isinstance(doc, InputDoc) else doc

    def to_data(self, doc) -> dict:
        return documents.to_data(doc)

    def from_data(self, data):
        return documents.from_data(data)

    def present(self, doc) -> bool:
        attachments = doc.attachments if isinstance(doc, InputDoc) else []
        return all(Path(a.path).exists() for a in attachments if a.pages)

    def layout(self, spec: Spec, docs, parts, extras) -> layout.Layout:
        if spec.arrangement == BY_QUESTION:
            return layout.layout_by_question(docs, parts, extras)
        return layout.layout_by_respondent(docs, parts)

    def cover(self, spec: Spec, front: Front, *, contents: bool, generated_at) -> bytes:
        return layout.render_front(front.consultation, front.summary, generated_at, contents=contents,
                                   edition=spec.edition, arrangement=spec.arrangement)  # fmt: skip

    def metadata(self, spec: Spec, front: Front) -> tuple[str, str]:
        subject = f"{front.consultation.reference}: {Compilation.Arrangement(spec.arrangement).label}, "
        return front.consultation.title, subject + str(Compilation.Edition(spec.edition).label)

    def keywords(self, spec: Spec, front: Front) -> list[str]:
        edition = str(Compilation.Edition(spec.edition).label)
        return [front.consultation.reference, _("Compilation of inputs"), edition]


KIND = kinds.register(Inputs())


# How a part looks ----------------------------------------------------------------------------------------------


def html_lang(code: str) -> str:
    """A BCP 47 tag for an input language code ("" when unknown, as for "other")."""
    return {"zh-hans": "zh-Hans", "other": ""}.get(code, code)


def _marker(doc: InputDoc) -> str:
    """What the complete edition says of an input that is not to be published as it stands."""
    if doc.edition == COMPLETE and doc.consent == Consent.SECRETARIAT:
        return _("For the secretariat only: not to be published.")
    if doc.edition == COMPLETE and doc.consent == Consent.ANONYMOUS:
        return _("To be published without the organisation's name.")
    return ""


def part_context(doc) -> dict:
    """What the templates show of one part: an input with its answers, or a question with answers to it."""
    if isinstance(doc, QuestionDoc):
        return {"question": True, "doc": doc, "answers": [_answer_line(doc.number, a) for a in doc.answers]}
    return {
        "doc": doc,
        "anchor": documents.input_anchor(doc.reference),
        "marker": _marker(doc),
        "name_direction": render.direction(doc.organisation or ""),
        "language_name": LANGUAGE_NAMES.get(doc.language, doc.language),
        "lang": html_lang(doc.language),
        "answers": [{"number": n, "question": q, "paragraphs": render.paragraphs(text)} for n, q, text in doc.answers],
    }


def _answer_line(number: int, answer: tuple[InputDoc, str]) -> dict:
    respondent, text = answer
    return {
        "respondent": respondent,
        "anchor": documents.answer_anchor(number, respondent.reference),
        "marker": _marker(respondent),
        "name_direction": render.direction(respondent.organisation or ""),
        "lang": html_lang(respondent.language),
        "paragraphs": render.paragraphs(text),
    }


def characters_of(doc) -> int:
    """About how much a part's render costs: its characters, and a share for its header."""
    if isinstance(doc, QuestionDoc):
        return sum(len(text) + 200 for _respondent, text in doc.answers) + 500
    return sum(len(text) + len(question) for _number, question, text in doc.answers) + 1500


def font_warning(doc: InputDoc) -> str:
    """A line for the log when an input holds characters no installed font can draw (they would print as boxes)."""
    missing = fonts.without_font(answer for _number, _question, answer in doc.answers)
    if not missing:
        return ""
    sample = " ".join(f"U+{ord(ch):04X}" for ch in missing[:5])
    return _("%(reference)s: %(count)d characters have no installed font and will show as boxes (%(sample)s)") % {
        "reference": doc.reference,
        "count": len(missing),
        "sample": sample,
    }

"""What a compilation shows, as plain data, and the loaders that read it: the only module of the engine that queries.

An input becomes an `InputDoc`, a question with the answers given to it a `QuestionDoc`, the cover a
`ConsultationDoc` and a `Summary` of who contributed. Everything after the loaders (keys, renders, layout, merge)
works on these and never touches the ORM; the jobs (reports.compilation.jobs) read and write only the Compilation rows.
"""

import hashlib
import itertools
import json
import logging
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.db.models import Case, F, Value, When
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import RegionalGroup
from accounts.queries import category_names
from consultations.models import Attachment, Consent, Question, Submission, VersionAnswer
from reports import balance
from reports.compilation import files, merge, render
from reports.models import Compilation

logger = logging.getLogger(__name__)
COMPLETE, PUBLIC = Compilation.Edition.COMPLETE.value, Compilation.Edition.PUBLIC.value
BY_RESPONDENT, BY_QUESTION = Compilation.Arrangement.BY_RESPONDENT.value, Compilation.Arrangement.BY_QUESTION.value
# The language of a compilation's own labels unless another is asked for (inputs keep theirs).
LANGUAGE = "en"


# What a part shows ---------------------------------------------------------------------------------------------


class Attached(NamedTuple):
    """An attachment as its input's part lists it: appended after the input (pages > 0) or not, and why."""

    name: str
    size: int
    sha256: str
    kind: str = "pdf"
    path: str = ""
    pages: int = 0
    reason: str = ""


@dataclass
class InputDoc:
    """One input as its part shows it; organisation and country are None where the public edition hides them."""

    reference: str
    organisation: str | None
    category: str
    country: str | None
    regional_group: str
    language: str
    submitted_at: datetime
    digest: str
    answers: list[tuple[int, str, str]]  # (question number, question, answer)
    attachments: list[Attached] = field(default_factory=list)
    edition: str = COMPLETE
    consent: str = Consent.PUBLIC.value
    pk: int = 0  # the submission's id: how a worker is told which inputs to render


@dataclass
class QuestionDoc:
    """A question with included answers of one category (respondent order), or with none.

    A question's answers are split by category, and a category's in several parts when they are long, so that a
    part stays small however many inputs there are; the first of a question's parts `opens` it with the question's
    text, the others say "continued"."""

    number: int
    text: str
    theme: str
    answers: list[tuple[InputDoc, str]]  # (respondent without answers, answer)
    edition: str = COMPLETE
    category: str = ""
    opens: bool = True
    sequel: int = 0  # 0 for a category's first part, then 1, 2… for the parts that carry on its answers

    @property
    def pk(self) -> str:
        return f"{self.number}:{self.category}:{self.sequel}"


@dataclass(frozen=True)
class ConsultationDoc:
    """The consultation as the cover shows it."""

    title: str
    reference: str
    mandate: str = ""
    summary: str = ""
    closes_at: datetime | None = None


@dataclass(frozen=True)
class Summary:
    """Who contributed: the number of inputs, and tables of (label, count)."""

    total: int
    tables: list[tuple[str, list[tuple[str, int]]]]


def respondent_label(doc: InputDoc) -> str:
    """Who sent an input, as the bookmarks name it: its organisation (or anonymous), and reference."""
    return f"{doc.organisation or _('Anonymous respondent')} ({doc.reference})"


def input_anchor(reference: str) -> str:
    """Where an input starts: a named destination of its part, and of the compilation (file.pdf#input-...)."""
    return f"input-{reference}"


def answer_anchor(number: int, reference: str) -> str:
    """Where an input's answer to a question starts, arranged by question."""
    return f"q{number}-{reference}"


def group_label(value: str) -> str:
    """A regional group's name in the current language."""
    return str(RegionalGroup(value).label) if value else _("No regional group")


def summary_of(cells, category_names: dict[str, str]) -> Summary:
    """Counts by category, regional group and development from balance cells (population_report's "cells").

    An anonymous input of the public edition counts in the totals, and in the development table on a row of its own
    that says its status is not shown: every table still adds up to the total."""
    categories, groups, development = Counter(), Counter(), Counter()
    for cell in cells:
        categories[category_names.get(cell["category"], cell["category"])] += cell["count"]
        groups[cell["regional_group"]] += cell["count"]
        development[cell["developed"]] += cell["count"]
    statuses = [
        (True, _("Developed countries")),
        (False, _("Developing countries")),
        (None, _("International")),
        (balance.NOT_SHOWN, _("Not shown (inputs published without a name)")),
    ]
    by_group = [(group_label(g), groups[g]) for g in [*RegionalGroup.values, ""] if groups[g]]
    by_status = [(label, development[key]) for key, label in statuses if development[key]]
    tables = [(_("By stakeholder category"), list(categories.items())), (_("By regional group"), by_group)]
    return Summary(sum(categories.values()), [*tables, (_("By development status"), by_status)])


def by_question(questions, docs: list[InputDoc], edition: str = COMPLETE, *, characters=None) -> list[QuestionDoc]:
    """Each question with the answers the docs give to it, in the docs' order: one part per category answering, cut
    in several when its answers run past about `characters` (COMPILATION_BATCH_CHARACTERS), so that however many
    inputs there are, a part stays small."""
    characters = characters or settings.COMPILATION_BATCH_CHARACTERS
    answers = defaultdict(list)
    for doc in docs:
        respondent = replace(doc, answers=[], attachments=[])
        for number, _question, text in doc.answers:
            answers[number].append((respondent, text))
    parts = []
    for number, text, theme in questions:
        opening = len(parts)
        for category, group in itertools.groupby(answers[number], key=lambda answer: answer[0].category):
            for sequel, chunk in enumerate(_cut(list(group), characters)):
                parts.append(QuestionDoc(number, text, theme, chunk, edition, category, False, sequel))
        if len(parts) == opening:
            parts.append(QuestionDoc(number, text, theme, [], edition))
        parts[opening].opens = True
    return parts


def _cut(answers, characters: int) -> list[list]:
    chunks, chunk, length = [], [], 0
    for answer in answers:
        weight = len(answer[1]) + 200
        if chunk and length + weight > characters:
            chunks.append(chunk)
            chunk, length = [], 0
        chunk.append(answer)
        length += weight
    return [*chunks, chunk] if chunk else chunks


# As a work file keeps them (JSON) ------------------------------------------------------------------------------


def to_data(doc) -> dict:
    """A doc as JSON-ready data, its type named: what a compilation's collection keeps between its start and merge."""
    if isinstance(doc, QuestionDoc):
        fields = asdict(doc) | {"answers": [[to_data(respondent), text] for respondent, text in doc.answers]}
        return {"question": fields}
    return {"input": asdict(doc) | {"submitted_at": doc.submitted_at.isoformat()}}


def from_data(data: dict):
    """The doc `to_data` gave."""
    if "question" in data:
        fields = data["question"]
        answers = [(from_data(respondent), text) for respondent, text in fields["answers"]]
        return QuestionDoc(**fields | {"answers": answers})
    fields = data["input"]
    return InputDoc(
        **fields
        | {
            "submitted_at": datetime.fromisoformat(fields["submitted_at"]),
            "answers": [tuple(answer) for answer in fields["answers"]],
            "attachments": [Attached(*attached) for attached in fields["attachments"]],
        }
    )


# Loaders: the only place with the ORM --------------------------------------------------------------------------


def consultation_doc(consultation) -> ConsultationDoc:
    """The consultation as the cover shows it, in the document's language where the secretariat translated it."""
    return ConsultationDoc(
        consultation.translated("title"),
        consultation.reference,
        consultation.translated("mandate"),
        consultation.translated("summary"),
        consultation.closes_at,
    )


def included_inputs(consultation, *, edition, languages=()):
    """Complete edition: every counted input (secretariat-only too); public edition: the public ones."""
    inputs = Submission.objects.in_edition(edition).filter(consultation=consultation)
    return inputs.filter(language__in=languages) if languages else inputs


def input_docs(consultation, *, edition, languages=(), append_attachments=True, ids=None) -> list[InputDoc]:
    """The included inputs as their parts show them, category → regional group → country → name, in 3 queries."""
    return list(iter_input_docs(consultation, edition=edition, languages=languages,
                                append_attachments=append_attachments, ids=ids))  # fmt: skip


def _loaded(inputs, chunk: int):
    """(input, its answers as [(number, question's text, answer)] in questionnaire order, its stored attachments),
    read `chunk` inputs at once in 3 queries a chunk: memory flat in the inputs.

    Answers and attachments are read a chunk at a time by hand rather than prefetched: prefetching builds a
    queryset per input and an object per answer, a third of a compilation's pass over 1,000 cached parts."""
    questions = {}  # pk: (number, text in the document's language), of the questions met so far
    rows = inputs.select_related("organisation__category", "organisation__country", "current_version")
    iterator = rows.iterator(chunk_size=chunk)
    for batch in iter(lambda: list(itertools.islice(iterator, chunk)), []):
        sent = (
            VersionAnswer.objects.filter(version__in=[s.current_version_id for s in batch])
            .order_by()
            .values_list("version_id", "question_id", "question__number", "question__text", "question__translations",
                         "text")
        )  # fmt: skip
        answers, stored = defaultdict(list), defaultdict(list)
        for version, question, number, wording, translations, text in sent:
            shown = questions.get(question)
            if shown is None:
                shown = questions[question] = (
                    number,
                    Question(text=wording, translations=translations).translated("text"),
                )
            answers[version].append((*shown, text))
        for attachment in Attachment.objects.filter(submission__in=[s.pk for s in batch]).order_by("pk"):
            stored[attachment.submission_id].append(attachment)
        for submission in batch:
            yield submission, sorted(answers[submission.current_version_id]), stored[submission.pk]


def iter_input_docs(consultation, *, edition, languages=(), append_attachments=True, ids=None, chunk=200):
    """input_docs one at a time, read `chunk` inputs at once (3 queries a chunk): memory flat in the inputs.

    Anonymous inputs of the public edition go last in their regional group, by reference: their place must not hint
    at their country or name."""
    hidden = Case(When(consent=Consent.ANONYMOUS, then=Value(1)), default=Value(0)) if edition == PUBLIC else Value(0)
    inputs = (
        included_inputs(consultation, edition=edition, languages=languages)
        .annotate(hidden=hidden)
        .order_by(
            "organisation__category__order",
            "organisation__country__regional_group",
            "hidden",
            Case(When(hidden=1, then=Value("")), default=F("organisation__country__name")),
            Case(When(hidden=1, then=Value("")), default=F("organisation__name")),
            "number",
        )
    )
    if ids is not None:
        inputs = inputs.filter(pk__in=ids)
    for submission, answers, stored in _loaded(inputs, chunk):
        yield _input_doc(submission, answers, stored, edition, append_attachments)


def _input_doc(submission, answers, stored, edition: str, append_attachments: bool) -> InputDoc:
    version, organisation = submission.current_version, submission.organisation
    hidden = edition == PUBLIC and submission.is_anonymous
    return InputDoc(
        reference=submission.reference,
        organisation=None if hidden else str(organisation),
        category=str(organisation.category),  # in the document's language, as the labels are
        country=None if hidden else organisation.country.localized_name(),
        regional_group=group_label(organisation.country.regional_group),
        language=version.language,
        submitted_at=version.submitted_at,
        digest=version.digest,
        answers=answers,
        attachments=[_attached(sent, stored, append_attachments) for sent in version.attachments],
        edition=edition,
        consent=submission.consent,
        pk=submission.pk,
    )


def _attached(sent: dict, stored, append: bool) -> Attached:
    """A file of the version sent, with its pages if it is appended, else the reason it is only listed."""
    attachment = next((a for a in stored if a.sha256 == sent["sha256"]), None)
    item = Attached(sent["name"], sent["size"], sent["sha256"], attachment.kind if attachment else "")
    if attachment is None:
        return item._replace(reason=_("not appended: the file is no longer stored"))
    if attachment.kind != attachment.Kind.PDF:
        return item._replace(
            reason=_("listed only: %(kind)s files are not appended") % {"kind": attachment.get_kind_display()}
        )
    if not append:
        return item._replace(reason=_("not appended: this compilation lists attachments only"))
    try:
        path = str(files.local_attachment(attachment))
    except OSError as error:
        logger.warning("Attachment %s of %s could not be read: %s", attachment.pk, attachment.submission_id, error)
        return item._replace(reason=_("not appended: the stored file could not be read"))
    pages, reason = merge.attachment_pages(path)
    return item._replace(path=path, pages=pages) if pages else item._replace(reason=reason)


def single_input_doc(submission_id: int, *, edition) -> tuple[InputDoc, str]:
    """One input as its own PDF shows it (attachments listed, not appended), and its consultation's title."""
    inputs = Submission.objects.select_related("consultation").filter(pk=submission_id)
    for submission, answers, stored in _loaded(inputs, 1):
        doc = _input_doc(submission, answers, stored, edition, append_attachments=False)
        return doc, submission.consultation.translated("title")
    raise Submission.DoesNotExist(f"No input {submission_id}.")


def questions_of(consultation) -> list[tuple[int, str, str]]:
    """[(number, text, theme title)] in questionnaire order, in one query."""
    questions = consultation.questions.select_related("theme").order_by("number")
    return [(q.number, q.translated("text"), q.theme.translated("title") if q.theme else "") for q in questions]


def question_docs(consultation, *, edition, languages=(), numbers=None) -> list[QuestionDoc]:
    """The questions' parts (all, or those of the questions numbered) with every included answer, in 4 queries."""
    docs = input_docs(consultation, edition=edition, languages=languages, append_attachments=False)
    questions = [q for q in questions_of(consultation) if numbers is None or q[0] in numbers]
    return by_question(questions, docs, edition)


def summary_cells(consultation, *, edition, languages=()) -> list[dict]:
    """The balance cells of exactly the inputs compiled (population_report's cells for a complete edition); the
    public edition counts an anonymous input by category and regional group only, as it shows it."""
    inputs = included_inputs(consultation, edition=edition, languages=languages)
    return balance.cross_table(balance.cells_of(inputs, public=edition == PUBLIC))


def summary(consultation, *, edition, languages=()) -> Summary:
    """Who contributed to the compilation, in its labels' language: one grouped query, and the categories' names."""
    return summary_of(summary_cells(consultation, edition=edition, languages=languages), category_names())


def fingerprint(consultation, *, arrangement, edition, languages=(), append_attachments=True, language=LANGUAGE) -> str:
    """What the document would be made from, in one query (and the questions): the same fingerprint, the same file."""
    rows = list(
        included_inputs(consultation, edition=edition, languages=languages)
        .order_by("pk")
        .values_list("pk", "current_version__digest", "consent", "organisation__name", "organisation__country_id")
    )
    questions = list(consultation.questions.order_by("number").values_list("number", "text"))
    document = {
        "consultation": [consultation.pk, consultation.title, consultation.mandate, consultation.reference],
        "arrangement": arrangement,
        "edition": edition,
        "languages": sorted(languages),
        "attachments": append_attachments,
        "template": render.variant(),
        "questions": questions,
        "inputs": rows,
    }
    if language != LANGUAGE:  # English documents keep the fingerprints they had before the language was a choice
        with translation.override(language):
            document["language"] = [language, consultation_doc(consultation), questions_of(consultation)]
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()

"""What the review's pages and files read."""

from dataclasses import dataclass

from django.db.models import Count, Q

from consultations.models import Consultation, Question, Submission, VersionAnswer
from consultations.services import questions_of
from review import passages
from review.models import Code, Coding, CodingEvent


def codebook_of(consultation: Consultation) -> list[Code]:
    """Every code of the consultation's codebook, parents before children and in their order: clusters, then each
    cluster's issues, then each issue's sub-issues. One query."""
    codes = list(Code.objects.filter(consultation=consultation).select_related("parent", "merged_into"))
    children = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    ordered = []

    def walk(parent_id):
        for code in sorted(children.get(parent_id, []), key=lambda code: (code.position, code.pk)):
            ordered.append(code)
            walk(code.pk)

    walk(None)
    return ordered


def coding_counts(submissions) -> dict[int, int]:
    """{input pk: codings in force}, for a page of the queue: one query."""
    rows = (
        Coding.objects.current()
        .filter(submission__in=[s.pk for s in submissions])
        .order_by()
        .values_list("submission_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


@dataclass(frozen=True)
class CodingSummary:
    """What an input's console page says of its coding: how many codings, by how many analysts, how many wait to be
    coded again, and the history."""

    codings: int
    coders: int
    to_recode: int
    events: list


def coding_summaries(submissions) -> dict[int, CodingSummary]:
    """{input pk: its CodingSummary}, in two queries whatever the number of inputs."""
    pks = [s.pk for s in submissions]
    figures = (
        Coding.objects.current()
        .filter(submission__in=pks)
        .order_by()
        .values("submission_id")
        .annotate(
            codings=Count("pk"),
            coders=Count("coder", distinct=True),
            to_recode=Count("pk", filter=Q(needs_recoding=True)),
        )
    )
    by_input = {row["submission_id"]: row for row in figures}
    events = {pk: [] for pk in pks}
    history = CodingEvent.objects.filter(submission__in=pks).select_related(
        "actor", "coding__code", "coding__question", "coding__coder"
    )
    for event in history:
        events[event.submission_id].append(event)
    summaries = {}
    for pk in pks:
        row = by_input.get(pk, {})
        summaries[pk] = CodingSummary(row.get("codings", 0), row.get("coders", 0), row.get("to_recode", 0), events[pk])
    return summaries


@dataclass(frozen=True)
class AnswerToCode:
    """One answer of the version being coded: its question, its text as paragraphs, each with the value the plain
    form sends to code it ("question:start:end") and its segments (review.passages), and the codings drawn on it."""

    question: Question
    text: str
    paragraphs: list
    codings: list

    @property
    def paragraph_values(self) -> list[str]:
        return [value for value, _segments in self.paragraphs]


def coding_page(submission: Submission) -> tuple[list[AnswerToCode], list[Coding]]:
    """The answers of the input's current version with their codings in force, and the codings waiting to be coded
    again (their passage changed when the input was sent again). Four queries."""
    version_id = submission.current_version_id
    texts = dict(VersionAnswer.objects.filter(version_id=version_id).values_list("question_id", "text"))
    codings = list(
        Coding.objects.current()
        .filter(submission=submission)
        .select_related("code__parent", "coder", "question")
        .order_by("question__number", "start", "end", "pk")
    )
    stale = [c for c in codings if c.needs_recoding]
    answers = []
    for question in questions_of(submission.consultation):
        if question.pk not in texts:
            continue
        text = texts[question.pk]
        drawn = [c for c in codings if c.question_id == question.pk and c.version_id == version_id]
        values = [f"{question.pk}:{start}:{end}" for start, end in passages.paragraph_spans(text)]
        # Each coding is drawn with its number in the answer's list of codings.
        segments = passages.segments(text, [(c.start, c.end, n) for n, c in enumerate(drawn, 1)])
        answers.append(
            AnswerToCode(
                question=question,
                text=text,
                paragraphs=list(zip(values, segments, strict=True)),
                codings=drawn,
            )
        )
    return answers, stale

"""The issue register: for each issue of a consultation's codebook, how many inputs raise it (by stakeholder category,
regional group and development status), in which questions, and quotes.

One rule decides everything here (`raised`): an input raises an issue when it holds a coding in force of the issue
or of one of its sub-issues, unless the latest reconciled decision for that input and code says it does not. What an
edition may show is decided by consultations' `in_edition` (the public record's inputs, as their respondents
consented, or every counted input for the secretariat), and a quote shows its organisation only where the input was
published with its name: an anonymous input is quoted with its category and regional group only, and an input for
the secretariat only is never counted, quoted or named in the public edition.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, When
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber

from consultations.models import Consent, Consultation, Submission
from reports import balance
from review.models import Code, Coding, Reconciliation, RegisterPublication
from review.passages import passage_key
from review.queries import codebook_of

QUOTES_PER_ISSUE = 3
EDITIONS = ("public", "complete")
# The issue a coding counts for: its own code, or the issue above a sub-issue.
ISSUE = Case(
    When(code__level=Code.Level.SUB_ISSUE, then=F("code__parent_id")),
    default=F("code_id"),
    output_field=IntegerField(),
)


def raised(consultation: Consultation, edition: str):
    """The codings that make the edition's inputs raise issues, each annotated with `issue` (the issue it counts
    for: its own code, or the issue above a sub-issue)."""
    inputs = Submission.objects.filter(consultation=consultation).in_edition(edition)
    # A "no" that no later decision on the same input and code replaced: an anti-join, not a lookup per coding.
    later = Reconciliation.objects.filter(submission=OuterRef("submission"), code=OuterRef("code")).filter(
        Q(decided_at__gt=OuterRef("decided_at")) | Q(decided_at=OuterRef("decided_at"), pk__gt=OuterRef("pk"))
    )
    refused = Reconciliation.objects.filter(
        submission=OuterRef("submission"), code=OuterRef("code"), applies=False
    ).exclude(Exists(later))
    return (
        Coding.objects.current()
        # A coding whose words left the answer when it was sent again counts once it is coded again.
        .filter(submission__in=inputs, needs_recoding=False)
        .filter(code__consultation=consultation, code__level__gte=Code.Level.ISSUE)
        .exclude(Exists(refused))
        .annotate(issue=ISSUE)
    )


@dataclass(frozen=True)
class Quote:
    """A passage quoted for an issue, with who said it as the edition may say it: the organisation's name (public,
    or the secretariat's complete edition), else only the category and regional group."""

    passage: str
    language: str
    reference: str
    question: int
    organisation: str  # empty where the edition may not name it
    category: str
    regional_group: str
    consent: str
    url: str = ""


@dataclass
class IssueRow:
    """One issue of the register: its code, the inputs raising it (total, cells for the cross-table), the questions
    where it is raised, and quotes."""

    code: Code
    inputs: int = 0
    cells: list = field(default_factory=list)
    questions: dict = field(default_factory=dict)  # {question number: inputs}
    quotes: list = field(default_factory=list)

    @property
    def cross_table(self):
        return balance.cross_table(self.cells)


@dataclass
class Cluster:
    code: Code
    issues: list


@dataclass(frozen=True)
class Register:
    consultation: Consultation
    edition: str
    clusters: list
    inputs: int  # inputs of the edition
    inputs_raising: int  # of which raise at least one issue
    publication: RegisterPublication | None

    @property
    def issues(self):
        return [issue for cluster in self.clusters for issue in cluster.issues]


def register_of(consultation: Consultation, edition: str) -> Register:
    """The register of the consultation in an edition ("public" or "complete"). A fixed number of queries, whatever
    the number of inputs, codings and issues."""
    if edition not in EDITIONS:
        raise ValueError(f"Unknown edition {edition!r}; use public or complete.")
    public = edition == "public"
    codings = raised(consultation, edition)
    book = [code for code in codebook_of(consultation) if code.merged_into_id is None]
    rows = {code.pk: IssueRow(code) for code in book if code.level == Code.Level.ISSUE}
    columns = balance.input_columns(public=public, submission="submission__")
    grouped = (
        codings.order_by()
        .values("issue", **columns)
        .annotate(count=Count("submission", distinct=True))
        .order_by("issue", *columns)
    )
    for row in grouped:
        issue = row.pop("issue")
        if issue in rows:
            cell = balance.Cell(**row)
            rows[issue].cells.append(cell)
            rows[issue].inputs += cell.count
    by_question = (
        codings.order_by().values_list("issue", "question__number").annotate(n=Count("submission", distinct=True))
    )
    for issue, number, n in by_question.order_by("issue", "question__number"):
        if issue in rows:
            rows[issue].questions[number] = n
    for quote_issue, quote in _quotes(codings, public=public):
        if quote_issue in rows:
            rows[quote_issue].quotes.append(quote)
    clusters = [
        Cluster(code, [rows[c.pk] for c in book if c.parent_id == code.pk and c.pk in rows])
        for code in book
        if code.level == Code.Level.CLUSTER
    ]
    inputs = Submission.objects.filter(consultation=consultation).in_edition(edition)
    return Register(
        consultation=consultation,
        edition=edition,
        clusters=[cluster for cluster in clusters if cluster.issues],
        inputs=inputs.count(),
        inputs_raising=codings.values("submission").distinct().count(),
        publication=RegisterPublication.objects.filter(consultation=consultation).first(),
    )


def _quotes(codings, *, public: bool):
    """(issue, Quote) for the first QUOTES_PER_ISSUE passages of each issue (by input number, then place), each
    passage once however many analysts or sub-issues coded it: a narrow window over the codings picks the keys of a
    few more than needed (sorting keys, not whole rows), then one query reads those few."""
    chosen = (
        codings.annotate(
            rank=Window(RowNumber(), partition_by=[F("issue")], order_by=[F("submission__number"), F("start")])
        )
        .filter(rank__lte=QUOTES_PER_ISSUE * 4)  # room for the same words coded several times
        .values_list("pk", flat=True)
    )
    ranked = (
        Coding.objects.filter(pk__in=list(chosen))
        .annotate(issue=ISSUE)
        .select_related(*QUOTED)
        .order_by("issue", "submission__number", "start", "end", "pk")
    )
    seen, taken = set(), Counter()
    for coding in ranked:
        passage = (coding.issue, *passage_key(coding))
        if passage in seen or taken[coding.issue] >= QUOTES_PER_ISSUE:
            continue
        seen.add(passage)
        taken[coding.issue] += 1
        yield coding.issue, quote_of(coding, public=public)


# What a quote reads of its coding (select_related).
QUOTED = (
    "question",
    "submission__consultation",
    "submission__organisation__category",
    "submission__organisation__country",
    "submission__current_version",
)


def quote_of(coding: Coding, *, public: bool) -> Quote:
    """A coding's passage as a quote of an edition (its input already known to be in it), with who said it as the
    edition may say it. The one place that decides what a quote names."""
    submission = coding.submission
    organisation = submission.organisation
    named = not public or submission.consent == Consent.PUBLIC
    return Quote(
        passage=coding.passage,
        language=submission.current_version.language if submission.current_version else submission.language,
        reference=submission.reference,
        question=coding.question.number,
        organisation=organisation.name if named else "",
        category=str(organisation.category),
        regional_group=organisation.country.get_regional_group_display() if organisation.country else "",
        consent=submission.consent,
        url=submission.get_public_url() if public else "",
    )


def is_published(consultation: Consultation) -> bool:
    return RegisterPublication.objects.filter(consultation=consultation).exists()


def published_of(consultations) -> dict[int, RegisterPublication]:
    """{consultation pk: its register's publication} for those published: one query (the public record's part)."""
    rows = RegisterPublication.objects.filter(consultation__in=[c.pk for c in consultations])
    return {row.consultation_id: row for row in rows}


REGISTER_COLUMNS = (
    "cluster",
    "issue",
    "inputs",
    "category",
    "regional_group",
    "development",
    "inputs_in_cell",
)


def register_csv_rows(register: Register):
    """The register's figures as rows of a sheet: the header, then one row per issue and cell of its cross-table
    (category × regional group × development), and one row per issue with its total (blank cell columns)."""
    yield REGISTER_COLUMNS
    for cluster in register.clusters:
        for row in cluster.issues:
            yield (cluster.code.name, row.code.name, row.inputs, "", "", "", "")
            for cell in row.cross_table:
                developed = cell["developed"]
                development = {True: "developed", False: "developing", None: "international"}.get(
                    developed, "not shown"
                )
                yield (
                    cluster.code.name,
                    row.code.name,
                    row.inputs,
                    cell["category"],
                    cell["regional_group"],
                    development,
                    cell["count"],
                )

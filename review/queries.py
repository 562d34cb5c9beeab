"""What the review's pages and files read."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from accounts import roles
from accounts.models import User
from consultations.models import Consultation, Question, Submission, VersionAnswer
from consultations.services import questions_of
from review import agreement, passages
from review.models import Assignment, Code, Coding, CodingEvent, Reconciliation
from review.roles import CODE_EVERY_INPUT, CODE_INPUTS


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


@dataclass(frozen=True)
class CodingCount:
    """An input's codings in force, the analysts who code it blind now (to whom the count is not shown), those it
    is given to, and whether its consultation gives inputs to analysts (`may_open` says who may code it)."""

    codings: int
    blind_for: frozenset = frozenset()
    given_to: frozenset = frozenset()
    assigning: bool = False

    def may_open(self, user) -> bool:
        return may_open(user, given_to=self.given_to, assigning=self.assigning)


def coding_counts(submissions) -> dict[int, CodingCount]:
    """{input pk: its CodingCount}, for a page of the queue: three queries."""
    pks = [s.pk for s in submissions]
    rows = Coding.objects.current().filter(submission__in=pks).order_by().values_list("submission_id")
    counts = dict(rows.annotate(n=Count("pk")))
    rows = list(Assignment.objects.filter(submission__in=pks).values_list("submission_id", "coder_id", "done_at"))
    blind, given = _blind(rows), {}
    for submission_id, coder_id, _done_at in rows:
        given.setdefault(submission_id, set()).add(coder_id)
    consultations = {s.consultation_id for s in submissions}
    assigning = set(
        Assignment.objects.filter(submission__consultation_id__in=consultations)
        .values_list("submission__consultation_id", flat=True)
        .distinct()
    ) if consultations else set()  # fmt: skip
    return {
        s.pk: CodingCount(
            counts.get(s.pk, 0),
            frozenset(blind.get(s.pk, ())),
            frozenset(given.get(s.pk, ())),
            s.consultation_id in assigning,
        )
        for s in submissions
    }


@dataclass(frozen=True)
class CodingSummary:
    """What an input's console page says of its coding: how many codings, by how many analysts, how many wait to be
    coded again, and the history; none of it to the analysts who code it blind now (blind_for)."""

    codings: int
    coders: int
    to_recode: int
    events: list
    blind_for: frozenset = frozenset()


def coding_summaries(submissions) -> dict[int, CodingSummary]:
    """{input pk: its CodingSummary}, in three queries whatever the number of inputs."""
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
    blind = blind_coders(submissions)
    summaries = {}
    for pk in pks:
        row = by_input.get(pk, {})
        figures = (row.get("codings", 0), row.get("coders", 0), row.get("to_recode", 0))
        summaries[pk] = CodingSummary(*figures, events[pk], frozenset(blind.get(pk, ())))
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


def coding_page(submission: Submission, coder=None) -> tuple[list[AnswerToCode], list[Coding]]:
    """The answers of the input's current version with their codings in force (only `coder`'s, for one who codes it
    blind), and the codings waiting to be coded again (their passage changed when the input was sent again). Three
    queries."""
    version_id = submission.current_version_id
    texts = dict(VersionAnswer.objects.filter(version_id=version_id).values_list("question_id", "text"))
    shown = Coding.objects.current().filter(submission=submission)
    if coder is not None:
        shown = shown.filter(coder=coder)
    codings = list(
        shown.select_related("code__parent", "coder", "question").order_by("question__number", "start", "end", "pk")
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


# Blind coding: who may code which input, and whose codings each one sees.


@dataclass(frozen=True)
class CodingAccess:
    """What one person may do with one input's coding: open it, add codings, and whether they code it blind (they
    see only their own codings until every analyst it is given to has marked it done)."""

    may_open: bool
    blind: bool
    assignment: Assignment | None  # theirs, if the input is given to them
    others_pending: bool  # some analyst it is given to has not marked it done

    @property
    def may_code(self) -> bool:
        """Open, and not already marked done by them while the others still code it blind."""
        return self.may_open and not (self.blind and self.assignment and self.assignment.done_at)


def may_open(user, *, given_to, assigning) -> bool:
    """Who may code an input: the Chair and every analyst, until its consultation gives inputs to analysts to code
    blind; from then on each analyst codes only the inputs given to them (`given_to`: their pks)."""
    if not roles.secretariat_can(user, CODE_INPUTS):
        return False
    return user.has_perm(CODE_EVERY_INPUT) or user.pk in given_to or not assigning


def coding_access(user, submission: Submission) -> CodingAccess:
    """The one rule for blind coding, asked by the coding page, the services and the review page's part."""
    assignments = list(Assignment.objects.filter(submission=submission))
    mine = next((a for a in assignments if a.coder_id == user.pk), None)
    pending = any(a.done_at is None for a in assignments)
    given_to = {a.coder_id for a in assignments}
    assigning = (
        bool(given_to) or Assignment.objects.filter(submission__consultation_id=submission.consultation_id).exists()
    )
    opens = may_open(user, given_to=given_to, assigning=assigning)
    return CodingAccess(may_open=opens, blind=bool(mine) and pending, assignment=mine, others_pending=pending)


def blind_coders(submissions) -> dict[int, set[int]]:
    """{input pk: the analysts who code it blind now} for inputs some analyst has not marked done: one query."""
    rows = Assignment.objects.filter(submission__in=[s.pk for s in submissions]).values_list(
        "submission_id", "coder_id", "done_at"
    )
    return _blind(rows)


def _blind(rows) -> dict[int, set[int]]:
    """blind_coders from assignment rows (input, analyst, done at)."""
    found, by_input = {}, {}
    for submission_id, coder_id, done_at in rows:
        by_input.setdefault(submission_id, []).append((coder_id, done_at))
    for submission_id, given in by_input.items():
        if any(done_at is None for _coder, done_at in given):
            found[submission_id] = {coder for coder, _done in given}
    return found


def without_blind_codings(codings, user):
    """The codings less those `user` may not see yet: others' codings of an input they code blind now (the rule of
    coding_access, for a list of codings of many inputs: pages that show codings beyond one input's coding page)."""
    theirs = Assignment.objects.filter(submission=OuterRef("submission"), coder=user)
    pending = Assignment.objects.filter(submission=OuterRef("submission"), done_at__isnull=True)
    return codings.exclude(Exists(theirs) & Exists(pending) & ~Q(coder=user))


@dataclass(frozen=True)
class Disagreement:
    """An input and a code on which blind coders differ: who applied it (with their passages), who did not, and the
    latest reconciled decision, if one was made."""

    submission: Submission
    code: Code
    applied: dict  # {coder: [their codings of the code on the input]}
    not_applied: list
    reconciled: Reconciliation | None


@dataclass(frozen=True)
class AgreementReport:
    """A consultation's agreement between blind coders: per code and overall (review.agreement), the inputs compared,
    and the disagreements."""

    coders: list
    inputs: int
    by_code: list  # [(code, Agreement)], codes in codebook order
    overall: object
    disagreements: list


def agreement_of(consultation: Consultation) -> AgreementReport:
    """Agreement over the inputs every analyst given them has marked done, each analyst's codings as they stood when
    they marked it done. The codes compared are those any of them applied to those inputs. Four queries."""
    assignments = list(
        Assignment.objects.filter(submission__consultation=consultation, done_at__isnull=False)
        .exclude(submission__in=Assignment.objects.filter(done_at__isnull=True).values("submission"))
        .select_related("coder", "submission__organisation")
    )
    per_input = {}
    for assignment in assignments:
        per_input.setdefault(assignment.submission_id, []).append(assignment)
    finished = {pk: given for pk, given in per_input.items() if len(given) >= 2}
    done_at = {(a.submission_id, a.coder_id): a.done_at for given in finished.values() for a in given}
    codings = Coding.objects.filter(submission__in=list(finished)).select_related("code", "coder")
    coded, kept = {}, {}
    coders = sorted({a.coder for given in finished.values() for a in given}, key=lambda user: user.full_name)
    for coder in coders:
        coded[coder.pk] = {}
    for pk, given in finished.items():
        for assignment in given:
            coded[assignment.coder_id][pk] = set()
    for coding in codings:
        at = done_at.get((coding.submission_id, coding.coder_id))
        if at is None or coding.coded_at > at or (coding.removed_at and coding.removed_at <= at):
            continue  # not one of the blind coders, or made or removed after they marked the input done
        coded[coding.coder_id][coding.submission_id].add(coding.code_id)
        kept.setdefault((coding.submission_id, coding.code_id, coding.coder_id), []).append(coding)
    book = {code.pk: code for code in codebook_of(consultation)}  # in codebook order
    applied = {code for items in coded.values() for codes in items.values() for code in codes}
    applied_codes = [pk for pk in book if pk in applied]
    results = agreement.by_code(coded, applied_codes)
    codes = book
    latest = {}
    for decision in Reconciliation.objects.filter(submission__in=list(finished)).select_related("decided_by"):
        latest[(decision.submission_id, decision.code_id)] = decision  # ordered by time: the last one stays
    users = {coder.pk: coder for coder in coders}
    submissions = {pk: given[0].submission for pk, given in finished.items()}
    disagreements = []
    for pk in sorted(finished, key=lambda pk: submissions[pk].number or 0):
        for code_pk in applied_codes:
            said = {a.coder_id: code_pk in coded[a.coder_id][pk] for a in finished[pk]}
            if len(set(said.values())) > 1:
                disagreements.append(
                    Disagreement(
                        submission=submissions[pk],
                        code=codes[code_pk],
                        applied={users[c]: kept.get((pk, code_pk, c), []) for c, yes in said.items() if yes},
                        not_applied=[users[c] for c, yes in said.items() if not yes],
                        reconciled=latest.get((pk, code_pk)),
                    )
                )
    return AgreementReport(
        coders=coders,
        inputs=len(finished),
        by_code=[(codes[pk], results[pk]) for pk in applied_codes],
        overall=results[None],
        disagreements=disagreements,
    )


def coders():
    """The active staff who may code inputs (analysts and the Chair), by name."""
    may_code = Q(groups__permissions__codename="code_inputs", groups__permissions__content_type__app_label="review")
    return User.objects.filter(may_code, is_active=True, is_staff=True).distinct().order_by("full_name", "pk")


@dataclass(frozen=True)
class ReviewFigures:
    """How far the review of a consultation has gone: its codebook, codings, inputs coded, and blind coding."""

    codes: int = 0
    codings: int = 0
    inputs_coded: int = 0
    inputs_given: int = 0
    inputs_finished: int = 0
    mine_to_do: int = 0


def review_figures(consultations, user) -> dict[int, ReviewFigures]:
    """{consultation pk: its ReviewFigures}, in three queries whatever the number of consultations."""
    pks = [c.pk for c in consultations]
    codes = dict(
        Code.objects.filter(consultation__in=pks).order_by().values_list("consultation_id").annotate(n=Count("pk"))
    )
    codings = {
        row["submission__consultation_id"]: row
        for row in Coding.objects.current()
        .filter(submission__consultation__in=pks)
        .order_by()
        .values("submission__consultation_id")
        .annotate(n=Count("pk"), inputs=Count("submission", distinct=True))
    }
    pending = Assignment.objects.filter(submission=OuterRef("submission"), done_at__isnull=True)
    given = {
        row["submission__consultation_id"]: row
        for row in Assignment.objects.filter(submission__consultation__in=pks)
        .annotate(open=Exists(pending))
        .order_by()
        .values("submission__consultation_id")
        .annotate(
            inputs=Count("submission", distinct=True),
            finished=Count("submission", distinct=True, filter=Q(open=False)),
            mine=Count("pk", filter=Q(coder=user, done_at__isnull=True)),
        )
    }
    figures = {}
    for pk in pks:
        coded, blind = codings.get(pk, {}), given.get(pk, {})
        figures[pk] = ReviewFigures(
            codes=codes.get(pk, 0),
            codings=coded.get("n", 0),
            inputs_coded=coded.get("inputs", 0),
            inputs_given=blind.get("inputs", 0),
            inputs_finished=blind.get("finished", 0),
            mine_to_do=blind.get("mine", 0),
        )
    return figures


def assignments_of(consultation: Consultation):
    """Who has which inputs of the consultation to code blind, and what each has marked done: [(analyst, given,
    done)], and the inputs given to each, one query."""
    rows = (
        Assignment.objects.filter(submission__consultation=consultation)
        .select_related("coder", "submission__organisation")
        .order_by("coder__full_name", "submission__number")
    )
    by_coder = {}
    for assignment in rows:
        by_coder.setdefault(assignment.coder, []).append(assignment)
    return [(coder, given, sum(a.done_at is not None for a in given)) for coder, given in by_coder.items()]

"""Every change to a codebook (importing it, merging and retiring codes) and to the codings of the inputs (coding a
passage, removing a coding, carrying codings to a new version). Each is atomic, checks who may make it, and writes
its event."""

import random
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from consultations import public_cache
from consultations.models import Consultation, Submission, SubmissionState, VersionAnswer
from consultations.sheets import InputFileError
from review import codebook, queries
from review import passages as passages_text
from review.models import (
    Assignment,
    Code,
    CodeEvent,
    Coding,
    CodingEvent,
    Reconciliation,
    RegisterPublication,
    Stance,
    Synthesis,
)
from review.roles import ASSIGN_CODERS, CHANGE_CODEBOOK, CODE_INPUTS

EDITABLE = ("parent_id", "level", "definition", "note", "translations")


def _require(user: User, permission: str = CHANGE_CODEBOOK):
    if not roles.secretariat_can(user, permission):
        raise PermissionDenied(_("Your role cannot change the codebook."))


def _register_changed(consultation_id: int) -> None:
    """What the consultation's published register shows has changed: the public record's cache is out of date."""
    if RegisterPublication.objects.filter(consultation_id=consultation_id).exists():
        public_cache.stale()


def _values(code: Code) -> dict:
    return {"name": code.name, **{field: getattr(code, field) for field in EDITABLE}}


@dataclass(frozen=True)
class Imported:
    created: int
    changed: int
    unchanged: int


@transaction.atomic
def codebook_import(*, user: User, consultation: Consultation, name: str, data: bytes) -> Imported:
    """Add the file's codes to the consultation's codebook, and update those of the same name; all or nothing."""
    _require(user)
    rows = codebook.read(name, data)
    existing = list(
        Code.objects.select_for_update(of=("self",)).filter(consultation=consultation).select_related("parent")
    )
    problems = codebook.check(rows, existing)
    if problems:
        raise InputFileError(problems)
    by_name = {code.name: code for code in existing}
    depth = codebook.levels(rows, existing)
    created = changed = 0
    for row in sorted(rows, key=lambda row: depth[row["name"]]):  # parents first
        code = by_name.get(row["name"]) or Code(consultation=consultation, name=row["name"])
        before = _values(code) if code.pk else {}
        code.parent = by_name[row["parent"]] if row["parent"] else None
        code.level = depth[row["name"]]
        code.definition, code.note = row["definition"], row["note"]
        code.translations = codebook.translations_of(row)
        if not code.pk:
            code.position = _next_position(consultation, code.parent)
            code.full_clean()
            code.save()
            CodeEvent.objects.create(code=code, kind=CodeEvent.Kind.CREATED, actor=user, after=_values(code))
            created += 1
        elif before != _values(code):
            code.full_clean()
            code.save()
            event = CodeEvent.Kind.CHANGED
            CodeEvent.objects.create(code=code, kind=event, actor=user, before=before, after=_values(code))
            changed += 1
        by_name[code.name] = code
    if created or changed:
        _register_changed(consultation.pk)
    return Imported(created, changed, len(rows) - created - changed)


def _next_position(consultation, parent) -> int:
    siblings = Code.objects.filter(consultation=consultation, parent=parent)
    return (siblings.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def code_merge(*, user: User, code: Code, into: Code, reason: str) -> Code:
    """Merge a duplicate into the code that takes its place: its sub-codes, codings and map entries move there (an
    entry for a mechanism the survivor has already is removed), and its synthesis if the survivor has none; it takes
    no new codings. Recorded on both codes, with the reason."""
    _require(user)
    code, into = (Code.objects.select_for_update(of=("self",)).get(pk=pk) for pk in (code.pk, into.pk))
    if not reason.strip():
        raise ValidationError(_("Say why the codes are merged."))
    if code.consultation_id != into.consultation_id:
        raise ValidationError(_("Codes of different codebooks cannot be merged."))
    if into.pk == code.pk or code.pk in _ancestors(into):
        raise ValidationError(_("A code cannot be merged into itself or into a code under it."))
    if code.level != into.level:
        raise ValidationError(
            _("Only codes of the same level can be merged: a cluster into a cluster, an issue into an issue.")
        )
    if not (code.is_open and into.is_open):
        raise ValidationError(_("A merged or retired code cannot be merged."))
    moved = list(code.children.values_list("pk", flat=True))
    code.children.update(parent=into)
    codings_moved = Coding.objects.filter(code=code).update(code=into)
    # The map and the syntheses stand on the codebook: what they say of the duplicate goes to the survivor.
    from review import issue_map

    mapped = issue_map.entries_merge(user=user, code=code, into=into, reason=reason)
    if not Synthesis.objects.filter(code=into).exists():
        Synthesis.objects.filter(code=code).update(code=into)
    code.merged_into = into
    code.save(update_fields=["merged_into"])
    details = {"children_moved": moved, "codings_moved": codings_moved, "map_entries": mapped}
    CodeEvent.objects.create(
        code=code, kind=CodeEvent.Kind.MERGED, actor=user, reason=reason, other=into, after=details
    )
    CodeEvent.objects.create(
        code=into, kind=CodeEvent.Kind.ABSORBED, actor=user, reason=reason, other=code, after=details
    )
    _register_changed(code.consultation_id)
    return code


def _ancestors(code: Code) -> list[int]:
    found, parent_id = [], code.parent_id
    while parent_id:
        found.append(parent_id)
        parent_id = Code.objects.values_list("parent_id", flat=True).get(pk=parent_id)
    return found


@transaction.atomic
def code_retire(*, user: User, code: Code, reason: str) -> Code:
    """Retire a code: kept, with its codings, for history; it takes no new codings."""
    _require(user)
    code = Code.objects.select_for_update(of=("self",)).get(pk=code.pk)
    if not code.is_open:
        raise ValidationError(_("This code is already merged or retired."))
    if any(child.is_open for child in code.children.all()):
        raise ValidationError(_("Retire or merge the codes under it first."))
    code.retired_at = timezone.now()
    code.save(update_fields=["retired_at"])
    CodeEvent.objects.create(code=code, kind=CodeEvent.Kind.RETIRED, actor=user, reason=reason)
    _register_changed(code.consultation_id)
    return code


def _require_coder(user: User):
    if not roles.secretariat_can(user, CODE_INPUTS):
        raise PermissionDenied(_("Your role cannot code inputs."))


def _require_access(user: User, submission: Submission):
    access = queries.coding_access(user, submission)
    if not access.may_open:
        raise PermissionDenied(_("This input is given to other analysts to code."))
    if not access.may_code:
        raise ValidationError(
            _("You marked this input done: your codings stand as they are until every analyst has marked it done.")
        )


@dataclass(frozen=True)
class Passage:
    """A passage of one answer as the coding form sends it: the question, the offsets, and (from a selection) the
    words the coder saw there."""

    question_id: int
    start: int
    end: int
    expected: str | None = None


@transaction.atomic
def coding_add(
    *,
    user: User,
    submission: Submission,
    version_id: int,
    passages: list[Passage],
    codes: list[Code],
    stance: str = "",
    note: str = "",
) -> list[Coding]:
    """Apply each code to each passage of the input's current version; all or nothing. Two coders coding the same
    passage at once are both kept; a coding may overlap another."""
    _require_coder(user)
    # The input's row, locked against a new version being sent while the passages are checked.
    submission = Submission.objects.select_for_update(no_key=True, of=("self",)).get(pk=submission.pk)
    _require_access(user, submission)
    if submission.current_version_id is None:
        raise ValidationError(_("This input has not been sent; there is nothing to code."))
    if submission.current_version_id != version_id:
        raise ValidationError(
            _("The input was sent again since the page was opened: reload it and code the new version.")
        )
    if not passages:
        raise ValidationError(_("Choose a passage: select words of an answer, or tick a paragraph."))
    if not codes:
        raise ValidationError(_("Choose at least one code."))
    if stance and stance not in Stance.values:
        raise ValidationError(_("Choose a stance among those offered."))
    # As they are now: a code merged or retired since the page was opened takes nothing more.
    codes = list(Code.objects.filter(pk__in=[code.pk for code in codes]))
    for code in codes:
        if code.consultation_id != submission.consultation_id:
            raise ValidationError(_("The code “%(code)s” is not in this consultation's codebook.") % {"code": code})
        if not code.is_open:
            raise ValidationError(
                _("The code “%(code)s” is merged or retired: it takes no new codings.") % {"code": code}
            )
        if code.level == Code.Level.CLUSTER:
            raise ValidationError(
                _("“%(code)s” is a cluster: code with one of its issues or sub-issues.") % {"code": code}
            )
    texts = dict(VersionAnswer.objects.filter(version_id=version_id).values_list("question_id", "text"))
    now = timezone.now()
    made = []
    for passage in passages:
        if passage.question_id not in texts:
            raise ValidationError(_("The passage is not in an answer of this input."))
        text = texts[passage.question_id]
        start, end = passages_text.check(text, passage.start, passage.end, passage.expected)
        for code in codes:
            made.append(
                Coding(
                    submission=submission,
                    version_id=version_id,
                    question_id=passage.question_id,
                    code=code,
                    start=start,
                    end=end,
                    passage=text[start:end],
                    stance=stance,
                    note=note.strip(),
                    coder=user,
                    coded_at=now,
                )
            )
    Coding.objects.bulk_create(made)
    CodingEvent.objects.bulk_create(
        CodingEvent(coding=c, submission=submission, kind=CodingEvent.Kind.CODED, actor=user, at=now) for c in made
    )
    _register_changed(submission.consultation_id)
    return made


@transaction.atomic
def coding_remove(*, user: User, coding: Coding) -> Coding:
    """Take a code off a passage: the coding stays, marked removed, with who and when."""
    _require_coder(user)
    coding = Coding.objects.select_for_update(of=("self",)).get(pk=coding.pk)
    _require_access(user, coding.submission)
    if coding.removed_at is not None:
        raise ValidationError(_("This coding was already removed."))
    if coding.coder_id != user.pk:
        raise PermissionDenied(_("Only the analyst who made a coding may remove it."))
    coding.removed_at, coding.removed_by = timezone.now(), user
    coding.save(update_fields=["removed_at", "removed_by"])
    CodingEvent.objects.create(
        coding=coding, submission_id=coding.submission_id, kind=CodingEvent.Kind.REMOVED, actor=user
    )
    _register_changed(coding.submission.consultation_id)
    return coding


def codings_carry(*, submission_id: int, version_id: int) -> tuple[int, int]:
    """When an input is sent again: each coding whose words are still in the answer moves to the new version (at
    their new place); the others stay on their version, marked for coding again. Runs in the sending transaction.
    Returns (carried, to code again)."""
    codings = list(
        Coding.objects.current()
        .filter(submission_id=submission_id, needs_recoding=False)
        .exclude(version_id=version_id)
        .select_for_update(of=("self",))
    )
    if not codings:
        return 0, 0
    new_texts = dict(VersionAnswer.objects.filter(version_id=version_id).values_list("question_id", "text"))
    carried, stale, events = [], [], []
    for coding in codings:
        place = None
        if coding.question_id in new_texts:
            place = passages_text.relocate(coding.passage, coding.start, new_texts[coding.question_id])
        before = {"version": coding.version_id, "start": coding.start, "end": coding.end}
        if place:
            coding.version_id, (coding.start, coding.end) = version_id, place
            carried.append(coding)
            kind = CodingEvent.Kind.CARRIED
        else:
            coding.needs_recoding = True
            stale.append(coding)
            kind = CodingEvent.Kind.TO_RECODE
        events.append(CodingEvent(coding=coding, submission_id=submission_id, kind=kind, params=before))
    Coding.objects.bulk_update(carried, ["version", "start", "end"])
    Coding.objects.bulk_update(stale, ["needs_recoding"])
    CodingEvent.objects.bulk_create(events)
    _register_changed(codings[0].submission.consultation_id)
    return len(carried), len(stale)


@transaction.atomic
def assign_blind(
    *,
    user: User,
    consultation: Consultation,
    coders: list[User],
    sample: int | None = None,
    seed: int | None = None,
) -> list[Submission]:
    """Give inputs of the consultation to two or more analysts to code blind: every input sent and not yet given to
    anyone, or a random sample of `sample` of them. Returns the inputs given."""
    if not roles.secretariat_can(user, ASSIGN_CODERS):
        raise PermissionDenied(_("Your role cannot give inputs to analysts."))
    coders = list({coder.pk: coder for coder in coders}.values())
    if len(coders) < 2:
        raise ValidationError(_("Choose at least two analysts: blind coding compares their codings."))
    for coder in coders:
        if not roles.secretariat_can(coder, CODE_INPUTS):
            raise ValidationError(_("%(name)s cannot code inputs.") % {"name": coder.full_name})
    Consultation.objects.select_for_update(no_key=True).get(pk=consultation.pk)  # one assignment at a time
    given = Assignment.objects.filter(submission__consultation=consultation).values("submission")
    eligible = list(
        Submission.objects.filter(consultation=consultation, current_version__isnull=False)
        .exclude(state__in=[SubmissionState.DRAFT, SubmissionState.WITHDRAWN])
        .exclude(pk__in=given)
        .order_by("number", "pk")
    )
    if sample is not None:
        if sample < 1:
            raise ValidationError(_("A sample holds at least one input."))
        if sample > len(eligible):
            raise ValidationError(
                _("The sample asks for %(asked)s inputs; %(left)s are sent and not yet given to analysts.")
                % {"asked": sample, "left": len(eligible)}
            )
        eligible = sorted(random.Random(seed).sample(eligible, sample), key=lambda s: (s.number or 0, s.pk))
    if not eligible:
        raise ValidationError(_("Every input sent is already given to analysts."))
    now = timezone.now()
    Assignment.objects.bulk_create(
        Assignment(submission=submission, coder=coder, assigned_by=user, assigned_at=now)
        for submission in eligible
        for coder in coders
    )
    return eligible


@transaction.atomic
def assignment_done(*, user: User, submission: Submission) -> Assignment:
    """An analyst marks an input given to them done: their codings of it stand as they are for the comparison."""
    assignment = Assignment.objects.select_for_update().filter(submission=submission, coder=user).first()
    if assignment is None:
        raise ValidationError(_("This input is not given to you to code."))
    if assignment.done_at is not None:
        raise ValidationError(_("You have already marked this input done."))
    assignment.done_at = timezone.now()
    assignment.save(update_fields=["done_at"])
    return assignment


@transaction.atomic
def reconcile(*, user: User, submission: Submission, code: Code, applies: bool, note: str = "") -> Reconciliation:
    """Record whether the input raises the issue, where its blind coders disagreed; the latest decision counts."""
    if not roles.secretariat_can(user, ASSIGN_CODERS):
        raise PermissionDenied(_("Your role cannot reconcile codings."))
    given = list(Assignment.objects.filter(submission=submission))
    if len(given) < 2 or any(a.done_at is None for a in given):
        raise ValidationError(_("Codings are reconciled once every analyst given the input has marked it done."))
    if code.consultation_id != submission.consultation_id:
        raise ValidationError(_("The code “%(code)s” is not in this consultation's codebook.") % {"code": code})
    decision = Reconciliation.objects.create(
        submission=submission, code=code, applies=applies, note=note.strip(), decided_by=user
    )
    _register_changed(submission.consultation_id)
    return decision


@transaction.atomic
def register_publish(*, user: User, consultation: Consultation, publish: bool = True) -> bool:
    """Publish the consultation's issue register on its public record, or withdraw it; returns whether it is now
    published. The public record's pages are drawn again at once."""
    _require(user)
    if publish:
        if not consultation.has_public_record():
            raise ValidationError(_("The consultation has no public record yet: its register cannot be published."))
        RegisterPublication.objects.get_or_create(consultation=consultation, defaults={"published_by": user})
    else:
        RegisterPublication.objects.filter(consultation=consultation).delete()
    public_cache.stale()
    return publish

"""State changes of inputs: one function per verb, each atomic, each writing its audit row."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Organisation, User
from consultations import notifications, tasks, uploads
from consultations.models import (
    Attachment,
    Consultation,
    Decision,
    LateGrant,
    Question,
    Submission,
    SubmissionState,
    SubmissionVersion,
    VersionAnswer,
)
from consultations.signals import submission_decided, version_sent
from consultations.text import DIGEST_FORM, check_answer_length, count_words, digest
from outbox.services import enqueue
from web import formats

MODERATE = "consultations.moderate_consultation"


class DraftConflict(Exception):
    """Someone saved the draft since this person opened it; nothing was written."""

    def __init__(self, submission):
        self.submission = submission
        super().__init__("The draft changed since it was opened.")


@dataclass
class DraftChanges:
    """What the stakeholder form sends: answers by question id, and the input's settings."""

    answers: dict[int, str]
    language: str
    consent: str
    revision: int
    new_files: list = field(default_factory=list)
    remove_attachments: list[int] = field(default_factory=list)


def user_can_moderate(user: User) -> bool:
    return roles.secretariat_can(user, MODERATE)


def _require_member(user: User, organisation: Organisation):
    """Reading, drafting, withdrawing: for the organisation's active members, whether it is verified or not."""
    is_member = organisation.has_member(user)
    if not is_member:
        raise PermissionDenied(_("Only members of %(name)s can change its input.") % {"name": organisation.name})


def cannot_send_reason(organisation: Organisation) -> str:
    """Why the organisation's input cannot be sent, or "" when it can: only a verified organisation sends."""
    names = {"name": organisation.name}
    if organisation.is_verified:
        return ""
    if organisation.status == Organisation.Status.PENDING:
        return (
            _(
                "Your organisation %(name)s is awaiting verification by the secretariat; you can prepare your input "
                "now; it can be sent once %(name)s is verified."
            )
            % names
        )
    return (
        _(
            "The secretariat has not verified %(name)s (verification refused or withdrawn): its input cannot be "
            "sent. What its members wrote stays here for them to read; write to the secretariat about it."
        )
        % names
    )


def _require_verified(organisation: Organisation):
    reason = cannot_send_reason(organisation)
    if reason:
        raise ValidationError(reason)


def _record(submission, actor, from_state, reason="", *, event=Decision.Event.DECIDED, params=None):
    """The history's entry: what happened as an event and its details, told in each reader's language
    (Decision.description); `reason` only for what a moderator writes, kept as written."""
    return Decision.objects.create(
        submission=submission,
        actor=actor,
        from_state=from_state,
        to_state=submission.state,
        event=event,
        params=params or {},
        reason=reason,
        digest=submission.digest,
    )


def _locked(submission) -> Submission:
    """The input's row, locked until the transaction ends; it may not have been saved by this caller."""
    # NO KEY UPDATE: rows that refer to the input (versions, decisions, signatures) can still be written meanwhile.
    # OF self: the consultation and organisation are read with it but not locked, so that other organisations'
    # inputs to the same consultation are saved and sent at the same time (numbering locks the consultation itself).
    rows = Submission.objects.select_for_update(no_key=True, of=("self",)).select_related(
        "consultation", "organisation"
    )
    if submission.pk is not None:
        return rows.get(pk=submission.pk)
    found = rows.filter(consultation=submission.consultation_id, organisation=submission.organisation_id).first()
    if found is None:
        raise ValidationError(_("Nothing has been saved for this input yet."))
    return found


def submission_for(*, user: User, consultation: Consultation, organisation: Organisation) -> Submission:
    """The organisation's input to the consultation, or a new unsaved draft; writes nothing."""
    _require_member(user, organisation)
    if consultation.status == Consultation.Status.DRAFT:
        raise PermissionDenied(_("This consultation is not open."))
    existing = (
        Submission.objects.filter(consultation=consultation, organisation=organisation)
        .select_related("current_version")
        .first()
    )
    if existing:
        existing.consultation, existing.organisation = consultation, organisation  # read already
        return existing
    language = user.preferred_language if user.preferred_language in consultation.languages else "en"
    return Submission(consultation=consultation, organisation=organisation, draft_language=language)


@transaction.atomic
def submission_save_draft(*, user: User, submission: Submission, changes: DraftChanges, questions=None) -> Submission:
    """Save the answers as they are: no completeness check, but no silent overwrite of a colleague's save.

    `questions`: the consultation's, when the caller has read them already."""
    return _save_draft(user, submission, changes, questions)[0]


def _save_draft(user, submission, changes, questions):
    """The saved input, locked, and its answers as saved (question id -> text)."""
    if submission.pk is None:  # the first save creates the input; a colleague's simultaneous one finds it
        submission, _created = Submission.objects.get_or_create(
            consultation=submission.consultation,
            organisation=submission.organisation,
            defaults={"draft_language": submission.draft_language},
        )
    submission = _locked(submission)
    _require_member(user, submission.organisation)
    if not submission.is_editable():
        raise ValidationError(
            _("This input is %(state)s and can no longer be changed.")
            % {"state": submission.get_state_display().lower()}
        )
    if submission.state != SubmissionState.DRAFT and not submission.may_be_sent():
        raise ValidationError(_("The deadline has passed: this input can no longer be changed."))
    if changes.revision != submission.revision:
        raise DraftConflict(submission)
    if questions is None:
        questions = submission.consultation.questions.all()
    unknown = set(changes.answers) - {q.pk for q in questions}
    if unknown:
        raise ValidationError(_("The form does not match this consultation's questions; reload the page."))
    _check_lengths(changes.answers, {q.pk: q.number for q in questions})
    answers = _write_answers(submission, changes.answers)
    # The draft's choices: what is published follows the version sent, and these only once sent.
    submission.draft_language, submission.draft_consent = changes.language, changes.consent
    submission.revision += 1
    submission.updated_by = user
    submission.save(update_fields=["draft_language", "draft_consent", "revision", "updated_by", "updated_at"])
    _change_attachments(user, submission, changes.new_files, changes.remove_attachments)
    return submission, answers


def _check_lengths(answers: dict[int, str], numbers: dict[int, int]) -> None:
    """Refuse, before anything is written, answers longer than the site allows (question id -> text)."""
    for question_id, text in answers.items():
        check_answer_length(text, numbers[question_id])


def _write_answers(submission, answers) -> dict[int, str]:
    """Every answer of the input once written: question id -> text."""
    existing = {a.question_id: a for a in submission.answers.all()}
    to_update, to_create = [], []
    for question_id, text in answers.items():
        if question_id in existing:
            if existing[question_id].text != text:
                existing[question_id].text = text
                to_update.append(existing[question_id])
        else:
            to_create.append(submission.answers.model(submission=submission, question_id=question_id, text=text))
    submission.answers.model.objects.bulk_update(to_update, ["text"])
    submission.answers.model.objects.bulk_create(to_create)
    return {answer.question_id: answer.text for answer in [*existing.values(), *to_create]}


def _change_attachments(user, submission, new_files, remove_ids):
    """Remove and add attachments; every new file is checked before any is stored."""
    if remove_ids:
        for attachment in submission.attachments.filter(pk__in=remove_ids):
            attachment.delete()
            transaction.on_commit(lambda f=attachment.file: f.delete(save=False))
    if not new_files:
        return
    if submission.attachments.count() + len(new_files) > settings.ATTACHMENTS_PER_INPUT:
        raise ValidationError(
            _("An input may have at most %(count)d attachments.") % {"count": settings.ATTACHMENTS_PER_INPUT}
        )
    checked = [(uploaded.name, *uploads.inspect(uploaded)) for uploaded in new_files]
    stored = []
    try:
        for name, kind, data, sha256 in checked:
            attachment = Attachment(
                submission=submission,
                name=uploads.sanitise_name(name, kind),
                kind=kind,
                size=len(data),
                sha256=sha256,
                uploaded_by=user,
            )
            attachment.file.save(attachment.name, ContentFile(data), save=False)
            stored.append(attachment.file)
            attachment.save()
    except Exception:
        for file in stored:  # the rows roll back; the files must not stay behind
            file.delete(save=False)
        raise


@dataclass
class Contents:
    """What an input holds at one moment, read once: its answers by question number, attachments and questions,
    and the language and publication chosen in the draft."""

    answers: dict[int, str]
    attachments: list
    questions: list
    language: str
    consent: str

    @property
    def digest(self) -> str:
        return digest(self.answers, self.hashes, language=self.language, consent=self.consent)

    @property
    def hashes(self) -> list[str]:
        return [a.sha256 for a in self.attachments]

    def is_version(self, version: SubmissionVersion | None) -> bool:
        """Whether these are exactly the contents `version` sent, whichever form its digest is in."""
        if version is None or (version.language, version.consent) != (self.language, self.consent):
            return False
        if version.digest_form == 1:
            return digest(self.answers, self.hashes) == version.digest
        return self.digest == version.digest


def contents_of(submission: Submission, questions=None, answers=None) -> Contents:
    """In two queries: one more without the consultation's `questions`, one less with the `answers` as just
    written (question id -> text)."""
    questions = list(submission.consultation.questions.all() if questions is None else questions)
    numbers = {q.pk: q.number for q in questions}
    if answers is None:
        answers = {a.question_id: a.text for a in submission.answers.all()}
    by_number = {numbers[pk]: text for pk, text in answers.items() if pk in numbers}
    attachments = list(submission.attachments.all())
    return Contents(by_number, attachments, questions, submission.draft_language, submission.draft_consent)


def problems_before_sending(submission: Submission, contents: Contents | None = None) -> dict[int, str]:
    """Question id -> what stops the input from being sent: required answers missing, words over the limit."""
    contents = contents or contents_of(submission)
    problems = {}
    for question in contents.questions:
        text = contents.answers.get(question.number, "")
        if question.required and not text.strip():
            problems[question.pk] = _("Question %(number)d needs an answer.") % {"number": question.number}
        elif question.word_limit and count_words(text) > question.word_limit:
            problems[question.pk] = _("Question %(number)d has %(count)d words; the limit is %(limit)d.") % {
                "number": question.number,
                "count": count_words(text),
                "limit": question.word_limit,
            }
    return problems


def is_already_sent(submission: Submission, changes: DraftChanges) -> bool:
    """Whether these changes are exactly the version last sent (a form posted twice)."""
    if submission.state != SubmissionState.SUBMITTED or changes.new_files or changes.remove_attachments:
        return False
    numbers = dict(submission.consultation.questions.values_list("pk", "number"))
    answers = {numbers[pk]: text for pk, text in changes.answers.items() if pk in numbers}
    contents = Contents(answers, list(submission.attachments.all()), [], changes.language, changes.consent)
    return contents.is_version(submission.current_version)


def current_digest(submission: Submission) -> str:
    return contents_of(submission).digest


@transaction.atomic
def submission_submit(
    *, user: User, submission: Submission, declaration: bool, now: datetime | None = None, questions=None
):
    """Send the input: validate it, keep the version with its digest, and give a receipt.

    `questions`: the consultation's, when the caller has read them already."""
    now = now or timezone.now()
    submission = _locked(submission)
    _require_member(user, submission.organisation)
    _require_verified(submission.organisation)
    if not submission.is_editable():
        raise ValidationError(
            _("This input is %(state)s and can no longer be sent.") % {"state": submission.get_state_display().lower()}
        )
    contents = contents_of(submission, questions)
    if not _ready_to_send(submission, declaration, now, contents):
        return submission.current_version  # sent twice (a double click): one version, one receipt
    return _send(submission, actor=user, at=now, contents=contents)


@dataclass
class Sending:
    """What "Submit" did: the input as saved, and the version sent, or why none could be."""

    submission: Submission
    version: SubmissionVersion | None
    is_new: bool = False  # False when the version is the one sent before: nothing had changed since
    not_sent: ValidationError | None = None


def submission_save_and_submit(
    *,
    user: User,
    submission: Submission,
    changes: DraftChanges,
    declaration: bool,
    now: datetime | None = None,
    questions=None,
) -> Sending:
    """Save the answers, then send the input, in one transaction; what stops the sending keeps the draft saved.

    Raises as `submission_save_draft` does when the draft itself cannot be saved (nothing is written then)."""
    now = now or timezone.now()
    questions = list(submission.consultation.questions.all() if questions is None else questions)
    with transaction.atomic():
        saved, answers = _save_draft(user, submission, changes, questions)
        contents = contents_of(saved, questions, answers)
        try:
            _require_verified(saved.organisation)  # the draft is saved all the same
            ready = _ready_to_send(saved, declaration, now, contents)
        except ValidationError as error:  # checked before anything of the version is written
            return Sending(saved, None, not_sent=error)
        if not ready:
            return Sending(saved, saved.current_version)
        return Sending(saved, _send(saved, actor=user, at=now, contents=contents), is_new=True)


def _ready_to_send(submission, declaration, now, contents: Contents) -> bool:
    """Whether these contents make a new version; False when they are the version last sent. Raises, writing
    nothing, when they cannot be sent."""
    if submission.state == SubmissionState.SUBMITTED and contents.is_version(submission.current_version):
        return False
    if not submission.may_be_sent(now):
        raise ValidationError(
            _("The deadline passed at %(deadline)s; it is now %(now)s. Your draft is kept.")
            % {"deadline": formats.moment(submission.deadline()), "now": formats.moment(now)}
        )
    if not declaration:
        raise ValidationError(_("Confirm the declaration to send the input."))
    problems = problems_before_sending(submission, contents)
    if problems:
        raise ValidationError(list(problems.values()))
    return True


def _send(submission, *, actor, at, contents: Contents | None = None, channel: str | None = None):
    consultation = submission.consultation
    contents = contents or contents_of(submission)
    answers, new_digest = contents.answers, contents.digest
    question_ids = {q.number: q.pk for q in contents.questions}
    consent_before = submission.consent if submission.current_version_id else None
    version = SubmissionVersion.objects.create(
        submission=submission,
        number=submission.versions.count() + 1,
        submitted_at=at,
        submitted_by=actor,
        digest=new_digest,
        digest_form=DIGEST_FORM,
        language=contents.language,
        consent=contents.consent,
        attachments=[{"name": a.name, "sha256": a.sha256, "size": a.size} for a in contents.attachments],
    )
    VersionAnswer.objects.bulk_create(
        VersionAnswer(version=version, question_id=question_ids[n], text=text) for n, text in answers.items() if text
    )
    if submission.number is None:
        # Numbers are handed out one at a time, without gaps: the consultation's row stays locked until the
        # commit, so this comes as late as it can, after the version and its answers are written. NO KEY UPDATE,
        # so that other organisations' first drafts (rows referring to the consultation) are not held up.
        Consultation.objects.select_for_update(no_key=True).get(pk=consultation.pk)
        last = consultation.submissions.aggregate(last=Max("number"))["last"] or 0
        submission.number = last + 1
        submission.reference = f"{consultation.reference}-{submission.number:04d}"
        submission.first_submitted_at = at
    from_state = submission.state
    submission.state = SubmissionState.SUBMITTED
    # What is published from now on: this version's choices, and nothing a later draft says until it is sent.
    submission.language, submission.consent = version.language, version.consent
    submission.digest, submission.submitted_at, submission.submitted_by = new_digest, at, actor
    submission.consent_clause = consultation.consent_clause
    submission.current_version = version
    submission.revision += 1
    submission.search_text = search_text(submission, answers)
    submission.save()
    event, params = _sent_event(version, consent_before, channel)
    _record(submission, actor, from_state, event=event, params=params)
    version_sent.send(sender=Submission, submission_id=submission.pk, version_id=version.pk, number=version.number)
    notifications.receipt(submission, version)
    _check_campaign(submission)
    return version


def _sent_event(version, consent_before: str | None, channel: str | None) -> tuple[str, dict]:
    """The history's entry for a version sent, or recorded by the secretariat (`channel`), with the publication
    before and after when this version changes it."""
    params = {"version": version.number}
    if channel:
        params["channel"] = channel
    if consent_before and consent_before != version.consent:
        params.update(consent_before=consent_before, consent_after=version.consent)
    return (Decision.Event.RECORDED if channel else Decision.Event.SENT), params


def _check_campaign(submission):
    """Recorded with the change, run after it commits, even if the broker is down then (outbox)."""
    enqueue(tasks.campaign_check, submission.pk)


def search_text(submission, answers):
    """What the public search reads; the name of an anonymous respondent stays out of it."""
    parts = [] if submission.is_anonymous else [submission.organisation.name, submission.organisation.acronym]
    return "\n".join([*parts, *(text for _number, text in sorted(answers.items()))])


@transaction.atomic
def submission_withdraw(*, user: User, submission: Submission, now: datetime | None = None) -> Submission:
    """Take an input back, from draft or submitted, until the deadline."""
    submission = _locked(submission)
    _require_member(user, submission.organisation)
    if not submission.may_withdraw(now):
        if submission.state == SubmissionState.SUBMITTED:
            raise ValidationError(_("The deadline has passed: write to the secretariat to withdraw this input."))
        raise ValidationError(_("Only a draft or a submitted input can be withdrawn."))
    from_state = submission.state
    submission.state = SubmissionState.WITHDRAWN
    submission.revision += 1
    submission.save(update_fields=["state", "revision", "updated_at"])
    _record(submission, user, from_state, event=Decision.Event.WITHDRAWN)
    _check_campaign(submission)  # a withdrawn input leaves its campaign
    return submission


@transaction.atomic
def submission_reopen(*, user: User, submission: Submission) -> Submission:
    """Turn a withdrawn input back into a draft, while the consultation is open."""
    submission = _locked(submission)
    _require_member(user, submission.organisation)
    if not submission.may_reopen():
        raise ValidationError(_("Only a withdrawn input can be started again, and only before the deadline."))
    submission.state = SubmissionState.DRAFT
    submission.revision += 1
    submission.save(update_fields=["state", "revision", "updated_at"])
    _record(submission, user, SubmissionState.WITHDRAWN, event=Decision.Event.REOPENED)
    return submission


@transaction.atomic
def late_submission_grant(
    *, moderator: User, consultation: Consultation, organisation: Organisation, until: datetime, reason: str
) -> LateGrant:
    """Let one organisation send its input after the deadline, recording who allowed it and why."""
    if not user_can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can allow a late submission."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for allowing a late submission."))
    if until <= timezone.now():
        raise ValidationError(_("The new deadline must be in the future."))
    submission, _created = Submission.objects.get_or_create(consultation=consultation, organisation=organisation)
    submission = _locked(submission)
    submission.late_until = until
    submission.save(update_fields=["late_until", "updated_at"])
    return LateGrant.objects.create(submission=submission, granted_by=moderator, until=until, reason=reason.strip())


@dataclass
class RecordedInput:
    """An input received outside the form: by e-mail, on paper, or in a sheet."""

    organisation: Organisation
    language: str
    consent: str
    answers: dict[int, str]  # question number -> text
    submitted_at: datetime
    channel: str = Submission.Channel.EMAIL


@transaction.atomic
def submission_record(*, moderator: User, consultation: Consultation, received: RecordedInput) -> SubmissionVersion:
    """Record an input on an organisation's behalf; it lands as submitted, awaiting moderation."""
    if not user_can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can record inputs on behalf of an organisation."))
    if consultation.status == Consultation.Status.DRAFT:
        raise ValidationError(_("Open the consultation before recording inputs to it."))
    submission, created = Submission.objects.get_or_create(
        consultation=consultation, organisation=received.organisation
    )
    submission = _locked(submission)
    if not created and submission.state not in (SubmissionState.DRAFT, SubmissionState.WITHDRAWN):
        raise ValidationError(
            _("%(name)s already has an input (%(reference)s) in this consultation.")
            % {"name": received.organisation.name, "reference": submission.reference or _("draft")}
        )
    questions = {q.number: q for q in consultation.questions.all()}
    unknown = set(received.answers) - set(questions)
    if unknown:
        raise ValidationError(
            _("No question numbered %(numbers)s.") % {"numbers": ", ".join(map(str, sorted(unknown)))}
        )
    for number, text in received.answers.items():
        check_answer_length(text, number)
    if not created:  # what was received replaces an old draft entirely
        submission.answers.exclude(question__number__in=received.answers).delete()
        _change_attachments(moderator, submission, [], list(submission.attachments.values_list("pk", flat=True)))
    _write_answers(submission, {questions[n].pk: text for n, text in received.answers.items()})
    submission.draft_language, submission.draft_consent = received.language, received.consent
    submission.channel = received.channel
    return _send(submission, actor=moderator, at=received.submitted_at, channel=submission.channel)


def questions_of(consultation: Consultation):
    return Question.objects.filter(consultation=consultation).select_related("theme").order_by("number")


# What a moderator may decide, from which states, and whether a reason is required.
DECIDABLE = {
    SubmissionState.ACCEPTED: ((SubmissionState.SUBMITTED,), False),
    SubmissionState.REJECTED: ((SubmissionState.SUBMITTED,), True),
    SubmissionState.CHANGES_REQUESTED: ((SubmissionState.SUBMITTED,), True),
}


@transaction.atomic
def submission_decide(*, moderator: User, submission: Submission, to_state: str, reason: str = "") -> Decision:
    """Accept, reject or return a submitted input, once, with the reason sent to the organisation."""
    if not user_can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can decide on inputs."))
    if to_state not in DECIDABLE:
        raise ValidationError(_("Unknown decision."))
    submission = _locked(submission)
    from_states, needs_reason = DECIDABLE[to_state]
    if submission.state not in from_states:
        last = submission.decisions.select_related("actor").last()
        raise ValidationError(
            _("This input is already %(state)s (%(who)s, %(when)s UTC).")
            % {
                "state": submission.get_state_display().lower(),
                "who": last.actor.full_name if last else "—",
                "when": f"{last.at:%Y-%m-%d %H:%M}" if last else "—",
            }
        )
    if needs_reason and not reason.strip():
        raise ValidationError(_("Give the reason; it is sent to the organisation."))
    from_state = submission.state
    submission.state = to_state
    submission.revision += 1
    submission.save(update_fields=["state", "revision", "updated_at"])
    decision = _record(submission, moderator, from_state, reason.strip())
    notifications.decided(submission, decision)
    # In the transaction: what listeners record (a balance refresh) commits with the decision, or not at all.
    submission_decided.send(sender=Submission, submission_id=submission.pk)
    return decision


@transaction.atomic
def submissions_decide_bulk(
    *, moderator: User, consultation: Consultation, submission_ids: list[int], to_state: str, reason: str
) -> int:
    """Decide several inputs of one consultation at once: all of them, or none."""
    if to_state not in (SubmissionState.ACCEPTED, SubmissionState.REJECTED):
        raise ValidationError(_("Inputs can be accepted or rejected together, nothing else."))
    submissions = list(Submission.objects.filter(pk__in=submission_ids, consultation=consultation))
    if not submission_ids or len(submissions) != len(set(submission_ids)):
        raise ValidationError(
            _("Some of the selected inputs are not inputs of %(reference)s.") % {"reference": consultation.reference}
        )
    for submission in submissions:
        submission_decide(moderator=moderator, submission=submission, to_state=to_state, reason=reason)
    return len(submissions)


@transaction.atomic
def submission_assign(*, moderator: User, submission: Submission, take: bool) -> Submission:
    """Take an input to review (if no one else has), or hand it back."""
    if not user_can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can take inputs to review."))
    submission = _locked(submission)
    holder = submission.assigned_to
    if take and holder and holder != moderator:
        raise ValidationError(_("%(name)s is already reviewing this input.") % {"name": holder.full_name})
    if not take and holder != moderator:
        raise ValidationError(_("Only the moderator reviewing an input can hand it back."))
    submission.assigned_to = moderator if take else None
    submission.save(update_fields=["assigned_to", "updated_at"])
    return submission


@transaction.atomic
def submission_take_next(*, moderator: User, consultation: Consultation | None = None) -> Submission | None:
    """Assign the oldest unassigned input awaiting a decision to this moderator; None if none is left."""
    if not user_can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can take inputs to review."))
    waiting = Submission.objects.filter(state=SubmissionState.SUBMITTED, assigned_to__isnull=True)
    if consultation is not None:
        waiting = waiting.filter(consultation=consultation)
    # Two moderators asking at once get different inputs: a locked row is skipped, not waited for.
    submission = waiting.order_by("submitted_at", "pk").select_for_update(skip_locked=True).first()
    if submission is None:
        return None
    submission.assigned_to = moderator
    submission.save(update_fields=["assigned_to", "updated_at"])
    return submission

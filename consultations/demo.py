"""The demo consultation: the working group's questionnaire and inputs in every state and language.

Idempotent: an organisation that already has an input is left as it is.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from accounts.demo import email
from accounts.models import Membership
from consultations import demo_content, services
from consultations.models import Consultation, Question, Submission, SubmissionState, Theme

DECIDED = {SubmissionState.ACCEPTED, SubmissionState.REJECTED, SubmissionState.CHANGES_REQUESTED}
REASONS = {
    SubmissionState.ACCEPTED: "",
    SubmissionState.REJECTED: "The input is a commercial offer, not an answer to the questionnaire.",
    SubmissionState.CHANGES_REQUESTED: "Please shorten the answer to question 5 to the word limit and resubmit.",
}


def seed_consultation(moderator):
    """Create the WGEC questionnaire and the demo inputs; return the consultation."""
    consultation = _consultation()
    for row in demo_content.INPUTS:
        membership = Membership.objects.select_related("user", "organisation").get(
            user__email=email(row["organisation"])
        )
        if not Submission.objects.filter(consultation=consultation, organisation=membership.organisation).exists():
            _input(consultation, membership, row, moderator)
    return consultation


TRANSLATIONS = Path(__file__).parent / "demo_translations"


def _translate(consultation):
    """The questionnaire in the other UN languages (demo_translations/<language>.json), where not given yet."""
    versions = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(TRANSLATIONS.glob("*.json"))}
    if not versions or consultation.translations:
        return
    consultation.translations = {language: version["consultation"] for language, version in versions.items()}
    consultation.save(update_fields=["translations"])
    for theme in consultation.themes.all():
        theme.translations = {language: {"title": v["themes"][str(theme.number)]} for language, v in versions.items()}
        theme.save(update_fields=["translations"])
    for question in consultation.questions.all():
        question.translations = {language: v["questions"][str(question.number)] for language, v in versions.items()}
        question.save(update_fields=["translations"])


def _consultation():
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    consultation, created = Consultation.objects.get_or_create(
        slug=demo_content.CONSULTATION["slug"],
        defaults={
            **demo_content.CONSULTATION,
            "opens_at": now - timedelta(days=30),
            "closes_at": now + timedelta(days=30),
            "status": Consultation.Status.OPEN,
        },
    )
    if created:
        themes = {t["number"]: Theme.objects.create(consultation=consultation, **t) for t in demo_content.THEMES}
        Question.objects.bulk_create(
            Question(consultation=consultation, **{**q, "theme": themes[q["theme"]]}) for q in demo_content.QUESTIONS
        )
    _translate(consultation)
    return consultation


def _input(consultation, membership, row, moderator):
    organisation, user, state = membership.organisation, membership.user, row["state"]
    if not organisation.is_verified:  # received by e-mail and recorded by the secretariat
        received = services.RecordedInput(organisation, row["language"], row["consent"], row["answers"], timezone.now())
        services.submission_record(moderator=moderator, consultation=consultation, received=received)
        return
    submission = services.submission_for(user=user, consultation=consultation, organisation=organisation)
    questions = dict(consultation.questions.values_list("number", "pk"))
    changes = services.DraftChanges(
        answers={questions[n]: text for n, text in row["answers"].items()},
        language=row["language"],
        consent=row["consent"],
        revision=submission.revision,
    )
    submission = services.submission_save_draft(user=user, submission=submission, changes=changes)
    if state == SubmissionState.DRAFT:
        return
    services.submission_submit(user=user, submission=submission, declaration=True)
    if state == SubmissionState.WITHDRAWN:
        services.submission_withdraw(user=user, submission=submission)
    elif state in DECIDED:
        services.submission_decide(moderator=moderator, submission=submission, to_state=state, reason=REASONS[state])

"""The demo consultation: the working group's questionnaire and inputs in every state and language.

The texts are data, in consultations/data/demo/ (demo_data reads and checks them). Idempotent: an organisation that
already has an input is left as it is.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.demo import email
from accounts.models import Membership
from consultations import demo_data, services
from consultations.models import Consultation, Question, Submission, SubmissionState, Theme


def seed_consultation(moderator):
    """Create the WGEC questionnaire and the demo inputs; return the consultation."""
    demo = demo_data.load()
    consultation = _consultation(demo)
    for row in demo.inputs:
        membership = Membership.objects.select_related("user", "organisation").get(
            user__email=email(row["organisation"])
        )
        if not Submission.objects.filter(consultation=consultation, organisation=membership.organisation).exists():
            _input(consultation, membership, row, moderator)
    return consultation


def _translate(consultation, translations):
    """The questionnaire in the other UN languages (data/demo/translations/), where not given yet."""
    if not translations or consultation.translations:
        return
    consultation.translations = {language: version["consultation"] for language, version in translations.items()}
    consultation.save(update_fields=["translations"])
    for theme in consultation.themes.all():
        theme.translations = {language: v["themes"][theme.number] for language, v in translations.items()}
        theme.save(update_fields=["translations"])
    for question in consultation.questions.all():
        question.translations = {language: v["questions"][question.number] for language, v in translations.items()}
        question.save(update_fields=["translations"])


def _consultation(demo):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    consultation, created = Consultation.objects.get_or_create(
        slug=demo.consultation["slug"],
        defaults={
            **demo.consultation,
            "opens_at": now - timedelta(days=30),
            "closes_at": now + timedelta(days=30),
            "status": Consultation.Status.OPEN,
        },
    )
    if created:
        themes = {t["number"]: Theme.objects.create(consultation=consultation, **t) for t in demo.themes}
        Question.objects.bulk_create(
            Question(consultation=consultation, **{**q, "theme": themes[q["theme"]]}) for q in demo.questions
        )
    _translate(consultation, demo.translations)
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
    elif state in services.DECIDABLE:
        services.submission_decide(moderator=moderator, submission=submission, to_state=state, reason=row["reason"])

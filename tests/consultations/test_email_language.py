"""Each member gets the e-mails about an input in their own language, the consultation named as translated."""

import pytest

from consultations import services
from consultations.digest import daily_digest_send
from consultations.models import SubmissionState
from tests.factories import InputFactory

pytestmark = pytest.mark.django_db

TITLES = {
    "ar": "استبيان بشأن التعاون المعزز",
    "fr": "Questionnaire sur la coopération renforcée",
}


@pytest.fixture
def translated(consultation):
    consultation.translations = {language: {"title": title} for language, title in TITLES.items()}
    consultation.save()
    return consultation


@pytest.fixture
def arabic_and_french(focal_point, colleague):
    """The focal point reads Arabic, her colleague French."""
    for user, language in ((focal_point, "ar"), (colleague, "fr")):
        user.preferred_language = language
        user.save()
    return focal_point, colleague


def sent_by(user, consultation, organisation):
    submission = services.submission_for(user=user, consultation=consultation, organisation=organisation)
    questions = {q.number: q.pk for q in consultation.questions.all()}
    changes = services.DraftChanges(
        answers={questions[1]: "Une vue.", questions[2]: "Des rôles."},
        language="fr",
        consent="public",
        revision=submission.revision,
    )
    submission = services.submission_save_draft(user=user, submission=submission, changes=changes)
    services.submission_submit(user=user, submission=submission, declaration=True)
    submission.refresh_from_db()
    return submission


def by_recipient(mailoutbox):
    return {message.to[0]: message for message in mailoutbox}


def test_it_sends_each_member_the_receipt_in_their_language_with_the_translated_title(
    translated, verified, arabic_and_french, mailoutbox, django_capture_on_commit_callbacks
):
    arabic, french = arabic_and_french
    with django_capture_on_commit_callbacks(execute=True):
        submission = sent_by(french, translated, verified)

    mails = by_recipient(mailoutbox)
    assert set(mails) == {arabic.email, french.email}
    assert mails[arabic.email].subject == f"[Concord] إيصال المساهمة {submission.reference}"
    assert TITLES["ar"] in mails[arabic.email].body
    assert mails[french.email].subject == f"[Concord] Accusé de réception de la contribution {submission.reference}"
    assert TITLES["fr"] in mails[french.email].body
    assert translated.title not in mails[arabic.email].body + mails[french.email].body


def test_it_sends_each_member_the_decision_in_their_language_with_the_translated_title(
    translated, verified, arabic_and_french, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    arabic, french = arabic_and_french
    submission = sent_by(french, translated, verified)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_decide(
            moderator=moderator, submission=submission, to_state=SubmissionState.CHANGES_REQUESTED, reason="Shorter."
        )

    mails = by_recipient(mailoutbox)
    assert set(mails) == {arabic.email, french.email}
    assert mails[arabic.email].subject.startswith(f"[Concord] المساهمة {submission.reference}: ")
    assert TITLES["ar"] in mails[arabic.email].body
    assert mails[french.email].subject.startswith(f"[Concord] Contribution {submission.reference} : ")
    assert TITLES["fr"] in mails[french.email].body
    assert "Shorter." in mails[arabic.email].body and "Shorter." in mails[french.email].body  # as written


def test_it_names_categories_and_countries_in_the_moderators_language_in_the_digest(
    consultation, verified, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    moderator.daily_digest, moderator.preferred_language = True, "fr"
    moderator.save()
    InputFactory(consultation=consultation, organisation=verified, answers={1: "New view", 2: "Roles"})
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        daily_digest_send()

    (mail,) = mailoutbox
    assert f"(Société civile, {verified.country.localized_name('fr')})" in mail.body
    assert verified.country.localized_name("fr") != verified.country.name

"""An input's history is told in the reader's language, whoever wrote the entry and in whatever language."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy

from consultations import services
from consultations.models import Consent, Decision, Submission, SubmissionState
from tests.factories import InputFactory, OrganisationFactory, UserFactory, give_mfa

pytestmark = pytest.mark.django_db

ANSWERS = {1: "La coopération renforcée.", 2: "Chacun dans son rôle."}


def in_language(language, text):
    with translation.override(language):
        return str(text)


@pytest.fixture
def french_focal_point(focal_point):
    focal_point.preferred_language = "fr"
    focal_point.save()
    return focal_point


@pytest.fixture
def arabic_moderator(moderator):
    moderator.preferred_language = "ar"
    moderator.save()
    return moderator


def sent_twice_by_the_french_focal_point(consultation, organisation):
    """Version 1 public with the name, version 2 without it, sent while the interface spoke French."""
    with translation.override("fr"):
        InputFactory(consultation=consultation, organisation=organisation, answers=ANSWERS, consent=Consent.PUBLIC)
        return InputFactory(
            consultation=consultation, organisation=organisation, answers=ANSWERS, consent=Consent.ANONYMOUS
        )


def test_it_shows_a_version_sent_in_french_to_an_arabic_moderator_in_arabic(
    client, consultation, verified, french_focal_point, arabic_moderator
):
    submission = sent_twice_by_the_french_focal_point(consultation, verified)

    client.force_login(arabic_moderator)
    page = client.get(reverse("consultations:moderation_review", args=[submission.pk])).content.decode()

    assert "أُرسلت النسخة 2." in page
    public, anonymous = (escape(in_language("ar", consent.label)) for consent in (Consent.PUBLIC, Consent.ANONYMOUS))
    assert f"تغيّر النشر من «{public}» إلى «{anonymous}»." in page
    assert "envoyée" not in page and "Publication modifiée" not in page


def test_it_stores_what_happened_not_a_sentence(consultation, verified, french_focal_point):
    submission = sent_twice_by_the_french_focal_point(consultation, verified)

    first, second = submission.decisions.all()
    assert (first.event, first.params, first.reason) == (Decision.Event.SENT, {"version": 1}, "")
    assert (second.event, second.params, second.reason) == (
        Decision.Event.SENT,
        {"version": 2, "consent_before": "public", "consent_after": "anonymous"},
        "",
    )
    assert second.description() == (
        "Version 2 sent. Publication changed from “Public, with our organisation's name” to "
        "“Public, without our organisation's name”."
    )


def test_it_shows_an_entry_written_before_as_it_was_written(client, consultation, verified, arabic_moderator):
    submission = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS)
    old = Decision.objects.create(
        submission=submission,
        actor=arabic_moderator,
        from_state=SubmissionState.SUBMITTED,
        to_state=SubmissionState.SUBMITTED,
        reason="Version 7 sent.",
    )

    assert old.description() == "Version 7 sent."
    client.force_login(arabic_moderator)
    page = client.get(reverse("consultations:moderation_review", args=[submission.pk])).content.decode()
    assert "Version 7 sent." in page


def test_it_keeps_what_a_moderator_writes_as_written(consultation, verified, moderator):
    submission = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS)
    with translation.override("fr"):
        decision = services.submission_decide(
            moderator=moderator, submission=submission, to_state=SubmissionState.REJECTED, reason="Hors sujet."
        )

    assert (decision.event, decision.params, decision.reason) == (Decision.Event.DECIDED, {}, "Hors sujet.")
    with translation.override("ar"):
        assert decision.description() == "Hors sujet."


def test_it_tells_the_organisations_own_steps_and_the_secretariats_entry_in_the_readers_language(
    client, consultation, verified, french_focal_point, arabic_moderator
):
    with translation.override("fr"):
        submission = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS, draft=True)
        services.submission_withdraw(user=french_focal_point, submission=submission)
        services.submission_reopen(user=french_focal_point, submission=submission)
        services.submission_withdraw(user=french_focal_point, submission=submission)
        services.submission_record(
            moderator=arabic_moderator,
            consultation=consultation,
            received=services.RecordedInput(
                organisation=verified,
                language="fr",
                consent=Consent.PUBLIC,
                answers=ANSWERS,
                submitted_at=timezone.now() - timedelta(days=1),
                channel=Submission.Channel.PAPER,
            ),
        )

    client.force_login(arabic_moderator)
    page = client.get(reverse("consultations:moderation_audit")).content.decode()

    paper = escape(in_language("ar", Submission.Channel.PAPER.label))
    for entry in ("سحبتها المنظمة.", "استأنفت المنظمة العمل عليها.", f"سجّلتها الأمانة ({paper})."):
        assert entry in page
    assert "Retirée" not in page and "Enregistrée" not in page


def test_it_exports_the_history_in_the_language_of_the_moderator_who_asks(
    client, consultation, verified, french_focal_point, moderator
):
    sent_twice_by_the_french_focal_point(consultation, verified)
    moderator.preferred_language = "es"
    moderator.save()

    client.force_login(moderator)
    response = client.get(reverse("consultations:moderation_audit"), {"format": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    entries = [row[7] for row in rows[1:]]
    public, anonymous = (in_language("es", consent.label) for consent in (Consent.PUBLIC, Consent.ANONYMOUS))
    sent = in_language("es", gettext_lazy("Version %(n)d sent."))
    changed = in_language("es", gettext_lazy("Publication changed from “%(before)s” to “%(after)s”."))
    assert entries == [  # newest first
        f"{sent % {'n': 2}} {changed % {'before': public, 'after': anonymous}}",
        sent % {"n": 1},
    ]
    assert "Versión 2" in entries[0]


def test_it_shows_the_entries_in_the_readers_language_in_the_admin(client, consultation, verified, french_focal_point):
    from django.contrib.auth import get_user_model

    submission = sent_twice_by_the_french_focal_point(consultation, verified)
    admin = get_user_model().objects.create_superuser(
        email="root@example.org", full_name="Root", password="x-long-password-1", preferred_language="ar"
    )
    give_mfa(admin)
    client.force_login(admin)

    listing = client.get(reverse("admin:consultations_decision_changelist")).content.decode()
    inline = client.get(reverse("admin:consultations_submission_change", args=[submission.pk])).content.decode()

    for page in (listing, inline):
        assert "أُرسلت النسخة 2." in page and "أُرسلت النسخة 1." in page
        assert "envoyée" not in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_leaves_the_entries_written_before_as_they_were_written():
    executor = MigrationExecutor(connection)
    before, after = [("consultations", "0007_publication_as_sent")], [("consultations", "0008_decision_event")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    consultation = apps.get_model("consultations", "Consultation").objects.create(
        title="T", slug="t", reference="T", summary="s", consent_clause="c", opens_at="2026-01-01T00:00Z",
        closes_at="2027-01-01T00:00Z", status="open",
    )  # fmt: skip
    organisation = OrganisationFactory(status="verified")  # accounts' tables are as they are now
    submission = apps.get_model("consultations", "Submission").objects.create(
        consultation=consultation, organisation_id=organisation.pk, state="submitted", reference="T-0001", number=1
    )
    written = apps.get_model("consultations", "Decision").objects.create(
        submission=submission, actor_id=UserFactory().pk, from_state="draft", to_state="submitted",
        reason="Version 1 sent.",
    )  # fmt: skip

    executor.loader.build_graph()
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # the schema the other tests expect

    old = Decision.objects.get(pk=written.pk)
    assert (old.event, old.params, old.reason) == ("", {}, "Version 1 sent.")
    assert in_language("ar", old.description()) == "Version 1 sent."
    if connection.vendor == "postgresql":  # the trigger still refuses to rewrite the history
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE consultations_decision SET event = 'sent'")

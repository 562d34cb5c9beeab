from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from consultations.digest import daily_digest_send
from consultations.models import DigestSent
from tests.factories import InputFactory, OrganisationFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(moderator):
    """A moderator who asked for the daily digest."""
    moderator.daily_digest = True
    moderator.save()
    return moderator


def test_it_sends_the_daily_digest_to_moderators_who_asked(
    consultation, verified, reader, chair, mailoutbox, django_capture_on_commit_callbacks
):
    chair.daily_digest = True  # the chair reads but does not moderate: no digest
    chair.save()
    submission = InputFactory(consultation=consultation, organisation=verified, answers={1: "New view", 2: "Roles"})
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert daily_digest_send() == 1
    assert [m.to for m in mailoutbox] == [[reader.email]]
    assert "1 new input" in mailoutbox[0].subject
    assert submission.reference in mailoutbox[0].body and "Sahel Digital Rights Network" in mailoutbox[0].body


def test_it_sends_the_digest_once_a_day_however_often_the_job_runs(
    consultation, verified, reader, mailoutbox, django_capture_on_commit_callbacks
):
    InputFactory(consultation=consultation, organisation=verified, answers={1: "New view", 2: "Roles"})
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert daily_digest_send() == 1
        assert daily_digest_send() == 0  # the job delivered twice (a broker's redelivery, beat restarted)
    assert len(mailoutbox) == 1
    next_day = timezone.now() + timedelta(days=1)  # its digest covers what is sent from now on
    InputFactory(
        consultation=consultation, organisation=OrganisationFactory(status="verified"), answers={1: "Next", 2: "Day"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert daily_digest_send(now=next_day) == 1  # the next day has its own digest
        assert daily_digest_send(now=next_day) == 0
    assert len(mailoutbox) == 2


def test_it_sends_nothing_on_a_quiet_day(
    consultation, verified, reader, mailoutbox, django_capture_on_commit_callbacks
):
    InputFactory(consultation=consultation, organisation=verified, answers={1: "Old view", 2: "Roles"})
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert daily_digest_send(now=timezone.now() + timedelta(days=2)) == 0
    assert mailoutbox == []


def registered(name, at, **fields):
    """An organisation that registered at `at`."""
    organisation = OrganisationFactory(name=name, country=country("PER"), **fields)
    Organisation.objects.filter(pk=organisation.pk).update(created_at=at)
    return organisation


def test_it_lists_the_organisations_registered_since_the_last_digest_that_await_verification(
    consultation, verified, reader, mailoutbox, django_capture_on_commit_callbacks, settings
):
    InputFactory(consultation=consultation, organisation=verified, answers={1: "New view", 2: "Roles"})
    now = timezone.now()
    two_days_ago = now - timedelta(days=2)
    DigestSent.objects.create(day=two_days_ago.date(), sent_at=two_days_ago)  # the last one; yesterday was quiet
    registered("Old Pending Forum", now - timedelta(days=3))  # in an earlier digest already
    registered("Andes Open Data", now - timedelta(hours=36))  # on the quiet day
    registered("Pampas Internet Society", now - timedelta(hours=2))
    registered("Quick Network", now - timedelta(hours=5), status=Organisation.Status.VERIFIED)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert daily_digest_send(now=now) == 1
    body = mailoutbox[0].body
    assert "2 organisations registered since the last digest and await verification" in body
    assert body.index("Pampas Internet Society") < body.index("Andes Open Data")  # newest first
    assert "Old Pending Forum" not in body and "Quick Network" not in body
    assert "3 organisations await verification" in body  # all of them, the earlier ones too
    assert settings.SITE_URL + reverse("accounts:moderation_organisations") in body


def test_it_sends_the_digest_on_a_day_when_only_an_organisation_registered(
    pending_organisation, reader, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert daily_digest_send() == 1
    [mail] = mailoutbox
    assert "1 organisation awaits verification" in mail.subject
    assert "Andes Open Data (Peru)" in mail.body and "0 inputs" not in mail.body


def test_it_lets_only_the_secretariat_ask_for_the_digest(client, focal_point, moderator):
    client.force_login(focal_point)
    assert "daily_digest" not in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(moderator)
    assert 'name="daily_digest"' in client.get(reverse("accounts:profile")).content.decode()
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Mona Haddad", "preferred_language": "en", "time_zone": "Europe/Zurich", "daily_digest": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND
    moderator.refresh_from_db()
    assert moderator.daily_digest is True


def test_it_schedules_the_digest_every_morning():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["daily-digest"]
    assert entry["task"] == "consultations.tasks.daily_digest"
    assert entry["schedule"].hour == {6}


def test_it_registers_the_digest_task_beat_calls():
    from config.celery import app

    assert "consultations.tasks.daily_digest" in app.tasks

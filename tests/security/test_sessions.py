"""A staff session ends after half an hour without activity; a stakeholder's keeps Django's usual expiry."""

import time
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import LoginEvent
from tests.factories import PASSWORD, current_code

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def advance(self, **kwargs):
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock(monkeypatch):
    """The site's clock, moved forward by the test instead of waiting."""
    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def test_it_signs_out_an_idle_moderator_and_says_why(client, clock, moderator):
    client.force_login(moderator)
    assert client.get(reverse("consultations:moderation_index")).status_code == HTTPStatus.OK
    clock.advance(minutes=31)
    response = client.get(reverse("consultations:moderation_queue"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('consultations:moderation_queue')}"
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity" in page
    # Signed out for good: the next page asks for the password again.
    assert client.get(reverse("consultations:moderation_index"))["Location"].startswith(reverse("account_login"))
    event = LoginEvent.objects.get(kind=LoginEvent.Kind.IDLE_SIGNED_OUT)
    assert event.user == moderator


def test_it_keeps_an_active_moderator_signed_in(client, clock, moderator):
    client.force_login(moderator)
    for _ in range(8):  # a page every 25 minutes for over three hours
        clock.advance(minutes=25)
        assert client.get(reverse("consultations:moderation_index")).status_code == HTTPStatus.OK


def test_it_counts_idleness_from_the_sign_in(client, clock, moderator):
    response = client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": current_code()})
    clock.advance(minutes=31)  # signed in, then left the desk
    assert client.get(reverse("consultations:moderation_index"))["Location"].startswith(reverse("account_login"))


def test_it_follows_the_configured_idle_time(client, clock, settings, chair):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    client.force_login(chair)
    clock.advance(minutes=4)
    assert client.get(reverse("consultations:moderation_index")).status_code == HTTPStatus.OK
    clock.advance(minutes=6)
    response = client.get(reverse("consultations:moderation_index"), follow=True)
    assert "You were signed out after 5 minutes without activity" in response.content.decode()


def test_it_never_signs_staff_out_for_idleness_when_the_limit_is_zero(client, clock, settings, moderator):
    settings.STAFF_SESSION_IDLE_MINUTES = 0
    client.force_login(moderator)
    clock.advance(hours=8)
    assert client.get(reverse("consultations:moderation_index")).status_code == HTTPStatus.OK


def test_it_changes_nothing_an_idle_moderator_sends(client, clock, moderator):
    client.force_login(moderator)
    client.get(reverse("accounts:profile"))
    clock.advance(hours=2)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Someone Else", "preferred_language": "en", "time_zone": "UTC"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    moderator.refresh_from_db()
    assert moderator.full_name == "Mona Haddad"


def test_it_leaves_a_stakeholder_signed_in_for_django_usual_session_age(client, clock, settings, focal_point):
    # The clock moves the site's "now", which the database's expiry dates are compared with; a cache's own timer
    # cannot be moved, so sessions read from the cache are checked with the real clock below.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    client.force_login(focal_point)
    clock.advance(hours=6)
    assert client.get(reverse("accounts:profile")).status_code == HTTPStatus.OK
    clock.advance(seconds=settings.SESSION_COOKIE_AGE - 6 * 3600 - 60)  # a minute short of two weeks
    assert client.get(reverse("accounts:profile")).status_code == HTTPStatus.OK
    clock.advance(minutes=2)
    assert client.get(reverse("accounts:profile"))["Location"].startswith(reverse("account_login"))


def test_a_session_read_from_the_shared_cache_ends_at_the_same_age(client, settings, focal_point):
    """With CACHE_URL (Redis), sessions are read from the cache: its copy expires when the session does."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_COOKIE_AGE = 2
    client.force_login(focal_point)
    assert client.get(reverse("accounts:profile")).status_code == HTTPStatus.OK
    time.sleep(2.5)
    assert client.get(reverse("accounts:profile"))["Location"].startswith(reverse("account_login"))


def test_signing_out_ends_the_session_read_from_the_shared_cache(client, settings, focal_point):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(focal_point)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("accounts:profile")).status_code == HTTPStatus.OK
    client.post(reverse("account_logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie  # the old cookie, kept and sent again
    assert client.get(reverse("accounts:profile"))["Location"].startswith(reverse("account_login"))

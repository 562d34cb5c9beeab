"""Form posts are limited per user and per address, on top of allauth's limits; the real address is the one counted."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from accounts.models import LoginEvent, User
from tests.factories import PASSWORD
from web.security import ClientAddressMiddleware, client_address, trusted_networks

pytestmark = pytest.mark.django_db

NGINX = "127.0.0.1"


@pytest.fixture
def clock(monkeypatch):
    """The site's clock, moved forward by the test instead of waiting."""

    class Clock:
        now = timezone.now().replace(second=5)  # early in a minute: the test never straddles two

        def advance(self, **kwargs):
            self.now += timedelta(**kwargs)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def save_profile(client, name, **extra):
    data = {"full_name": name, "preferred_language": "en", "time_zone": "UTC"}
    return client.post(reverse("accounts:profile"), data, **extra)


def change_language(client, **extra):
    return client.post(reverse("set_language"), {"language": "fr", "next": "/"}, **extra)


def test_it_refuses_a_user_posting_past_the_limit_and_saves_nothing(client, clock, settings, focal_point):
    settings.FORM_POSTS_PER_MINUTE_PER_USER = 3
    client.force_login(focal_point)
    for n in range(3):
        assert save_profile(client, f"Aïssatou Ba {n}").status_code == HTTPStatus.FOUND
    response = save_profile(client, "Somebody Else")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 0 < int(response["Retry-After"]) <= 60
    page = response.content.decode()
    assert "Too many requests" in page and "Nothing was saved or changed" in page
    focal_point.refresh_from_db()
    assert focal_point.full_name == "Aïssatou Ba 2"
    # Pages can still be read, and the next minute the form is accepted again.
    assert client.get(reverse("accounts:profile")).status_code == HTTPStatus.OK
    clock.advance(minutes=1)
    assert save_profile(client, "Aïssatou Ba").status_code == HTTPStatus.FOUND


def test_it_counts_a_user_across_addresses(client, clock, settings, focal_point):
    settings.FORM_POSTS_PER_MINUTE_PER_USER = 2
    client.force_login(focal_point)
    save_profile(client, "One", REMOTE_ADDR="192.0.2.1")
    save_profile(client, "Two", REMOTE_ADDR="192.0.2.2")
    assert save_profile(client, "Three", REMOTE_ADDR="192.0.2.3").status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_it_refuses_an_address_posting_past_the_limit(client, clock, settings):
    settings.FORM_POSTS_PER_MINUTE_PER_ADDRESS = 5
    for _ in range(5):
        assert change_language(client, REMOTE_ADDR="192.0.2.10").status_code == HTTPStatus.FOUND
    assert change_language(client, REMOTE_ADDR="192.0.2.10").status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert change_language(client, REMOTE_ADDR="192.0.2.11").status_code == HTTPStatus.FOUND


def test_it_counts_nothing_under_a_limit_of_zero(client, clock, settings):
    settings.FORM_POSTS_PER_MINUTE_PER_ADDRESS = 0
    statuses = {change_language(client, REMOTE_ADDR="192.0.2.12").status_code for _ in range(150)}
    assert statuses == {HTTPStatus.FOUND}


def test_it_counts_an_ipv6_network_as_one_address(client, clock, settings):
    settings.FORM_POSTS_PER_MINUTE_PER_ADDRESS = 2
    change_language(client, REMOTE_ADDR="2001:db8:1:2::a")
    change_language(client, REMOTE_ADDR="2001:db8:1:2::b")
    assert change_language(client, REMOTE_ADDR="2001:db8:1:2::c").status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_it_ignores_a_forged_forwarded_for_from_a_client_that_is_not_a_proxy(client, clock, settings):
    settings.FORM_POSTS_PER_MINUTE_PER_ADDRESS = 3
    settings.TRUSTED_PROXIES = [NGINX]
    for n in range(3):
        change_language(client, REMOTE_ADDR="192.0.2.20", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = change_language(client, REMOTE_ADDR="192.0.2.20", HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_it_counts_each_client_behind_the_proxy_apart(client, clock, settings):
    settings.FORM_POSTS_PER_MINUTE_PER_ADDRESS = 3
    settings.TRUSTED_PROXIES = [NGINX]
    for _ in range(3):
        change_language(client, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="203.0.113.1")
    refused = change_language(client, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    other = change_language(client, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert other.status_code == HTTPStatus.FOUND
    # What the client itself wrote in front of nginx's entry is not believed.
    forged = change_language(client, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.1")
    assert forged.status_code == HTTPStatus.TOO_MANY_REQUESTS


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        ("192.0.2.20", "203.0.113.7", "192.0.2.20"),  # not from a proxy: the header is ignored
        (NGINX, "203.0.113.7", "203.0.113.7"),
        (NGINX, "10.9.9.9, 203.0.113.7", "203.0.113.7"),  # the client's own claim, left of nginx's, is ignored
        (NGINX, "203.0.113.7, 10.0.0.2", "203.0.113.7"),  # a second trusted proxy in the chain
        (NGINX, "", NGINX),
        (NGINX, "not-an-address", NGINX),
        (NGINX, "10.0.0.2", "10.0.0.2"),  # only trusted hops: the leftmost one
        ("::1", "2001:db8::5", "2001:db8::5"),
    ],
)
def test_it_takes_the_rightmost_address_no_trusted_proxy_wrote(peer, forwarded_for, expected):
    networks = trusted_networks(("127.0.0.1", "::1", "10.0.0.0/24"))
    assert client_address(peer, forwarded_for, networks) == expected


def test_it_refuses_to_start_with_a_proxy_that_is_not_an_address(settings):
    settings.TRUSTED_PROXIES = ["nginx.internal"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES: 'nginx.internal' is not an IP address"):
        ClientAddressMiddleware(lambda request: None)


def test_it_keeps_allauth_reading_the_resolved_address(settings):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    assert settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER is None


def test_it_keeps_allauths_sign_in_limit_per_address(client, clock, db):
    """Thirty sign-in posts a minute from one address, whatever the e-mail tried; then 429, logged."""
    statuses = [
        client.post(reverse("account_login"), {"login": f"guess{n}@example.org", "password": "x"}).status_code
        for n in range(31)
    ]
    assert statuses[:30] == [HTTPStatus.OK] * 30
    assert statuses[30] == HTTPStatus.TOO_MANY_REQUESTS
    refused = client.post(reverse("account_login"), {"login": "guess@example.org", "password": "x"})
    assert refused["Retry-After"] == "60"
    assert "Too many requests" in refused.content.decode()
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.RATE_LIMITED, address="127.0.0.1").exists()


def test_it_keeps_allauths_failed_sign_in_limit_per_account(client, clock, focal_point):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": focal_point.email, "password": "guess"})
    response = client.post(reverse("account_login"), {"login": focal_point.email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_keeps_allauths_sign_up_limit(client, clock):
    data = {"email": "bot@example.org", "password1": "x", "password2": "y", "full_name": "Bot"}
    statuses = [client.post(reverse("account_signup"), data).status_code for _ in range(21)]
    assert statuses[:20] == [HTTPStatus.OK] * 20
    assert statuses[20] == HTTPStatus.TOO_MANY_REQUESTS
    assert not User.objects.filter(email="bot@example.org").exists()


def test_it_keeps_allauths_password_reset_limit(
    client, clock, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post(reverse("account_reset_password"), {"email": focal_point.email})
        response = client.post(reverse("account_reset_password"), {"email": focal_point.email})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert len(mailoutbox) == 5  # no sixth e-mail

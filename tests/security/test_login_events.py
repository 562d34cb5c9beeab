"""Sign-ins, sign-outs, failures and refused attempts are written to an append-only log staff can read."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse

from accounts.audit import AppendOnlyError
from accounts.models import LoginEvent
from tests.factories import PASSWORD, current_code

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


def sign_in(client, email, password=PASSWORD, **extra):
    headers = {"HTTP_USER_AGENT": BROWSER, "REMOTE_ADDR": "198.51.100.7", **extra}
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def kinds():
    return list(LoginEvent.objects.order_by("pk").values_list("kind", flat=True))


def test_it_logs_a_sign_in_and_a_sign_out(client, focal_point):
    assert sign_in(client, focal_point.email).status_code == HTTPStatus.FOUND
    client.post(reverse("account_logout"), REMOTE_ADDR="198.51.100.7")
    signed_in, signed_out = LoginEvent.objects.order_by("pk")
    assert (signed_in.kind, signed_in.user, signed_in.email) == ("signed_in", focal_point, "aissatou@example.org")
    assert (signed_in.address, signed_in.user_agent) == ("198.51.100.7", BROWSER)
    assert (signed_out.kind, signed_out.user) == ("signed_out", focal_point)


def test_it_logs_a_failed_sign_in_with_the_address_tried(client, focal_point):
    response = sign_in(client, "Aissatou@Example.org", password="not-her-password")
    assert response.status_code == HTTPStatus.OK
    sign_in(client, "nobody@example.org")
    wrong_password, unknown = LoginEvent.objects.order_by("pk")
    assert (wrong_password.kind, wrong_password.user, wrong_password.address) == ("failed", None, "198.51.100.7")
    assert wrong_password.email.lower() == "aissatou@example.org"
    assert (unknown.kind, unknown.email) == ("failed", "nobody@example.org")
    assert "not-her-password" not in str(list(LoginEvent.objects.values()))  # passwords are never written down


def test_it_logs_a_wrong_second_factor_code_and_then_the_sign_in(client, moderator):
    sign_in(client, moderator.email)
    wrong = "000000" if current_code() != "000000" else "111111"
    client.post(reverse("mfa_authenticate"), {"code": wrong}, REMOTE_ADDR="198.51.100.7")
    client.post(reverse("mfa_authenticate"), {"code": current_code()}, REMOTE_ADDR="198.51.100.7")
    assert kinds() == ["mfa_failed", "signed_in"]
    assert LoginEvent.objects.get(kind="mfa_failed").user == moderator


def test_it_logs_attempts_refused_after_too_many_failures(client, focal_point):
    for _ in range(6):
        response = sign_in(client, focal_point.email, password="guess")
    assert "Too many failed login attempts" in response.content.decode()
    refused = LoginEvent.objects.get(kind=LoginEvent.Kind.RATE_LIMITED)
    assert (refused.email, refused.address) == ("aissatou@example.org", "198.51.100.7")
    assert kinds().count("failed") == 5


def test_it_logs_wrong_second_factor_codes_refused_after_too_many(client, moderator):
    sign_in(client, moderator.email)
    wrong = "000000" if current_code() != "000000" else "111111"
    for _ in range(6):
        response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert "Too many failed login attempts" in response.content.decode()
    assert kinds().count("mfa_failed") == 5
    assert kinds().count("rate_limited") == 1


def test_it_cuts_a_long_browser_description(client, focal_point):
    sign_in(client, focal_point.email, HTTP_USER_AGENT="A" * 5000)
    assert LoginEvent.objects.get().user_agent == "A" * LoginEvent.USER_AGENT_LENGTH


def test_it_keeps_the_log_append_only(client, focal_point):
    sign_in(client, focal_point.email)
    event = LoginEvent.objects.get()
    event.email = "someone-else@example.org"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        LoginEvent.objects.update(address="192.0.2.1")
    with pytest.raises(AppendOnlyError):
        LoginEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's (bash .ci/run uses it)")
def test_it_refuses_even_raw_sql_changes_on_postgresql(client, focal_point):
    from django.db import DatabaseError, transaction

    sign_in(client, focal_point.email)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_loginevent SET email = 'x@example.org'")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_loginevent")
    assert LoginEvent.objects.get().email == "aissatou@example.org"


def test_it_shows_the_log_to_staff_read_only(client, focal_point, moderator, chair):
    sign_in(client, focal_point.email, password="wrong-password")
    event = LoginEvent.objects.get()
    for staff in (moderator, chair):
        client.force_login(staff)
        listing = client.get(reverse("admin:accounts_loginevent_changelist"))
        assert listing.status_code == HTTPStatus.OK
        assert "aissatou@example.org" in listing.content.decode()
        detail = client.get(reverse("admin:accounts_loginevent_change", args=[event.pk]))
        assert detail.status_code == HTTPStatus.OK
        assert 'name="email"' not in detail.content.decode()  # shown, not editable
        assert client.get(reverse("admin:accounts_loginevent_add")).status_code == HTTPStatus.FORBIDDEN
        changed = client.post(reverse("admin:accounts_loginevent_change", args=[event.pk]), {"email": "x@example.org"})
        assert changed.status_code == HTTPStatus.FORBIDDEN
        deleted = client.post(reverse("admin:accounts_loginevent_delete", args=[event.pk]), {"post": "yes"})
        assert deleted.status_code == HTTPStatus.FORBIDDEN
    event.refresh_from_db()
    assert event.email == "aissatou@example.org"


def test_it_keeps_the_log_from_stakeholders(client, focal_point):
    sign_in(client, "mona@example.org", password="a-guess")
    client.force_login(focal_point)
    response = client.get(reverse("admin:accounts_loginevent_changelist"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    assert "mona@example.org" not in response.content.decode()


def test_it_logs_the_address_of_the_client_behind_the_proxy(client, settings, focal_point):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client.post(
        reverse("account_login"),
        {"login": focal_point.email, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.50",
    )
    assert LoginEvent.objects.get().address == "203.0.113.50"

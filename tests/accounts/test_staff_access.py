"""Staff pages need two-factor authentication; sign-in goes through allauth, MFA included."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, current_code

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND


def confirm_password(client, next_url):
    """allauth asks for the password again before two-factor settings change."""
    response = client.get(next_url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND


def test_it_sends_a_moderator_without_mfa_to_set_it_up(client, moderator_without_mfa):
    sign_in(client, moderator_without_mfa)
    for url in (reverse("admin:index"), reverse("admin:accounts_organisation_changelist"), "/moderation/"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == reverse("mfa_activate_totp")
    confirm_password(client, reverse("mfa_activate_totp"))
    assert client.get(reverse("mfa_activate_totp")).status_code == HTTPStatus.OK


def test_it_opens_the_admin_to_a_moderator_with_mfa(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse("admin:accounts_organisation_changelist")).status_code == HTTPStatus.OK


def test_it_keeps_stakeholders_out_of_the_admin(client, focal_point):
    client.force_login(focal_point)
    response = client.get(reverse("admin:index"))
    assert response.status_code != HTTPStatus.OK or "Log in" in response.content.decode()
    assert client.get(reverse("admin:accounts_organisation_changelist")).status_code == HTTPStatus.FOUND


def test_it_sends_the_admin_login_through_the_site_login(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_it_asks_a_moderator_for_the_second_factor_at_sign_in(client, moderator):
    response = client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    # Password alone does not open the admin.
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.FOUND
    response = client.post(reverse("mfa_authenticate"), {"code": "000000" if current_code() != "000000" else "111111"})
    assert response.status_code == HTTPStatus.OK
    assert "Incorrect code" in response.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK


def test_it_lets_a_staff_member_set_up_totp_and_then_opens_the_admin(client, moderator_without_mfa):
    sign_in(client, moderator_without_mfa)
    confirm_password(client, reverse("mfa_activate_totp"))
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK
    # Recovery codes are generated alongside.
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == HTTPStatus.OK


def test_it_limits_failed_sign_in_attempts(client, focal_point):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": focal_point.email, "password": "wrong-password"})
    response = client.post(reverse("account_login"), {"login": focal_point.email, "password": PASSWORD})
    assert response.status_code == HTTPStatus.OK
    assert "Too many failed login attempts" in response.content.decode()

"""Every sign-in, account and two-factor page wears the site's own layout."""

from http import HTTPStatus

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "home",
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
    "account_inactive",
]
SIGNED_IN_PAGES = [
    "home",
    "accounts:profile",
    "accounts:organisation_list",
    "accounts:organisation_create",
    "accounts:organisation_join",
    "account_logout",
    "account_change_password",
    "account_email",
    "account_reauthenticate",
    "mfa_index",
    "mfa_view_recovery_codes",
]


def assert_site_layout(response):
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert 'class="skip-link"' in page
    assert 'href="/static/css/concord.css"' in page
    assert '<main id="main"' in page


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_it_lays_out_each_public_page(client, name):
    assert_site_layout(client.get(reverse(name)))


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_it_lays_out_each_account_page(client, moderator, name):
    client.force_login(moderator)
    # Some lead first to the password confirmation page, itself in the layout.
    assert_site_layout(client.get(reverse(name), follow=True))


def test_it_lays_out_the_page_of_a_broken_password_reset_link(client):
    response = client.get(reverse("account_reset_password_from_key", args=["x", "bad-key"]), follow=True)
    assert_site_layout(response)
    assert "invalid" in response.content.decode().lower()


def test_it_marks_arabic_pages_right_to_left(client, focal_point):
    focal_point.preferred_language = "ar"
    focal_point.save()
    client.force_login(focal_point)
    page = client.get(reverse("accounts:organisation_list")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page


def test_it_saves_a_profile_and_refuses_an_unknown_time_zone(client, focal_point):
    client.force_login(focal_point)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Aïssatou Ba", "preferred_language": "es", "time_zone": "Mars/Olympus"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "Mars/Olympus is not one of the available choices" in response.content.decode()
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Aïssatou Ba", "preferred_language": "es", "time_zone": "America/Lima"},
    )
    assert response.status_code == HTTPStatus.FOUND
    focal_point.refresh_from_db()
    assert (focal_point.preferred_language, focal_point.time_zone) == ("es", "America/Lima")


def test_it_answers_an_unknown_page_with_404(client, focal_point):
    client.force_login(focal_point)
    assert client.get("/organisations/999999/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/organisations/not-a-number/").status_code == HTTPStatus.NOT_FOUND
    assert client.get(reverse("accounts:membership_decide", args=[1])).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_it_remembers_the_language_a_member_switches_to(client, focal_point):
    client.force_login(focal_point)
    response = client.post(reverse("set_language"), {"language": "ru", "next": reverse("accounts:organisation_list")})
    assert response.status_code == HTTPStatus.FOUND
    focal_point.refresh_from_db()
    assert focal_point.preferred_language == "ru"
    assert '<html lang="ru"' in client.get(reverse("accounts:organisation_list")).content.decode()


def test_it_switches_language_for_a_visitor_without_an_account(client):
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert '<html lang="es"' in client.get(reverse("home")).content.decode()


def test_it_ignores_an_unknown_language(client, focal_point):
    client.force_login(focal_point)
    response = client.post(reverse("set_language"), {"language": "tlh", "next": "/"})
    assert response.status_code == HTTPStatus.FOUND
    focal_point.refresh_from_db()
    assert focal_point.preferred_language == "en"

"""A stakeholder signs up, confirms her address, registers her organisation, and a moderator verifies it."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import Membership, Organisation, User
from tests.factories import category, country

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Grace Mensah",
    "email": "grace@ghana-digital.example",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
    "preferred_language": "fr",
    "time_zone": "Africa/Accra",
}


def confirmation_link(mailoutbox):
    body = mailoutbox[-1].body
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", body).group(1)


def test_it_takes_a_newcomer_from_sign_up_to_a_verified_organisation(
    client, mailoutbox, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail is a follow-up, sent once this commits
        response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == HTTPStatus.FOUND
    user = User.objects.get(email="grace@ghana-digital.example")
    assert (user.full_name, user.preferred_language, user.time_zone) == ("Grace Mensah", "fr", "Africa/Accra")
    assert not EmailAddress.objects.get(user=user).verified
    assert mailoutbox[-1].to == ["grace@ghana-digital.example"]

    # Unconfirmed, she cannot start registering an organisation.
    assert client.get(reverse("accounts:organisation_create")).status_code == HTTPStatus.FOUND

    link = confirmation_link(mailoutbox)
    assert client.get(link).status_code == HTTPStatus.OK
    response = client.post(link)
    assert response.status_code == HTTPStatus.FOUND
    assert EmailAddress.objects.get(user=user).verified

    response = client.post(
        reverse("accounts:organisation_create"),
        {
            "name": "Ghana Digital Inclusion Forum",
            "acronym": "GDIF",
            "category": category("civil-society").pk,
            "country": country("GHA").pk,
            "website": "ghana-digital.example",
            "ecosoc_status": "none",
        },
    )
    organisation = Organisation.objects.get(name="Ghana Digital Inclusion Forum")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.website == "https://ghana-digital.example"
    assert organisation.memberships.get().role == Membership.Role.FOCAL_POINT
    page = client.get(organisation.get_absolute_url())
    assert "Awaiting verification" in page.content.decode() or "En attente" in page.content.decode()

    # The moderator verifies it from the admin, with a note.
    client.force_login(moderator)
    changelist = reverse("admin:accounts_organisation_changelist")
    response = client.post(changelist, {"action": "verify", "_selected_action": [organisation.pk]})
    assert response.status_code == HTTPStatus.OK
    assert "Ghana Digital Inclusion Forum" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist,
            {
                "action": "verify",
                "_selected_action": [organisation.pk],
                "apply": "1",
                "note": "Checked with the Mission.",
            },
        )
    assert response.status_code == HTTPStatus.FOUND
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED
    assert organisation.verified_by == moderator
    assert organisation.verification_note == "Checked with the Mission."
    assert mailoutbox[-1].to == ["grace@ghana-digital.example"]
    assert "Checked with the Mission." in mailoutbox[-1].body

    # Grace sees the verified status, in her own language.
    client.force_login(user)
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert 'lang="fr"' in page
    assert "Checked with the Mission." in page


def test_it_refuses_a_weak_password(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "password1": "password", "password2": "password"})
    assert response.status_code == HTTPStatus.OK
    assert "This password is too common" in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_it_creates_no_second_account_for_an_address_already_used(
    client, mailoutbox, focal_point, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), {**SIGNUP, "email": focal_point.email})
    # The page does not reveal who is registered; the address's owner is told by e-mail.
    assert response.status_code == HTTPStatus.FOUND
    assert User.objects.filter(email__iexact=focal_point.email).count() == 1
    assert mailoutbox[-1].to == [focal_point.email]
    assert "already" in mailoutbox[-1].body.lower()
    assert User.objects.get(email=focal_point.email).full_name == "Aïssatou Ba"


def test_it_refuses_a_tampered_confirmation_link(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP)
    link = confirmation_link(mailoutbox)
    tampered = link[:-6] + ("x" if link[-6] != "x" else "y") + link[-5:]
    page = client.get(tampered)
    assert page.status_code == HTTPStatus.OK
    assert "expired or is invalid" in page.content.decode()
    assert client.post(tampered).status_code == HTTPStatus.NOT_FOUND
    assert not EmailAddress.objects.get(email=SIGNUP["email"]).verified


def test_it_lets_a_member_sign_in_with_the_form(client, focal_point):
    response = client.post(
        reverse("account_login"), {"login": focal_point.email, "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(reverse("accounts:organisation_list")).status_code == HTTPStatus.OK


def test_it_sends_a_password_reset_link_that_works(client, mailoutbox, focal_point, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": focal_point.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mailoutbox[-1].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": "another-long-passphrase", "password2": "another-long-passphrase"})
    assert response.status_code == HTTPStatus.FOUND
    focal_point.refresh_from_db()
    assert focal_point.check_password("another-long-passphrase")


def test_it_changes_a_password_for_a_signed_in_member(client, focal_point):
    client.force_login(focal_point)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "correct-horse-battery-staple",
            "password1": "fresh-long-passphrase",
            "password2": "fresh-long-passphrase",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    focal_point.refresh_from_db()
    assert focal_point.check_password("fresh-long-passphrase")

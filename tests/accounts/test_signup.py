"""Signing up speaks the language chosen on the form, signs the newcomer in once confirmed, and offers the time
zones people live in."""

import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.forms import ProfileForm, SignupForm
from accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Layla Haddad",
    "email": "layla@beirut-digital.example",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
    "preferred_language": "ar",
    "time_zone": "Asia/Beirut",
}


def sign_up(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail is a follow-up, sent once this commits
        return client.post(reverse("account_signup"), {**SIGNUP, **changes}, follow=True)


def confirmation_link(mailoutbox):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mailoutbox[-1].body).group(1)


def in_arabic(text):
    with translation.override("ar"):
        return translation.gettext(text)


def test_it_speaks_the_language_chosen_on_the_form_from_the_sign_up_on(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    assert '<html lang="en"' in client.get(reverse("account_signup")).content.decode()

    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == HTTPStatus.OK
    assert response.redirect_chain[-1][0].startswith(reverse("account_email_verification_sent"))
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    (message,) = mailoutbox
    assert in_arabic("Please Confirm Your Email Address") in message.subject
    assert in_arabic("Dear %(name)s,") % {"name": "Layla Haddad"} in message.body
    # The next pages too, though she is not signed in until she confirms her address.
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    assert '<html lang="ar" dir="rtl">' in client.get(reverse("home")).content.decode()


def test_it_writes_to_an_existing_account_in_its_owner_s_language(
    client, mailoutbox, focal_point, django_capture_on_commit_callbacks
):
    # Someone signs up in Arabic with an address that already has an account: its owner reads French, and the
    # page answers as it would to any sign-up (no hint that the address is known).
    focal_point.preferred_language = "fr"
    focal_point.save()
    response = sign_up(client, django_capture_on_commit_callbacks, email=focal_point.email)

    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    (message,) = mailoutbox
    with translation.override("fr"):
        assert translation.gettext("Account Already Exists") in message.subject


def test_it_signs_the_newcomer_in_once_confirmed_and_leads_to_her_organisation(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)

    response = client.post(confirmation_link(mailoutbox))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("accounts:organisation_list")
    page = client.get(response["Location"])
    assert page.wsgi_request.user == User.objects.get(email=SIGNUP["email"])
    assert '<html lang="ar" dir="rtl">' in page.content.decode()


def zone_groups(form):
    return {str(label): dict(zones) for label, zones in form.fields["time_zone"].choices if isinstance(zones, list)}


def test_it_offers_current_zones_by_region_labelled_by_city(focal_point):
    groups = zone_groups(SignupForm())

    assert groups["Africa"]["Africa/Cairo"] == "Cairo"
    assert groups["Africa"]["Africa/Asmara"] == "Asmara"
    assert groups["Americas"]["America/Argentina/Buenos_Aires"] == "Buenos Aires (Argentina)"
    assert groups["Indian Ocean"]["Indian/Mauritius"] == "Mauritius"
    offered = {zone for zones in groups.values() for zone in zones}
    assert not offered & {"Africa/Asmera", "Asia/Calcutta", "Europe/Kiev", "US/Eastern", "Etc/GMT+3", "EST5EDT"}
    assert list(groups["Africa"].values()) == sorted(groups["Africa"].values())
    assert ("UTC", "UTC") in SignupForm().fields["time_zone"].choices
    assert zone_groups(ProfileForm(instance=focal_point)) == groups  # one list for both forms


def test_it_shows_the_zones_grouped_on_the_sign_up_page(client):
    page = client.get(reverse("account_signup")).content.decode()

    assert '<optgroup label="Africa">' in page
    assert '<option value="Africa/Cairo">Cairo</option>' in page
    assert "Africa/Asmera" not in page
    assert "data-browser-zone" in page  # concord.js picks the browser's zone


def test_it_keeps_the_choice_of_a_form_sent_back_from_the_browser_s_zone(client):
    # Sent back with an error, the form shows what was chosen: the browser's zone must not replace it.
    response = client.post(reverse("account_signup"), {**SIGNUP, "password2": "something else"})

    assert response.status_code == HTTPStatus.OK
    assert "data-browser-zone" not in response.content.decode()


def test_it_shows_a_legacy_zone_as_its_current_name_and_saves_that(client, focal_point):
    focal_point.time_zone = "Africa/Asmera"
    focal_point.save()
    client.force_login(focal_point)

    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<option value="Africa/Asmara" selected>Asmara</option>' in page

    data = {"full_name": focal_point.full_name, "preferred_language": "en"}
    response = client.post(reverse("accounts:profile"), {**data, "time_zone": "Africa/Asmera"})  # a page from before
    assert response.status_code == HTTPStatus.FOUND
    focal_point.refresh_from_db()
    assert focal_point.time_zone == "Africa/Asmara"


def test_it_keeps_a_zone_without_a_current_name_that_an_administrator_set(client, focal_point):
    focal_point.time_zone = "Etc/GMT-3"
    focal_point.save()
    client.force_login(focal_point)

    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<option value="Etc/GMT-3" selected>' in page
    data = {"full_name": focal_point.full_name, "preferred_language": "en", "time_zone": "Etc/GMT-3"}
    assert client.post(reverse("accounts:profile"), data).status_code == HTTPStatus.FOUND


def test_it_calls_creating_an_account_signing_up_everywhere(client, consultation):
    for address in (reverse("home"), consultation.get_absolute_url(), reverse("account_login")):
        page = client.get(address).content.decode()
        links = re.findall(r'<a [^>]*href="/accounts/signup/"[^>]*>\s*([^<]*?)\s*</a>', page)
        assert links and set(links) <= {"Sign up", "sign up"}, address
    page = client.get(reverse("account_signup")).content.decode()
    assert re.search(r"<h1>\s*Sign up\s*</h1>", page)
    assert re.search(r'<button[^>]*type="submit"[^>]*>\s*Sign up\s*</button>', page)
    assert "Register with your e-mail" not in client.get(reverse("home")).content.decode()

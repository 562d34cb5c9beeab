"""Messages are written in the language of the page that shows them, the reader's own once signed in; allauth's
e-mails in the recipient's language."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse

from tests.consultations.test_submissions import edit_url, post_data
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_it_welcomes_an_arabic_member_in_arabic_after_signing_in_from_an_english_page(client, focal_point):
    focal_point.preferred_language = "ar"
    focal_point.save()
    assert '<html lang="en"' in client.get(reverse("account_login") + "?lang=en").content.decode()

    response = client.post(
        reverse("account_login") + "?lang=en", {"login": focal_point.email, "password": PASSWORD}, follow=True
    )

    assert response.status_code == HTTPStatus.OK
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    assert messages_of(response) == ["لقد سجلت الدخول بنجاح يا Aïssatou Ba."]


def test_it_says_goodbye_in_the_language_of_the_page_after_signing_out(client, focal_point):
    focal_point.preferred_language = "ar"
    focal_point.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the browser's language as a visitor, before signing in
    client.force_login(focal_point)

    response = client.post(reverse("account_logout"), follow=True)

    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    assert messages_of(response) == ["تم تسجيل خروجك."]


def test_it_tells_a_french_member_her_draft_is_saved_in_french_after_an_english_link(
    client, consultation, verified, focal_point
):
    focal_point.preferred_language = "fr"
    focal_point.save()
    client.force_login(focal_point)
    url = edit_url(consultation, verified) + "?lang=en"  # a link the secretariat sent in English
    assert '<html lang="en"' in client.get(url).content.decode()

    response = client.post(url, post_data(consultation, {1: "Une première idée"}, save="1"), follow=True)

    assert '<html lang="fr"' in response.content.decode()
    assert messages_of(response) == ["Votre brouillon est enregistré. Il n'a pas été envoyé."]


def test_it_tells_a_french_member_her_input_is_withdrawn_in_french_after_an_english_link(
    client, consultation, verified, focal_point
):
    focal_point.preferred_language = "fr"
    focal_point.save()
    client.force_login(focal_point)
    client.post(edit_url(consultation, verified), post_data(consultation, {1: "Une première idée"}, save="1"))
    client.get(edit_url(consultation, verified))  # the message about the draft, read
    url = reverse("consultations:submission_withdraw", args=[consultation.slug, verified.pk]) + "?lang=en"

    response = client.post(url, follow=True)

    assert '<html lang="fr"' in response.content.decode()
    assert messages_of(response) == ["La contribution a été retirée. Elle ne sera ni compilée ni publiée."]


def test_it_sends_the_password_reset_in_the_members_language_whatever_page_asked(
    client, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    focal_point.preferred_language = "ar"
    focal_point.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password") + "?lang=en", {"email": focal_point.email})

    (mail,) = mailoutbox
    assert mail.subject == "[Concord] رسالة إعادة ضبط كلمة المرور"
    assert "حضرة Aïssatou Ba" in mail.body


def test_it_confirms_a_new_preferred_language_in_that_language(client, focal_point):
    client.force_login(focal_point)
    data = {"full_name": focal_point.full_name, "preferred_language": "fr", "time_zone": "Europe/Paris"}

    response = client.post(reverse("accounts:profile"), data, follow=True)

    assert '<html lang="fr"' in response.content.decode()
    assert messages_of(response) == ["Votre profil a été enregistré."]

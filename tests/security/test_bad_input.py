"""Hostile or broken requests get a clear 4xx and change nothing; what people type is stored and shown, never run."""

import time
from http import HTTPStatus
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.mfa.totp.internal import auth as totp
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import login_events
from accounts.models import LoginEvent
from consultations.models import Attachment
from tests.factories import PASSWORD, InputFactory, current_code
from tests.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
HOSTILE = (
    "'; DROP TABLE accounts_user; -- {{ settings.SECRET_KEY }} {% debug %} "
    "<script>alert('x')</script> <img src=x onerror=alert(1)>"
)


def profile(name, **more):
    return {"full_name": name, "preferred_language": "en", "time_zone": "UTC", **more}


# --- Oversized and malformed bodies ---------------------------------------------------------------------------


def test_it_refuses_a_body_over_the_memory_limit_with_400(client, settings, focal_point):
    client.force_login(focal_point)
    body = urlencode(profile("A" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)))
    response = client.post(reverse("accounts:profile"), body, content_type=FORM)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "The request could not be understood" in response.content.decode()
    focal_point.refresh_from_db()
    assert focal_point.full_name == "Aïssatou Ba"


def test_it_refuses_an_oversized_sign_in_with_400_even_with_the_csrf_check_on(db):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("account_login"))  # a real form, with its CSRF cookie: the body itself is what is wrong
    token = client.cookies["csrftoken"].value
    body = urlencode({"csrfmiddlewaretoken": token, "login": "x@example.org", "password": "p" * 3_000_000})
    assert client.post(reverse("account_login"), body, content_type=FORM).status_code == HTTPStatus.BAD_REQUEST


def test_it_refuses_too_many_fields_with_400(client, settings, focal_point):
    client.force_login(focal_point)
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("accounts:profile"), urlencode(profile("Changed", **fields)), content_type=FORM)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    focal_point.refresh_from_db()
    assert focal_point.full_name == "Aïssatou Ba"


def test_it_refuses_too_many_files_with_400_and_stores_none(
    client, settings, tmp_path, consultation, verified, focal_point
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(focal_point)
    files = [upload(f"part{n}.pdf", b"%PDF-1.4") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = client.post(
        reverse("consultations:submission_edit", args=[consultation.slug, verified.pk]),
        {"language": "en", "consent": "public", "revision": 0, "save": "1", "files": files},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Attachment.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_it_refuses_an_attachment_over_the_size_limit_with_a_message(
    client, settings, tmp_path, consultation, verified, focal_point
):
    settings.MEDIA_ROOT, settings.ATTACHMENT_MAX_BYTES = tmp_path, 2000
    client.force_login(focal_point)
    response = client.post(
        reverse("consultations:submission_edit", args=[consultation.slug, verified.pk]),
        {
            "language": "en",
            "consent": "public",
            "revision": 0,
            "save": "1",
            "files": [upload("big.pdf", pdf_bytes(20))],
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "attachments may be at most" in response.content.decode()
    assert not Attachment.objects.exists()


def test_it_refuses_a_null_character_in_a_field_with_a_message(client, focal_point):
    client.force_login(focal_point)
    response = client.post(reverse("accounts:profile"), profile("Aïssatou\x00Ba"))
    assert response.status_code == HTTPStatus.BAD_REQUEST  # before any form reads it (tests/security/test_bad_bytes.py)
    assert "characters that are not text" in response.content.decode()
    focal_point.refresh_from_db()
    assert focal_point.full_name == "Aïssatou Ba"


# --- Hosts, sessions and forms from elsewhere -------------------------------------------------------------------


def test_it_refuses_a_host_it_does_not_serve(client):
    response = client.get("/", HTTP_HOST="concord.attacker.example")
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_it_sends_no_reset_link_pointing_at_a_forged_host(client, focal_point, mailoutbox):
    response = client.post(
        reverse("account_reset_password"), {"email": focal_point.email}, HTTP_HOST="concord.attacker.example"
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert mailoutbox == []


def test_it_treats_a_forged_session_cookie_as_anonymous(client, moderator):
    client.force_login(moderator)
    real = client.cookies["sessionid"].value
    for forged in ("0" * 32, real[:-1] + ("a" if real[-1] != "a" else "b"), "../../etc/passwd", "x" * 5000):
        client.cookies["sessionid"] = forged
        profile_page = client.get(reverse("accounts:profile"))
        assert profile_page.status_code == HTTPStatus.FOUND
        assert profile_page["Location"].startswith(reverse("account_login"))
        assert client.get(reverse("consultations:moderation_index"))["Location"].startswith(reverse("account_login"))


def test_it_refuses_a_form_without_or_with_a_forged_csrf_token(db, focal_point):
    client = Client(enforce_csrf_checks=True)
    client.force_login(focal_point)
    token = client.get(reverse("accounts:profile")).context["csrf_token"]
    missing = client.post(reverse("accounts:profile"), profile("Without Token"))
    forged = client.post(reverse("accounts:profile"), profile("Forged Token", csrfmiddlewaretoken="A" * 64))
    for response in (missing, forged):
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "This form could not be accepted" in response.content.decode()
    focal_point.refresh_from_db()
    assert focal_point.full_name == "Aïssatou Ba"
    good = client.post(reverse("accounts:profile"), profile("Aïssatou B.", csrfmiddlewaretoken=str(token)))
    assert good.status_code == HTTPStatus.FOUND


def test_it_refuses_a_sign_in_posted_from_another_site(db, focal_point):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": focal_point.email, "password": PASSWORD})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "_auth_user_id" not in client.session


# --- What people type -------------------------------------------------------------------------------------------


def test_it_stores_sql_and_template_syntax_as_text_and_shows_it_escaped(
    client, settings, consultation, verified, moderator
):
    submission = InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: HOSTILE, 2: "Plain."},
        moderator=moderator,
        accepted=True,
    )
    assert submission.answers.get(question__number=1).text == HOSTILE
    page = client.get(
        reverse("consultations:public_input", args=[consultation.slug, submission.reference])
    ).content.decode()
    assert "{{ settings.SECRET_KEY }} {% debug %}" in page
    assert settings.SECRET_KEY not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert get_user_model().objects.exists()  # no table was dropped


def test_it_shows_a_hostile_name_escaped_to_the_moderators(client, consultation, verified, focal_point, moderator):
    focal_point.full_name = HOSTILE
    focal_point.save()
    submission = InputFactory(consultation=consultation, organisation=verified, answers={1: HOSTILE, 2: "Plain."})
    client.force_login(moderator)
    page = client.get(reverse("consultations:moderation_review", args=[submission.pk])).content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert "{{ settings.SECRET_KEY }}" in page


def test_it_searches_for_sql_as_words(client, consultation, verified, moderator):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "Openness matters.", 2: "Plain."},
        moderator=moderator,
        accepted=True,
    )
    for query in ("' OR 1=1 --", "%' UNION SELECT password FROM accounts_user --", "\\", "{{ 7*7 }}"):
        response = client.get(reverse("consultations:public_inputs", args=[consultation.slug]), {"q": query})
        assert response.status_code == HTTPStatus.OK
        assert "Sahel Digital Rights Network" not in response.content.decode()
    found = client.get(reverse("consultations:public_inputs", args=[consultation.slug]), {"q": "Openness"})
    assert "Sahel Digital Rights Network" in found.content.decode()


# --- Second factor and floods -----------------------------------------------------------------------------------


def test_it_refuses_a_second_factor_code_used_once_already(client, monkeypatch, moderator):
    # The authenticator's clock stands still: the code stays within its 30 seconds, only its reuse is at stake.
    now = totp.time.time()
    monkeypatch.setattr(totp, "time", SimpleNamespace(time=lambda: now))
    code = current_code()
    client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": code})["Location"] == reverse("home")
    client.post(reverse("account_logout"))

    client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    replay = client.post(reverse("mfa_authenticate"), {"code": code})
    assert replay.status_code == HTTPStatus.OK
    assert "Incorrect code" in replay.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.MFA_FAILED, user=moderator).count() == 1


ATTEMPTS = 10_000  # far past every limit: allauth's 5 per account, 10 and 30 per address, and our 120 per address


@pytest.fixture
def one_minute(monkeypatch):
    """Every attempt lands in the same minute, however long the loop takes: the site's and allauth's clocks stop."""
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    stopped = SimpleNamespace(time=lambda: now.timestamp(), monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(allauth_ratelimit, "time", stopped)
    # The cache's expiry runs on its own clock (Redis's): on a slow machine the loop outlasts a real minute.
    monkeypatch.setattr(login_events, "REFUSED_EVENT_EVERY_SECONDS", 3600)


def test_it_holds_its_limits_against_a_flood_of_sign_in_attempts(client, one_minute, focal_point):
    """Ten thousand guesses in a minute from one address: refused after the limits, nobody signed in, nothing saved."""
    statuses = []
    for n in range(ATTEMPTS):
        body = urlencode({"login": focal_point.email, "password": f"guess-{n}"})
        statuses.append(client.post(reverse("account_login"), body, content_type=FORM).status_code)
    assert set(statuses) <= {HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS}
    first_refusal = statuses.index(HTTPStatus.TOO_MANY_REQUESTS)
    assert first_refusal == 30  # allauth's sign-in limit per address
    assert set(statuses[first_refusal:]) == {HTTPStatus.TOO_MANY_REQUESTS}
    # The right password is refused as well until the minute is over.
    body = urlencode({"login": focal_point.email, "password": PASSWORD})
    assert client.post(reverse("account_login"), body, content_type=FORM).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session
    focal_point.refresh_from_db()
    assert focal_point.last_login is None and focal_point.check_password(PASSWORD)
    # Five failures reached the password check; the log holds them and a single "refused" line, not a thousand.
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.FAILED).count() == 5
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.RATE_LIMITED).count() == 1
    assert not LoginEvent.objects.filter(kind=LoginEvent.Kind.SIGNED_IN).exists()

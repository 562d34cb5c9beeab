"""Bytes that are not text (a NUL, half of a surrogate pair) are refused with 400 before anything reads them, on
every page: in the address, in its query, in a form. PostgreSQL cannot hold a NUL and answers any query that
carries one with an error, which must never reach anyone as a server error.

The pages are the permission matrix's (every named URL of the site), asked for as it asks for them.
"""

from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from accounts.models import LoginEvent, User
from consultations.models import Attachment
from tests.files import docx_bytes, upload
from tests.security import test_permission_matrix as matrix
from tests.security.test_permission_matrix import cases, url_for
from web.security import is_readable

# The matrix's fixtures: the cast and what they act on, and the media folder they use.
world, media_root, _media = matrix.world, matrix.media_root, matrix._media

pytestmark = pytest.mark.django_db

NUL = "%00"
SURROGATE = "%ED%A0%80"  # U+D800 written in UTF-8: half of a surrogate pair, which no text may hold alone
FORM = "application/x-www-form-urlencoded"
REFUSAL = "characters that are not text"


def in_the_path(bad):
    """At the end of the address's last part, where a page taking text (a reference, a slug) would read it."""
    return lambda url: f"{url[:-1]}{bad}/" if url.endswith("/") else url + bad


BAD_ADDRESSES = {
    "NUL in the path": in_the_path(NUL),
    "lone surrogate in the path": in_the_path(SURROGATE),
    "NUL in a query value": lambda url: f"{url}?q=a{NUL}b&consultation=a{NUL}b&page=1{NUL}",
    "lone surrogate in a query value": lambda url: f"{url}?q=a{SURROGATE}b&consultation=a{SURROGATE}b",
    "NUL in a query name": lambda url: f"{url}?a{NUL}b=1",
}


@pytest.mark.parametrize("role", ["anonymous", "moderator"])
@pytest.mark.parametrize("bad", BAD_ADDRESSES)
def test_it_refuses_bad_bytes_in_the_address_of_every_page(client, world, role, bad):
    client.raise_request_exception = False
    if world.cast[role] is not None:
        client.force_login(world.cast[role])  # with two-factor authentication, as the matrix signs in
    wrong = []
    for case, name, arguments, overrides in cases():
        url = BAD_ADDRESSES[bad](url_for(name, arguments, overrides, world))
        response = client.get(url)
        if response.status_code != HTTPStatus.BAD_REQUEST:
            wrong.append(f"{case} ({url}): {response.status_code}")
    assert not wrong, f"As {role}, with a {bad}:\n" + "\n".join(wrong)


def test_it_says_what_was_wrong(client, consultation):
    response = client.get(reverse("consultations:public_inputs", args=[consultation.slug]) + f"?q={NUL}")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert REFUSAL in response.content.decode()


def test_it_still_takes_text_in_every_script_and_a_percent_sign(client, focal_point, consultation):
    client.force_login(focal_point)
    assert (
        client.get(reverse("accounts:organisation_join"), {"q": "Sénégal 日本 العربية 100%"}).status_code
        == HTTPStatus.OK
    )
    assert (
        client.get(reverse("consultations:public_inputs", args=[consultation.slug]) + "?q=100%25").status_code
        == HTTPStatus.OK
    )


def profile(name):
    return {"full_name": name, "preferred_language": "en", "time_zone": "UTC"}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(profile("Aïssatou\x00Ba"), id="NUL in a value"),
        pytest.param({**profile("Changed"), "x\x00": "1"}, id="NUL in a name"),
        pytest.param(urlencode(profile("Aïssatou\x00Ba")), id="NUL in a URL-encoded value"),
        pytest.param("full_name=A%ED%A0%80B&preferred_language=en&time_zone=UTC", id="lone surrogate, URL-encoded"),
    ],
)
def test_it_refuses_a_form_with_bad_bytes_and_writes_nothing(client, focal_point, body):
    client.force_login(focal_point)
    options = {"content_type": FORM} if isinstance(body, str) else {}
    response = client.post(reverse("accounts:profile"), body, **options)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert REFUSAL in response.content.decode()
    focal_point.refresh_from_db()
    assert focal_point.full_name == "Aïssatou Ba"


def test_it_refuses_a_sign_up_with_a_nul_and_creates_no_account(client):
    data = {
        "full_name": "Grace\x00Mensah",
        "email": "grace@ghana-digital.example",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
        "preferred_language": "fr",
        "time_zone": "Africa/Accra",
    }
    assert client.post(reverse("account_signup"), data).status_code == HTTPStatus.BAD_REQUEST
    assert not User.objects.filter(email="grace@ghana-digital.example").exists()


def test_it_logs_a_sign_in_refused_by_the_posting_limits_even_with_a_nul_in_the_address(client, settings):
    """The posting limits refuse a post before the form is checked (they must, to spare parsing its files)."""
    settings.FORM_POSTS_PER_MINUTE_PER_ADDRESS = 1
    data = {"login": "eve\x00@example.org", "password": "not-her-password"}
    assert client.post(reverse("account_login"), data).status_code == HTTPStatus.BAD_REQUEST
    assert client.post(reverse("account_login"), data).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert LoginEvent.objects.get(kind=LoginEvent.Kind.RATE_LIMITED).email == ""


def test_it_takes_a_file_whose_content_holds_nul_bytes(client, settings, tmp_path, consultation, verified, focal_point):
    settings.MEDIA_ROOT = tmp_path
    document = docx_bytes()
    assert b"\x00" in document
    client.force_login(focal_point)
    response = client.post(
        reverse("consultations:submission_edit", args=[consultation.slug, verified.pk]),
        {"language": "en", "consent": "public", "revision": 0, "save": "1", "files": [upload("views.docx", document)]},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Attachment.objects.get().sha256


@pytest.mark.parametrize(
    ("raw", "readable"),
    [
        (b"Sahel Digital Rights Network", True),
        ("Sénégal 日本".encode(), True),
        (b"q=S%C3%A9n%C3%A9gal&page=2", True),
        (b"100%", True),
        (b"a\x00b", False),
        (b"q=a%00b", False),
        (b"q=%ED%A0%80", False),  # a lone surrogate
        (b"q=%FF", False),  # not UTF-8 at all
    ],
)
def test_it_tells_text_from_bytes_that_are_not(raw, readable):
    assert is_readable(raw) is readable

"""Every page carries a strict content policy and none needs an inline script or style; HTTPS hardening is on."""

import json
import os
import re
import subprocess
import sys
from collections import deque
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import (
    PASSWORD,
    InputFactory,
    OrganisationFactory,
    UserFactory,
    WorkingGroupFactory,
    country,
    give_mfa,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Not pages: files, PDF renderings and exports; the admin's "view on site" redirects, which leave the admin for
# public pages crawled on their own.
NOT_CRAWLED = re.compile(r"^/(static|media)/|/pdf/$|/download/$|\.(csv|xlsx|json)$|/logout/$|^/admin/r/")


def policy_of(response):
    return parse_policy(response.headers.get("Content-Security-Policy", ""))


def parse_policy(header):
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


class InlineCode(HTMLParser):
    """Finds what a strict policy would block in a page, and the page's links."""

    def __init__(self):
        super().__init__()
        self.problems, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # A <script type="application/json"> is data read by a static script (allauth's), never run.
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/json":
            self.problems.append("an inline <script>")
        if tag == "style":
            self.problems.append("a <style> element")
        for name, value in attributes.items():
            if name == "style":
                self.problems.append(f'a style="" attribute on <{tag}>')
            if name.startswith("on"):
                self.problems.append(f"an {name} handler on <{tag}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"a javascript: URL on <{tag}>")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])

    handle_startendtag = handle_starttag


def inspect(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser


def crawl(client, start, *, within=("/",), avoid=("/admin/",), limit=400):
    """Open every page reachable from start by links and redirects, once per kind of path; yield (url, response)."""
    queue, seen = deque(start), set()
    while queue and len(seen) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        kind = re.sub(r"/\d+(?=/)", "/N", path)
        if kind in seen or not path.startswith(within) or path.startswith(avoid):
            continue
        seen.add(kind)
        response = client.get(url)
        yield url, response
        if response.status_code in (HTTPStatus.FOUND, HTTPStatus.MOVED_PERMANENTLY):
            queue.append(urljoin(url, response["Location"]))
        elif response.headers.get("Content-Type", "").startswith("text/html"):
            for href in inspect(response).links:
                target = urlsplit(urljoin(url, href))
                if target.netloc in ("", "testserver") and not NOT_CRAWLED.search(target.path):
                    queue.append(target.path + (f"?{target.query}" if target.query else ""))


def assert_every_page_is_strict(client, start, **kwargs):
    pages, problems = 0, []
    for url, response in crawl(client, start, **kwargs):
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, url
        if policy_of(response) != POLICY:
            problems.append(f"{url}: Content-Security-Policy is {response.headers.get('Content-Security-Policy')!r}")
        if response.headers.get("Content-Type", "").startswith("text/html"):
            pages += 1
            problems += [f"{url}: {problem}" for problem in inspect(response).problems]
    assert problems == []
    return pages


@pytest.fixture
def site(consultation, verified, focal_point, moderator, pending_organisation):
    """A consultation with a published input, one awaiting moderation, and a working group open to nominations."""
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "<b>Shared</b> views.", 2: "All of them."},
        moderator=moderator,
        accepted=True,
    )
    kenyan = OrganisationFactory(name="Kenya ICT Action Network", country=country("KEN"), status="verified")
    InputFactory(consultation=consultation, organisation=kenyan, answers={1: "Pending views.", 2: "Pending roles."})
    WorkingGroupFactory()
    return consultation


@pytest.fixture
def superuser(db):
    user = UserFactory(email="root@example.org", full_name="Rita Okafor", is_staff=True, is_superuser=True)
    give_mfa(user)
    return user


def test_it_gives_every_page_reachable_by_the_public_a_strict_policy(client, site):
    start = [
        "/",
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("account_reset_password_from_key", args=["x", "bad-key"]),
        reverse("account_confirm_email", args=["bad-key"]),
        reverse("consultations:public_inputs", args=[site.slug]),
        reverse("reports:nominate", args=["wgec"]),
        "/no-such-page/",
    ]
    assert assert_every_page_is_strict(client, start) >= 10


def test_it_gives_every_page_a_focal_point_opens_a_strict_policy(client, site, focal_point, verified):
    client.force_login(focal_point)
    start = [
        "/",
        reverse("consultations:submission_edit", args=[site.slug, verified.pk]),
        reverse("reports:nominate", args=["wgec"]),
    ]
    assert assert_every_page_is_strict(client, start) >= 15


def test_it_gives_every_console_page_a_strict_policy(client, site, moderator):
    client.force_login(moderator)
    start = [
        "/",
        reverse("consultations:moderation_index"),
        reverse("reports:working_groups_console"),
        reverse("mfa_index"),
    ]
    assert assert_every_page_is_strict(client, start) >= 15


def test_it_gives_the_admin_a_strict_policy(client, site, superuser):
    client.force_login(superuser)
    pages = assert_every_page_is_strict(client, [reverse("admin:index")], within=("/admin/",), avoid=(), limit=600)
    assert pages >= 40


def test_it_keeps_the_sign_in_steps_strict(client, moderator):
    response = client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    for response in (client.get(reverse("mfa_authenticate")), client.post(reverse("mfa_authenticate"), {"code": "1"})):
        assert policy_of(response) == POLICY
        assert inspect(response).problems == []


def test_it_keeps_two_factor_set_up_strict(client, moderator_without_mfa):
    client.post(reverse("account_login"), {"login": moderator_without_mfa.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == HTTPStatus.OK
    assert 'src="data:image/svg+xml;base64,' in response.content.decode()  # the QR code: img-src allows data:
    assert inspect(response).problems == []


def test_it_keeps_error_pages_strict(client, outsider):
    client.force_login(outsider)
    forbidden = client.get(reverse("consultations:moderation_index"))
    assert forbidden.status_code == HTTPStatus.FORBIDDEN
    for response in (forbidden, client.get("/no-such-page/")):
        assert policy_of(response) == POLICY
        assert inspect(response).problems == []
    for template in ("400.html", "403_csrf.html", "429.html", "500.html"):
        parser = InlineCode()
        parser.feed(render_to_string(template))
        assert parser.problems == [], template


def test_it_leaves_django_debug_pages_readable_in_development_only(client, settings):
    settings.DEBUG = True
    debug_page = client.get("/no-such-page/")
    assert "<style" in debug_page.content.decode()  # Django's own page, shown only to developers
    assert "Content-Security-Policy" not in debug_page.headers
    assert policy_of(client.get("/")) == POLICY


def test_it_forbids_framing_the_site(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert policy_of(response)["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_issues_cookies_that_scripts_cannot_read_and_other_sites_cannot_send(client, settings, focal_point):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True  # as with DEBUG off (checked below)
    page = client.get(reverse("account_login"), secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post(reverse("account_login"), {"login": focal_point.email, "password": PASSWORD}, secure=True)
    assert response.status_code == HTTPStatus.FOUND
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["secure"] and session["samesite"] == "Lax"


def choose_by_link(client):
    return client.get("/consultations/?lang=fr")


def choose_by_switcher(client):
    return client.post(reverse("set_language"), {"language": "fr", "next": "/consultations/"})


@pytest.mark.parametrize("choose", [choose_by_link, choose_by_switcher], ids=["link", "switcher"])
def test_it_sends_the_language_cookie_to_this_site_only_and_over_http_when_sessions_are(client, settings, choose):
    """With DEBUG off it goes over HTTPS only: test_it_hardens_https_when_debug_is_off."""
    assert settings.SESSION_COOKIE_SECURE is False  # DEBUG on, as in development
    cookie = choose(client).cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "fr"
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]


PROBE = """
import json
from django.conf import settings
from django.test import Client
client = Client()
secure = client.get("/admin/", HTTP_HOST="concord.example.org", secure=True)
plain = client.get("/admin/", HTTP_HOST="concord.example.org")
# The language cookie, by a link in a language and by the switcher (redirects: nothing to render, no database).
link = client.get("/admin/?lang=fr", HTTP_HOST="concord.example.org", secure=True)
switcher = client.post("/i18n/setlang/", {"language": "fr", "next": "/"}, HTTP_HOST="concord.example.org", secure=True)
names = ["SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE",
         "CSRF_COOKIE_SAMESITE", "X_FRAME_OPTIONS"]
print(json.dumps({
    "settings": {name: getattr(settings, name) for name in names},
    "secure": dict(secure.headers),
    "plain": [plain.status_code, plain.headers.get("Location")],
    "language": {
        name: {"secure": bool(cookie["secure"]), "samesite": cookie["samesite"], "value": cookie.value}
        for name, cookie in (("link", link.cookies[settings.LANGUAGE_COOKIE_NAME]),
                             ("switcher", switcher.cookies[settings.LANGUAGE_COOKIE_NAME]))
    },
}))
"""


def test_it_hardens_https_when_debug_is_off():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")}
    env.update(
        DEBUG="false",
        SECRET_KEY="k3v9-production-like-secret-for-the-header-check-0123456789abcdef",
        ALLOWED_HOSTS="concord.example.org",
        DATABASE_URL="sqlite:////tmp/concord-header-check.sqlite3",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["settings"] == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "X_FRAME_OPTIONS": "DENY",
    }
    headers = found["secure"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert parse_policy(headers["Content-Security-Policy"]) == POLICY
    assert found["plain"] == [HTTPStatus.MOVED_PERMANENTLY, "https://concord.example.org/admin/"]
    language = {"secure": True, "samesite": "Lax", "value": "fr"}
    assert found["language"] == {"link": language, "switcher": language}

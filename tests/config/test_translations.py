"""The interface in the six UN languages: every string translated, each page in its language and direction."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

ROOT = Path(settings.BASE_DIR)
LANGUAGES = {"ar": "rtl", "zh-hans": "ltr", "en": "ltr", "fr": "ltr", "ru": "ltr", "es": "ltr"}
LOCALES = ["ar", "zh_Hans", "fr", "ru", "es"]
# What makemessages reads: the project's code and templates, not its tools or dependencies.
IGNORED = [".venv", ".git", "bench", "tests", "var", "staticfiles", "deploy", "media", "node_modules"]


@pytest.fixture(scope="module")
def compiled():
    subprocess.run(["bash", str(ROOT / "deploy" / "compile-messages.sh")], check=True)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """makemessages run on a copy of the project: the catalogues as the code asks for them today."""
    copy = tmp_path_factory.mktemp("messages") / "concord"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*IGNORED, "*.mo", "__pycache__"))
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--verbosity=0"]
    command += [f"--locale={locale}" for locale in LOCALES] + [f"--ignore={pattern}" for pattern in IGNORED]
    subprocess.run(command, cwd=copy, check=True, env={"PATH": "/usr/bin:/bin", "DEBUG": "true"})
    return copy / "locale"


def msgattrib(option, path) -> str:
    return subprocess.run(["msgattrib", option, str(path)], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_of_the_interface_is_translated(extracted, locale):
    catalogue = extracted / locale / "LC_MESSAGES" / "django.po"
    untranslated = msgattrib("--untranslated", catalogue)
    assert untranslated == "", f"untranslated in {locale} (run makemessages, then translate):\n{untranslated[:3000]}"
    fuzzy = msgattrib("--only-fuzzy", catalogue)
    assert fuzzy == "", f"fuzzy in {locale}:\n{fuzzy[:3000]}"
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(catalogue)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES.items())
def test_each_page_speaks_the_chosen_language_in_its_direction(client, compiled, consultation, language, direction):
    response = client.post(
        reverse("set_language"), {"language": language, "next": reverse("consultations:consultation_list")}
    )
    assert response.status_code == 302
    page = client.get(reverse("consultations:consultation_list")).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    with translation.override(language):
        sign_in = gettext("Sign in")
    assert f">{sign_in}<" in page  # the navigation is in that language too
    assert (sign_in == "Sign in") == (language == "en")


@pytest.mark.django_db
def test_an_unknown_language_falls_back_to_english(client, consultation):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx-unknown"
    response = client.get(reverse("consultations:consultation_list"), headers={"accept-language": "tlh"})
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_language_in_a_profile_falls_back_to_english(client, focal_point):
    type(focal_point).objects.filter(pk=focal_point.pk).update(preferred_language="xx")
    client.force_login(focal_point)
    response = client.get(reverse("accounts:organisation_list"))
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.content.decode()


@pytest.mark.django_db
def test_a_newcomer_keeps_the_language_chosen_before_signing_up(client, compiled):
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    page = client.get(reverse("account_signup")).content.decode()
    assert '<option value="ru" selected>' in page


@pytest.mark.django_db
def test_a_link_in_a_language_opens_the_page_in_it_and_an_unknown_one_is_ignored(client, compiled, consultation):
    url = reverse("consultations:consultation_list")
    page = client.get(url, {"lang": "fr"}).content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert '<form class="language" action="/consultations/" method="get">' in page
    assert 'type="hidden" value="fr"' not in page  # switching leaves the link's language behind
    assert f'<link rel="alternate" hreflang="ar" href="{url}?lang=ar">' in page
    assert '<html lang="fr" dir="ltr">' in client.get(url).content.decode()  # a visitor keeps it

    client.cookies.clear()
    response = client.get(url, {"lang": "xx-unknown"})
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.content.decode()


@pytest.mark.django_db
def test_a_link_in_a_language_leaves_a_signed_in_users_own_choice(client, compiled, focal_point):
    type(focal_point).objects.filter(pk=focal_point.pk).update(preferred_language="ru")
    client.force_login(focal_point)
    url = reverse("accounts:organisation_list")
    assert '<html lang="ar" dir="rtl">' in client.get(url, {"lang": "ar"}).content.decode()
    assert '<html lang="ru" dir="ltr">' in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_visitor_switches_language_with_a_plain_link_that_keeps_the_filters(client, compiled, consultation):
    page = client.get(
        reverse("consultations:public_inputs", args=[consultation.slug]), {"category": "civil-society"}
    ).content
    page = page.decode()
    assert '<form class="language" action="/consultations/wgec-2013/inputs/" method="get">' in page
    assert '<input name="category" type="hidden" value="civil-society">' in page
    assert '<select id="language-select" name="lang">' in page
    assert "csrfmiddlewaretoken" not in page

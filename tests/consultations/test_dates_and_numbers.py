"""Dates, numbers and the countdown as each of the six languages writes them (CLDR, through Babel), on the pages,
and the countdown's plurals in the browser too."""

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

import pytest
from babel import Locale, dates, numbers
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import Membership
from consultations.models import Consultation
from reports.models import Compilation
from tests.factories import InputFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 12, 6, 0, 58, 7, tzinfo=UTC)
DEADLINE = datetime(2027, 1, 6, 0, 0, tzinfo=UTC)
LOCALES = {"ar": "ar", "en": "en_GB", "es": "es", "fr": "fr", "ru": "ru", "zh-hans": "zh_Hans"}
ANSWERS = {1: "Our view of enhanced cooperation.", 2: "Each stakeholder in its role."}


def text_of(page) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", page.content.decode()))


def cldr(moment: datetime, language: str, *, seconds=False) -> str:
    """What Babel writes for a date and 24-hour time: the long date, the time, joined by the language's pattern."""
    locale = Locale.parse(LOCALES[language])
    day = dates.format_date(moment, "long", locale=locale)
    time = dates.format_skeleton("Hms" if seconds else "Hm", moment, locale=locale)
    return locale.datetime_formats["long"].replace("'", "").replace("{1}", day).replace("{0}", time)


@pytest.fixture
def sent(consultation, verified):
    """An input sent at SENT, before a deadline of DEADLINE."""
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=DEADLINE, opens_at=SENT - timedelta(days=30))
    consultation.refresh_from_db()
    sender = UserFactory(email="sender@example.org")
    MembershipFactory(user=sender, organisation=verified, role=Membership.Role.FOCAL_POINT)
    submission = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS, user=sender, now=SENT)
    return submission


def reader(organisation, language, zone="UTC"):
    user = UserFactory(email=f"reader-{language}@example.org", preferred_language=language, time_zone=zone)
    MembershipFactory(user=user, organisation=organisation, role=Membership.Role.FOCAL_POINT)
    return user


@pytest.mark.parametrize("language", LOCALES)
def test_it_writes_the_receipts_time_and_the_deadline_as_cldr_does_in_each_language(client, sent, language):
    client.force_login(reader(sent.organisation, language))
    receipt = text_of(
        client.get(reverse("consultations:submission_receipt", args=[sent.consultation.slug, sent.organisation_id]))
    )
    detail = text_of(client.get(reverse("consultations:consultation_detail", args=[sent.consultation.slug])))
    assert f"{cldr(SENT, language)} UTC" in receipt
    assert f"{cldr(SENT, language, seconds=True)} UTC" in receipt
    assert f"{cldr(DEADLINE, language)} UTC" in detail
    assert cldr(DEADLINE.astimezone(timezone.get_fixed_timezone(60)), language) in detail  # and in Geneva, UTC+01:00


def test_it_spells_out_the_deadline_in_english_chinese_and_arabic(client, sent):
    said = {}
    for language in ("en", "zh-hans", "ar"):
        client.force_login(reader(sent.organisation, language))
        said[language] = text_of(
            client.get(reverse("consultations:consultation_detail", args=[sent.consultation.slug]))
        )
    assert "6 January 2027, 00:00 UTC" in said["en"]
    assert "6 January 2027, 01:00 in Geneva (UTC+01:00)" in said["en"]
    assert "2027年1月6日 00:00 UTC" in said["zh-hans"]
    assert "6 يناير 2027، 00:00 UTC" in said["ar"]
    assert "midnight" not in said["en"] and "Jan. 6" not in said["en"]


@pytest.mark.parametrize("language", LOCALES)
def test_it_writes_counts_with_the_languages_grouping(client, consultation, language):
    Compilation.objects.create(
        consultation=consultation,
        edition="public",
        status="succeeded",
        page_count=12345,
        file="compilations/wgec.pdf",
        fingerprint="f" * 64,
        finished_at=timezone.now(),
    )
    page = text_of(client.get(reverse("consultations:public_inputs", args=[consultation.slug]), {"lang": language}))
    assert numbers.format_decimal(12345, locale=LOCALES[language]) in page


# The countdown --------------------------------------------------------------------------------------------------

RUSSIAN_DAYS = {1: "1 день", 2: "2 дня", 5: "5 дней", 11: "11 дней", 21: "21 день"}
ARABIC_DAYS = {1: "يوم", 2: "يومان", 5: "5 أيام", 11: "11 يومًا", 21: "21 يومًا"}
COUNTDOWN = re.compile(
    r'<time datetime="(?P<end>[^"]+)" data-countdown>.*?(?P<span><span class="countdown"[^>]*>)(?P<text>[^<]*)<'
)


def left(words: str, language: str) -> str:
    with translation.override(language):
        return gettext("%(left)s left") % {"left": words}


def countdown_page(client, consultation, language, days):
    """The consultation's page in `language`, `days` days and a quarter of an hour before its deadline."""
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() + timedelta(days=days, minutes=15))
    page = client.get(reverse("consultations:consultation_detail", args=[consultation.slug]), {"lang": language})
    match = COUNTDOWN.search(page.content.decode())
    assert match, "the deadline has its countdown"
    return match


@pytest.mark.parametrize(("language", "expected"), [("ru", RUSSIAN_DAYS), ("ar", ARABIC_DAYS)])
def test_it_counts_the_days_left_with_the_languages_plurals(client, consultation, language, expected):
    for days, words in expected.items():
        text = unescape(countdown_page(client, consultation, language, days)["text"])
        assert text == left(words, language)


# The browser's countdown: concord.js run by Node on a page of one <time data-countdown>, as the server wrote it.
RUN_COUNTDOWN = """
const fs = require("fs"), vm = require("vm");
const given = JSON.parse(process.argv[1]);
const label = {textContent: "", getAttribute: (name) => given.attributes[name] ?? null};
const time = {parentNode: {querySelector: () => label}, getAttribute: (name) => name === "datetime" ? given.end : null};
const document = {
  querySelectorAll: (selector) => selector === "time[data-countdown]" ? [time] : [],
  querySelector: () => null,
  documentElement: {lang: given.lang},
};
const context = {document, window: {}, Intl, Date, Math, JSON, parseInt, isNaN, setInterval() {}, setTimeout() {}};
vm.runInNewContext(fs.readFileSync(given.script, "utf8"), context);
process.stdout.write(label.textContent);
"""


def run_countdown(match, language) -> str:
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', match["span"]))
    given = {
        "attributes": {name: unescape(value) for name, value in attributes.items()},
        "end": unescape(match["end"]),
        "lang": language,
        "script": str(Path(settings.BASE_DIR) / "static" / "js" / "concord.js"),
    }
    node = shutil.which("node") or shutil.which("nodejs")
    done = subprocess.run([node, "-e", RUN_COUNTDOWN, json.dumps(given)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(not (shutil.which("node") or shutil.which("nodejs")), reason="needs Node.js")
@pytest.mark.parametrize(("language", "expected"), [("ru", RUSSIAN_DAYS), ("ar", ARABIC_DAYS)])
def test_it_counts_the_days_left_in_the_browser_with_the_languages_plurals(client, consultation, language, expected):
    for days, words in expected.items():
        match = countdown_page(client, consultation, language, days)
        assert run_countdown(match, language) == left(words, language)

"""web.formats: dates, times, durations and numbers as CLDR writes them in the six languages (Babel)."""

import zoneinfo
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from babel import Locale, dates, numbers, units
from django.utils import timezone, translation

from web import formats

DEADLINE = datetime(2027, 1, 6, 0, 0, tzinfo=UTC)
SENT = datetime(2026, 12, 6, 0, 58, 7, tzinfo=UTC)
LOCALES = {"ar": "ar", "en": "en_GB", "es": "es", "fr": "fr", "ru": "ru", "zh-hans": "zh_Hans"}


def zone(name):
    return zoneinfo.ZoneInfo(name)


@pytest.mark.parametrize(("language", "babel"), LOCALES.items())
def test_it_maps_each_interface_language_to_its_babel_locale(language, babel):
    assert str(formats.locale(language)) == babel


def test_it_reads_the_active_language_when_none_is_given():
    with translation.override("zh-hans"):
        assert str(formats.locale()) == "zh_Hans"
    assert str(formats.locale("xx-unknown")) == "en_GB"


@pytest.mark.parametrize("language", LOCALES)
def test_it_writes_a_moment_as_cldr_does(language):
    locale = Locale.parse(LOCALES[language])
    day = dates.format_date(DEADLINE, "long", locale=locale)
    time = dates.format_skeleton("Hm", DEADLINE, locale=locale)
    joined = locale.datetime_formats["long"].replace("{1}", day).replace("{0}", time)
    assert formats.moment(DEADLINE, zone("UTC"), language) == f"{joined} UTC"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "6 January 2027, 00:00 UTC"),
        ("zh-hans", "2027年1月6日 00:00 UTC"),
        ("ar", "6 يناير 2027، 00:00 UTC"),
        ("fr", "6 janvier 2027, 00:00 UTC"),
        ("es", "6 de enero de 2027, 0:00 UTC"),
        ("ru", "6 января 2027\u202fг., 00:00 UTC"),
    ],
)
def test_it_writes_a_deadline_with_its_day_time_and_zone(language, expected):
    assert formats.moment(DEADLINE, zone("UTC"), language) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Africa/Cairo", "6 December 2026, 02:58:07 UTC+02:00"),
        ("Asia/Shanghai", "6 December 2026, 08:58:07 UTC+08:00"),
        ("America/Lima", "5 December 2026, 19:58:07 UTC-05:00"),
        ("Asia/Kolkata", "6 December 2026, 06:28:07 UTC+05:30"),
        ("Europe/London", "6 December 2026, 00:58:07 UTC"),
    ],
)
def test_it_says_the_zone_of_the_time_it_shows(name, expected):
    assert formats.moment(SENT, zone(name), "en", seconds=True) == expected


def test_it_follows_summer_time():
    assert formats.zone_name(datetime(2027, 7, 1, tzinfo=UTC), zone("Europe/Zurich")) == "UTC+02:00"
    assert formats.zone_name(datetime(2027, 1, 1, tzinfo=UTC), zone("Europe/Zurich")) == "UTC+01:00"


def test_it_reads_the_current_zone_and_language_when_none_are_given():
    with translation.override("en"), timezone.override(zone("America/Lima")):
        assert formats.moment(DEADLINE) == "5 January 2027, 19:00 UTC-05:00"
        assert formats.day(DEADLINE) == "5 January 2027"


def test_it_writes_a_short_moment_for_tables():
    assert formats.moment(SENT, zone("UTC"), "en", short=True, seconds=True) == "6 Dec 2026, 00:58:07 UTC"


RUSSIAN = {1: "1 день", 2: "2 дня", 5: "5 дней", 11: "11 дней", 21: "21 день"}
ARABIC = {1: "يوم", 2: "يومان", 5: "5 أيام", 11: "11 يومًا", 21: "21 يومًا"}


@pytest.mark.parametrize(("language", "expected"), [("ru", RUSSIAN), ("ar", ARABIC)])
def test_it_counts_days_left_with_the_languages_plurals(language, expected):
    for days, words in expected.items():
        assert formats.duration(timedelta(days=days, seconds=59), language) == words


@pytest.mark.parametrize("language", LOCALES)
def test_it_says_the_time_left_in_the_two_largest_units(language):
    locale = LOCALES[language]
    day, hours = (
        units.format_unit(n, f"duration-{u}", length="long", locale=locale) for n, u in [(29, "day"), (3, "hour")]
    )
    assert formats.duration(timedelta(days=29, hours=3, minutes=5), language).startswith(day)
    assert hours in formats.duration(timedelta(days=29, hours=3, minutes=5), language)
    assert formats.duration(timedelta(hours=3, minutes=5), "en") == "3 hours and 5 minutes"
    assert formats.duration(timedelta(seconds=20), "en") == "0 minutes"


@pytest.mark.parametrize("language", LOCALES)
def test_it_writes_counts_with_the_languages_digits_and_grouping(language):
    assert formats.number(1234567, language) == numbers.format_decimal(1234567, locale=LOCALES[language])


def test_it_writes_arabic_numbers_in_the_digits_babel_defaults_to():
    """Babel 2.19 (CLDR 47) writes "ar" in Latin digits by default; the browser's countdown is told the same."""
    assert Locale.parse("ar").default_numbering_system == "latn"
    assert formats.number(1234567, "ar") == "1,234,567"
    assert formats.js_locale("ar") == "ar-u-nu-latn"
    assert formats.js_locale("zh-hans") == "zh-Hans-u-nu-latn"
    assert formats.js_locale("en") == "en-GB-u-nu-latn"


@pytest.mark.parametrize(
    ("language", "share", "expected"),
    [
        ("en", 33.3, "33.3%"),
        ("en", 20.0, "20%"),
        ("fr", 33.3, "33,3\xa0%"),
        ("ru", 5, "5\xa0%"),
        ("zh-hans", 12.5, "12.5%"),
    ],
)
def test_it_writes_a_share_in_percent_with_the_languages_sign(language, share, expected):
    assert formats.percent(share, language) == expected
    locale = LOCALES[language]
    assert formats.percent(share, language) == numbers.format_percent(
        Decimal(str(share)) / 100, locale=locale, decimal_quantization=False
    )

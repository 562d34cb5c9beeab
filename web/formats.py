"""Dates, times, durations and numbers as CLDR writes them in each interface language, through Babel.

Pages, e-mails and PDFs all call these (the template filters in web/templatetags/formats.py and the `moment` tag
of web/templatetags/concord.py are thin wrappers), so a deadline reads the same wherever it is shown. Each function
takes the moment, the time zone and the language, and falls back on the active ones (a request's, or an e-mail's
recipient's).

Every time shown says the zone it is in: "6 January 2027, 00:00 UTC", "6 January 2027, 01:00 UTC+01:00". A zone is
written as its offset from UTC at that moment, alike in every language: an abbreviation names several zones ("CST"
is China's and America's), and the rule of the deadline is in UTC.
"""

import functools
import zoneinfo
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal

from babel import Locale, UnknownLocaleError, dates, lists, numbers, units
from django.conf import settings
from django.utils import timezone, translation

UTC = zoneinfo.ZoneInfo("UTC")
# Django's language codes that Babel spells otherwise. The interface's English is British, as UN documents write
# it: "6 January 2027", a 24-hour clock.
BABEL_LOCALES = {"en": "en_GB", "zh-hans": "zh_Hans", "zh-hant": "zh_Hant"}
DEFAULT_LOCALE = "en_GB"


def locale(language: str | None = None) -> Locale:
    """The Babel locale of a Django language code (the active language's by default); British English if unknown."""
    return _locale((language or translation.get_language() or settings.LANGUAGE_CODE).lower())


@functools.cache
def _locale(code: str) -> Locale:
    try:
        return Locale.parse(BABEL_LOCALES.get(code, code.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LOCALE)


def js_locale(language: str | None = None) -> str:
    """The BCP 47 tag a browser's Intl formats with, in the digits Babel writes: "ar-u-nu-latn", "en-GB-u-nu-latn"."""
    where = locale(language)
    tag = "-".join(part for part in (where.language, where.script, where.territory) if part)
    return f"{tag}-u-nu-{where.default_numbering_system}"


def _zone(zone: tzinfo | str | None) -> tzinfo:
    if isinstance(zone, str):
        return zoneinfo.ZoneInfo(zone)
    return zone or timezone.get_current_timezone()


def zone_name(value: datetime, zone: tzinfo | str | None = None) -> str:
    """ "UTC" where the zone is at UTC then, else its offset from UTC: "UTC+02:00", "UTC-05:00", "UTC+05:30"."""
    offset = value.astimezone(_zone(zone)).utcoffset() or timedelta(0)
    if not offset:
        return "UTC"
    minutes = abs(offset) // timedelta(minutes=1)
    return f"UTC{'-' if offset < timedelta(0) else '+'}{minutes // 60:02d}:{minutes % 60:02d}"


def day(value: datetime, zone: tzinfo | str | None = None, language: str | None = None, *, short=False) -> str:
    """The date in `zone`: "6 January 2027", "2027年1月6日" (short: "6 Jan 2027", for tables)."""
    return dates.format_date(value.astimezone(_zone(zone)), "medium" if short else "long", locale=locale(language))


def wall_clock(value: datetime, zone=None, language: str | None = None, *, seconds=False, short=False) -> str:
    """The date and the 24-hour time a clock in `zone` shows: "6 January 2027, 00:00", without the zone."""
    where, local = locale(language), value.astimezone(_zone(zone))
    date = dates.format_date(local, "medium" if short else "long", locale=where)
    time = dates.format_skeleton("Hms" if seconds else "Hm", local, tzinfo=local.tzinfo, locale=where)
    pattern = where.datetime_formats["medium" if short else "long"]
    return pattern.replace("'", "").replace("{1}", date).replace("{0}", time)


def moment(value: datetime, zone=None, language: str | None = None, *, seconds=False, short=False) -> str:
    """The date and time in `zone` (the reader's by default) with that zone: "6 January 2027, 00:00 UTC"."""
    return f"{wall_clock(value, zone, language, seconds=seconds, short=short)} {zone_name(value, zone)}"


def duration(left: timedelta, language: str | None = None) -> str:
    """Time left, to the minute, in its two largest units and the language's plurals: "29 days and 3 hours",
    "21 день", "يومان". static/js/concord.js says the same with the browser's Intl."""
    where = locale(language)
    minutes = max(int(left.total_seconds() // 60), 0)
    days, hours, minutes = minutes // 1440, minutes // 60 % 24, minutes % 60
    if days:
        shown = [(days, "day"), (hours, "hour")]
    elif hours:
        shown = [(hours, "hour"), (minutes, "minute")]
    else:
        shown = [(minutes, "minute")]
    words = [
        units.format_unit(n, f"duration-{unit}", length="long", locale=where)
        for i, (n, unit) in enumerate(shown)
        if n or i == 0
    ]
    return lists.format_list(words, locale=where)


def number(value, language: str | None = None) -> str:
    """A count with the language's digits and grouping: "12,345", "12 345", "12.345" (Latin digits in all six
    languages: Babel 2.19's default numbering system for "ar" is latn)."""
    return numbers.format_decimal(value, locale=locale(language))


def percent(value, language: str | None = None) -> str:
    """A share given in percent (33.3) with the language's sign and spacing: "33.3%", "33,3 %"."""
    return numbers.format_percent(Decimal(str(value)) / 100, locale=locale(language), decimal_quantization=False)

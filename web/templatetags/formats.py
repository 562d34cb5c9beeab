"""Template filters over web.formats: dates, times and numbers as CLDR writes them in the active language.

{{ consultation.closes_at|datetime }}           6 January 2027, 01:00 UTC+01:00 (the reader's zone)
{{ version.submitted_at|datetime:"UTC,seconds" }}  6 December 2026, 00:58:07 UTC
{{ decision.at|datetime:"UTC,short,seconds" }}  6 Dec 2026, 00:58:07 UTC (for tables)
{{ organisation.created_at|day:"short" }}       6 Dec 2026
{{ total|number }}  {{ 33.3|percent }}  {{ rule.expected|figure }}
"""

from django import template

from web import formats

register = template.Library()
FLAGS = {"seconds", "short"}


def _options(arg: str) -> tuple[str | None, dict]:
    """ "UTC,short,seconds" → ("UTC", {"short": True, "seconds": True}): a zone name and flags, in any order."""
    words = [word.strip() for word in (arg or "").split(",") if word.strip()]
    zones = [word for word in words if word not in FLAGS]
    return (zones[0] if zones else None), {flag: flag in words for flag in FLAGS}


@register.filter(name="datetime")
def datetime_filter(value, arg=""):
    """The moment with the zone it is shown in (the reader's unless one is named); "" for no value."""
    if not value:
        return ""
    zone, flags = _options(arg)
    return formats.moment(value, zone, seconds=flags["seconds"], short=flags["short"])


@register.filter
def day(value, arg=""):
    """The date alone, in the reader's zone unless one is named."""
    if not value:
        return ""
    zone, flags = _options(arg)
    return formats.day(value, zone, short=flags["short"])


@register.filter
def number(value):
    """A count with the language's digits and grouping; anything else as it is."""
    return formats.number(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


@register.filter
def percent(value):
    """A share given in percent (33.3) with the language's percent sign."""
    return formats.percent(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


@register.filter
def figure(value):
    """A figure that is a count (int), a share in percent (float) or words (str), each as the language writes it."""
    if isinstance(value, float):
        return formats.percent(value)
    return number(value)

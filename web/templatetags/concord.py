"""Template helpers of every page: deadlines in the viewer's time zone and in Geneva's (web.formats writes them),
paragraphs that keep their direction, names isolated from the sentence around them, and this page's address in another
language."""

import zoneinfo
from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from web import formats, links

register = template.Library()
GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")


@register.inclusion_tag("web/_moment.html")
def moment(value, countdown=False):
    """A date-time in the viewer's time zone, with Geneva time beside it when that differs, and the time left."""
    left = value - timezone.now()
    countdown = countdown and left > timedelta(0)
    return {
        "value": value,
        "here": formats.moment(value),
        "geneva": in_geneva(value),
        "countdown": countdown,
        "left": formats.duration(left) if countdown else "",
        "locale": formats.js_locale(),
    }


def in_geneva(value) -> str:
    """ "6 January 2027, 01:00 in Geneva (UTC+01:00)", or "" where the reader's clock reads as Geneva's."""
    if timezone.localtime(value).utcoffset() == value.astimezone(GENEVA).utcoffset():
        return ""
    return _("%(time)s in Geneva (%(zone)s)") % {
        "time": formats.wall_clock(value, GENEVA),
        "zone": formats.zone_name(value, GENEVA),
    }


@register.filter
def deadline(value) -> str:
    """A moment as plain text (e-mails): in the reader's time zone, and in Geneva's when that differs."""
    if not value:
        return ""
    geneva = in_geneva(value)
    return f"{formats.moment(value)} — {geneva}" if geneva else formats.moment(value)


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def isolated(value):
    """A name set into a line of another direction (an Arabic organisation in an English sentence, a Latin one in an
    Arabic heading), isolated in its own direction: it cannot reorder the words and references around it."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter(needs_autoescape=True)
def paragraphs(text, autoescape=True):
    """Like linebreaks, each paragraph with its own direction (dir="auto"): an answer mixing Arabic and English
    paragraphs reads right to left where it is Arabic and left to right where it is English."""
    return mark_safe(linebreaks(text, autoescape).replace("<p>", '<p dir="auto">'))  # noqa: S308 (escaped above)


@register.simple_tag
def address_in(request, language=None):
    """This page's address with ?lang= set to `language`, or without it (for the language switcher's return)."""
    return links.address_in(request, language)


@register.simple_tag
def other_parameters(request) -> list[tuple[str, str]]:
    """This page's query parameters but ?lang=, as (name, value) pairs: a GET language form keeps the filters."""
    return links.other_parameters(request)

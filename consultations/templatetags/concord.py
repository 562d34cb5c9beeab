"""Template helpers: deadlines in the viewer's time zone and in Geneva's, and word counts."""

import zoneinfo

from django import template
from django.utils import timezone

from consultations.text import count_words

register = template.Library()
GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")


@register.inclusion_tag("consultations/_moment.html")
def moment(value, countdown=False):
    """A date-time in the viewer's time zone, with Geneva time beside it when that differs."""
    same = timezone.localtime(value).utcoffset() == value.astimezone(GENEVA).utcoffset()
    return {
        "value": value,
        "same": same,
        "countdown": countdown and value > timezone.now(),
    }


@register.filter
def words(text):
    return count_words(text or "")


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def localized(item, field):
    """A consultation's, theme's or question's text in the interface's language, or as the secretariat wrote it."""
    return item.translated(field) if item is not None else ""

"""Template filters of a consultation's questionnaire: its texts in the reader's language, answers' word counts."""

from django import template

from consultations.text import count_words

register = template.Library()


@register.filter
def words(text):
    return count_words(text or "")


@register.filter
def localized(item, field):
    """A consultation's, theme's or question's text in the interface's language, or as the secretariat wrote it."""
    return item.translated(field) if item is not None else ""

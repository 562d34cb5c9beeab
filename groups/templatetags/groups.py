"""Filters of the report's pages: a paragraph's brackets marked as they are written, and a position's name."""

from django import template
from django.utils.html import format_html, format_html_join

from consultations.diff import word_diff
from groups import brackets
from groups.models import Position

register = template.Library()


@register.filter
def bracketed(text):
    """The text as written, each bracket (with its alternatives) in a span a reader and a screen can tell apart."""
    try:
        segments = brackets.parse(text or "")
    except brackets.BracketError:
        return text
    return format_html_join("", "{}", ((_segment(segment),) for segment in segments))


def _segment(segment):
    if isinstance(segment, str):
        return segment
    return format_html('<span class="bracketed">{}</span>', segment.written)


@register.filter
def position_label(value) -> str:
    return Position(value).label if value in Position.values else ""


@register.filter
def amendment_diff(comment) -> list[tuple[str, str]]:
    """The amendment against the paragraph's text in the draft commented on, word by word ([] when the change is
    too large to mark: the amendment is then shown whole)."""
    return word_diff(comment.version.text, comment.amendment) or []

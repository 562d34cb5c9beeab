"""Filters of the balance pages."""

from django import template

from reports.balance import Verdict

register = template.Library()


@register.filter
def verdict(value) -> str:
    """A rule's verdict in the reader's language ("meets", "short", "over"); one not known, as it is."""
    return Verdict(value).label if value in Verdict.values else value

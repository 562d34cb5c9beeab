from django import template

from review import passages

register = template.Library()


@register.filter
def excerpt(passage, limit=300):
    """A coded passage shortened for a table (review.passages.excerpt)."""
    return passages.excerpt(passage or "", int(limit))

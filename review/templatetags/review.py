from django import template
from django.utils.formats import number_format

from review import passages

register = template.Library()


@register.filter
def excerpt(passage, limit=300):
    """A coded passage shortened for a table (review.passages.excerpt)."""
    return passages.excerpt(passage or "", int(limit))


@register.filter
def coefficient(value):
    """An agreement coefficient to three decimals in the reader's language; “—” where there is none."""
    if value is None:
        return "—"
    return number_format(round(value, 3), decimal_pos=3)


@register.filter
def may_code(count, user) -> bool:
    """Whether `user` may open the coding page of the input a queue row's CodingCount is of."""
    return count.may_open(user)

"""Filters of the compilation's templates (templates/pdf/): WeasyPrint ignores dir="auto", so a text written by
the secretariat or a respondent gets its direction from its first strong character, here."""

from django import template

from reports.compilation import render

register = template.Library()


@register.filter
def direction(text) -> str:
    """ "rtl" or "ltr", for a dir attribute."""
    return render.direction(str(text or ""))


@register.filter
def directed(text) -> list[tuple[str, str]]:
    """[(direction, paragraph)] of a text split at blank lines."""
    return render.paragraphs(str(text or ""))


@register.filter
def isolated(text) -> str:
    """A text between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: set into a running header (a line of the
    page's direction) it keeps its own, "(EIDR)" at the end of an Arabic name in an English header too."""
    return f"\u2068{text or ''}\u2069"

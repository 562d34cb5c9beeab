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
def running(text) -> str:
    """A text for a running header (data-running, data-title), between FIRST STRONG ISOLATE and POP DIRECTIONAL
    ISOLATE: set into a line of the page's direction it keeps its own, "(EIDR)" at the end of an Arabic name in an
    English header too. (The web pages' `isolated` does the same with <bdi>, which a generated header cannot hold.)"""
    return f"\u2068{text or ''}\u2069"

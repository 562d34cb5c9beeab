"""Bar charts drawn on the server: no JavaScript library, readable without colour.

Each row is text (its label, then its count and share of the whole, with "%"), and a bar drawn in SVG in
percentages of the width it is given, so that a long label wraps instead of being cut, the chart fits any screen,
and the text follows the page's direction (the stylesheet mirrors the bars in a right-to-left page)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts import formats


def _percent(part, whole) -> str:
    """A share as a percentage as the reader's language writes it: "38.9%", "38,9 %"."""
    return formats.percent(round(100 * part / whole, 1) if whole else 0)


def _row(label, actual, expected, *, top, total) -> str:
    actual = actual or 0
    width = round(100 * actual / top, 2)
    target = ""
    if expected is not None:
        x = round(100 * expected / top, 2)
        target = f'<line x1="{x}%" x2="{x}%" y1="0" y2="100%" class="bar-target"/>'
    return (
        f"<div><dt>{escape(label)}</dt><dd>"
        f'<svg class="bar" aria-hidden="true" focusable="false" width="100%" height="14">'
        f'<rect class="bar-track" width="100%" height="14"/><rect class="bar-fill" width="{width}%" height="14"/>'
        f"{target}</svg>"
        f'<span class="bar-value">{formats.number(actual)} ({_percent(actual, total)})</span></dd></div>'
    )


def bars_svg(rows, *, title):
    """rows: [(label, actual, expected or None)] -> the caption and rows of a <figure class="chart">: each label
    with its count and share, and an SVG bar (a target mark where one is expected)."""
    rows = list(rows)
    top = max([1, *(max(a or 0, e or 0) for _l, a, e in rows)])
    total = sum(a or 0 for _l, a, _e in rows)
    body = "".join(_row(label, actual, expected, top=top, total=total) for label, actual, expected in rows)
    return mark_safe(f'<figcaption>{escape(title)}</figcaption><dl class="bars">{body}</dl>')  # noqa: S308 — escaped

"""Bar charts drawn on the server: no JavaScript library, readable without colour.

Each row is text (its label, then its count and share of the whole, with "%"), and a bar drawn in SVG in
percentages of the width it is given, so that a long label wraps instead of being cut, the chart fits any screen,
and the text follows the page's direction (the stylesheet mirrors the bars in a right-to-left page)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.models import RegionalGroup
from accounts.queries import category_names
from web import formats


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


# A balance report's result, drawn: the counted population by category and by regional group, and its cross-table.


def names():
    """({category slug: name}, {regional group: name}) in the active language: one query."""
    return _names()


def _names():
    categories = category_names()
    groups = {value: str(label) for value, label in RegionalGroup.choices}
    return categories, groups


def named_cells(result, names=None):
    """The cross-table with names instead of slugs: (category, regional group, developed, count). `names`: what
    _names() gives, read once by a caller that names several cross-tables."""
    categories, groups = names or _names()
    return [
        (categories.get(c["category"], c["category"]), groups.get(c["regional_group"], "—"), c["developed"], c["count"])
        for c in result["cells"]
    ]


def balance_charts(result):
    """Inputs or members by category and by regional group."""
    categories, groups = _names()
    by_category, by_group = {}, {}
    for cell in result["cells"]:
        name = categories.get(cell["category"], cell["category"])
        by_category[name] = by_category.get(name, 0) + cell["count"]
        group = groups.get(cell["regional_group"], "—")
        by_group[group] = by_group.get(group, 0) + cell["count"]
    return [
        bars_svg(
            [(name, n, None) for name, n in sorted(by_category.items())], title=_("Inputs or members by category")
        ),
        bars_svg([(name, n, None) for name, n in sorted(by_group.items())], title=_("By regional group")),
    ]

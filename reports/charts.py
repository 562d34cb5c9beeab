"""Bar charts drawn on the server as SVG: no JavaScript library, readable without colour."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

ROW, LABEL, WIDTH = 26, 260, 360


def bars_svg(rows, *, title):
    """rows: [(label, actual, expected or None)] -> an accessible SVG of actual bars with target marks."""
    rows = list(rows)
    top = max([1, *(max(a or 0, e or 0) for _l, a, e in rows)])
    height = ROW * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{LABEL + WIDTH + 60}" height="{height}" '
        f'viewBox="0 0 {LABEL + WIDTH + 60} {height}" class="chart"><title>{escape(title)}</title>'
    ]
    for i, (label, actual, expected) in enumerate(rows):
        y = i * ROW + 5
        width = round(WIDTH * (actual or 0) / top)
        parts.append(f'<text x="0" y="{y + 15}" class="chart-label">{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y + 3}" width="{width}" height="16" class="chart-bar"/>')
        parts.append(f'<text x="{LABEL + width + 6}" y="{y + 15}" class="chart-value">{actual}</text>')
        if expected is not None:
            x = LABEL + round(WIDTH * expected / top)
            parts.append(f'<line x1="{x}" x2="{x}" y1="{y}" y2="{y + 22}" class="chart-target"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped

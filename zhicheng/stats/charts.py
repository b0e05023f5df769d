"""Charts drawn on the server as inline SVG (decision 0024): no script, no file from outside the
server, readable without colour (each bar carries its number) and by screen readers (``role="img"``
with a ``<title>``; the same numbers are in the table beside every chart)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

BAR_COLOUR = "#c8102e"
ROW_HEIGHT = 26
LABEL_WIDTH = 120
VALUE_WIDTH = 60
BAR_AREA = 220


def bar_chart(rows: Sequence[tuple[str, float]], *, title: str, unit: str = "") -> SafeString:
    """A horizontal bar chart of ``rows`` ((label, value), drawn in the given order) as inline SVG.

    The SVG scales to its container (``viewBox``, width 100%) so it fits a 390 px phone. Labels
    longer than 10 characters are shortened with "…" (the full label is in the bar's ``<title>``
    and in the table). Returns "" for no rows.
    """
    if not rows:
        return mark_safe("")  # noqa: S308 - empty
    top = max((v for _, v in rows), default=0) or 1
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = ROW_HEIGHT * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="zc-chart" preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(rows):
        y = 4 + i * ROW_HEIGHT
        length = round(BAR_AREA * (value / top)) if value else 0
        short = label if len(label) <= 10 else label[:9] + "…"
        shown = f"{value:g}{unit}"
        parts.append(
            f'<g><title>{escape(label)}：{escape(shown)}</title>'
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 17}" text-anchor="end" font-size="13" fill="#212529">{escape(short)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{max(length, 1 if value else 0)}" height="{ROW_HEIGHT - 8}" fill="{BAR_COLOUR}"/>'
            f'<text x="{LABEL_WIDTH + length + 4}" y="{y + 17}" font-size="13" fill="#212529">{escape(shown)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above

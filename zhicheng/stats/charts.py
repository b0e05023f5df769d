"""Charts drawn on the server with pygal (decision 0024), shown as an SVG image.

pygal draws the chart; the page embeds it as ``<img src="data:image/svg+xml;base64,…">``. An SVG
shown as an image never runs script and never fetches anything (pygal puts an inline ``<script>``
with its configuration in every chart, which the site's Content-Security-Policy would refuse and
report on every page view), and ``img-src 'self' data:`` already allows it. The image carries the
chart's title as its ``alt`` text; the same numbers are in the table beside every chart, so the
chart is never the only way to read them, and each bar carries its number (readable without
colour).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import pygal
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

BAR_COLOUR = "#c8102e"
ROW_HEIGHT = 34  # SVG user units per bar, so that a long list stays readable on a phone
WIDTH = 420  # SVG user units; with 13-unit text it stays legible scaled to a 390 px phone
LABEL_LENGTH = 10  # characters of a label drawn on the axis; the full label is in the table

_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=(BAR_COLOUR,),
    font_family="'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    value_colors=("#212529",),
    guide_stroke_color="#dee2e6",
    major_guide_stroke_color="#dee2e6",
    guide_stroke_dasharray="2,4",
    major_guide_stroke_dasharray="2,4",
)


def bar_chart(rows: Sequence[tuple[str, float]], *, title: str, unit: str = "") -> SafeString:
    """A horizontal bar chart of ``rows`` ((label, value), drawn top to bottom in the given order).

    Args:
        rows: the bars, as (label, value) pairs; values are counts, percentages or days.
        title: what the chart shows; the image's ``alt`` text.
        unit: written after each value on its bar (e.g. "%" or "天").

    Returns:
        an ``<img class="zc-chart">`` holding the SVG as a data URI, scaling to its card (it fits
        a 390 px phone), or "" for no rows. Labels longer than ten characters are shortened with
        "…" on the axis; the table beside the chart has them in full.
    """
    if not rows:
        return mark_safe("")  # noqa: S308 - empty
    labels = [str(label) if len(label) <= LABEL_LENGTH else str(label)[: LABEL_LENGTH - 1] + "…" for label, _ in rows]
    chart = pygal.HorizontalBar(
        style=_STYLE,
        width=WIDTH,
        height=ROW_HEIGHT * len(rows) + 60,
        js=[],  # no script file; the inline configuration script never runs in an <img>
        show_legend=False,
        print_values=True,
        print_values_position="top",
        value_formatter=lambda value: f"{value:g}{unit}",
        truncate_label=0,  # labels are shortened below, counting characters as CJK text is wide
        show_y_guides=False,
        show_x_guides=False,
        show_x_labels=False,  # no value scale (pygal swaps the axes of a horizontal chart): each bar carries its number
        disable_xml_declaration=True,
        explicit_size=False,
        margin=8,
        range=(0, 1.2 * (max(value for _, value in rows) or 1)),  # room for the number after the longest bar
        # pygal sizes the label column for Latin text (about 0.6 em a character); a CJK character
        # is a full em, so the column gets the difference as extra margin.
        margin_left=8 + round(0.45 * _STYLE.label_font_size * max(len(label) for label in labels)),
        spacing=6,
    )
    # pygal draws the first label at the bottom of a horizontal bar chart: reverse to read top-down.
    chart.x_labels = list(reversed(labels))
    chart.add(str(title), [value for _, value in reversed(rows)])
    svg = chart.render(is_unicode=True)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return format_html('<img class="zc-chart" src="data:image/svg+xml;base64,{}" alt="{}">', data, title)

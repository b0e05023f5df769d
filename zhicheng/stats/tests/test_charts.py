"""The statistics charts: pygal's SVG shown as an image, with the numbers on the bars."""

import base64
import re

from zhicheng.stats.charts import bar_chart


def _svg(html: str) -> str:
    return base64.b64decode(re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)).decode()


def test_bars_carry_their_numbers_and_labels_in_order():
    html = bar_chart([("评审申请", 3), ("考核认定", 12.5)], title="按业务类型的申报数", unit="%")
    assert html.startswith('<img class="zc-chart"') and 'alt="按业务类型的申报数"' in html
    svg = _svg(html)
    assert "3%" in svg and "12.5%" in svg
    assert svg.index("考核认定") < svg.index("评审申请")  # pygal draws bottom-up: the first row is drawn last


def test_labels_and_title_are_escaped_and_long_labels_shortened():
    html = bar_chart([("<script>alert(1)</script>单位名称很长很长很长", 1)], title='标题"><b>', unit="")
    assert '"><b>' not in html and "&quot;&gt;&lt;b&gt;" in html
    svg = _svg(html)
    assert "<script>alert" not in svg and "&lt;script&gt;a…" in svg


def test_nothing_loaded_from_outside_and_no_rows_no_chart():
    svg = _svg(bar_chart([("甲", 1)], title="t"))
    assert not re.search(r'(?:href|src)="(?:https?:)?//', svg)
    assert bar_chart([], title="t") == ""

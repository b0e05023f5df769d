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

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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

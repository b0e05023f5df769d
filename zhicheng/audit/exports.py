"""Excel export of audit events (openpyxl, write-only mode, spooled to a temporary file)."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .constants import action_label
from .models import AuditEvent

EXPORT_LIMIT = 100_000
DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"

# (header, width)
COLUMNS: list[tuple[str, int]] = [
    ("记录编号", 10), ("时间", 20), ("操作人", 28), ("所属单位", 30), ("操作", 22), ("操作代码", 26),
    ("对象类型", 20), ("对象编号", 12), ("对象", 30), ("结果", 8), ("客户端地址", 16), ("请求编号", 18),
    ("详情", 60),
]


@dataclass
class ExportResult:
    file: IO[bytes]
    rows: int
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > self.rows


def _text(ws, value: str) -> WriteOnlyCell:
    """A cell that is always text: no formula injection (=, +, -, @), no XML-illegal characters."""
    cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value or ""))
    cell.data_type = "s"
    return cell


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value).replace(tzinfo=None)


def audit_events_workbook(
    *, queryset: QuerySet[AuditEvent], filters: dict[str, str], exporter_label: str, limit: int = EXPORT_LIMIT,
) -> ExportResult:
    total = queryset.count()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("审计日志")
    for index, (_, width) in enumerate(COLUMNS):
        ws.column_dimensions[get_column_letter(index + 1)].width = width
    ws.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F2DCDB")
    header = []
    for title, _ in COLUMNS:
        cell = _text(ws, title)
        cell.font, cell.fill = bold, fill
        header.append(cell)
    ws.append(header)

    rows = 0
    for event in queryset[:limit].iterator(chunk_size=2000):
        when = WriteOnlyCell(ws, value=_local(event.created_at))
        when.number_format = DATE_FORMAT
        detail = json.dumps(event.detail, ensure_ascii=False, sort_keys=True) if event.detail else ""
        ws.append([
            event.id, when, _text(ws, event.actor_label),
            _text(ws, event.organisation.name if event.organisation_id else ""),
            _text(ws, action_label(event.action)), _text(ws, event.action), _text(ws, event.object_type),
            _text(ws, event.object_id), _text(ws, event.object_label), _text(ws, event.get_result_display()),
            _text(ws, event.client_ip), _text(ws, event.request_id), _text(ws, detail),
        ])
        rows += 1

    notes = wb.create_sheet("说明")
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 70
    wrap = Alignment(wrap_text=True, vertical="top")
    exported_at = WriteOnlyCell(notes, value=_local(timezone.now()))
    exported_at.number_format = DATE_FORMAT
    lines: list[list] = [
        [_text(notes, "导出时间"), exported_at],
        [_text(notes, "导出人"), _text(notes, exporter_label)],
        [_text(notes, "筛选条件"), _text(notes, "；".join(f"{k}={v}" for k, v in filters.items()) or "无（全部记录）")],
        [_text(notes, "符合条件"), total],
        [_text(notes, "本文件包含"), rows],
    ]
    if total > rows:
        warning = _text(notes, f"符合条件的记录超过单次导出上限 {limit:,} 条，本文件只包含最新的 {rows:,} 条。"
                                "请缩小时间范围或增加筛选条件后分批导出。")
        warning.font, warning.alignment = Font(bold=True, color="B71C1C"), wrap
        lines.append([_text(notes, "注意"), warning])
    for line in lines:
        notes.append(line)

    out = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 - handed to the response
    wb.save(out)
    out.seek(0)
    return ExportResult(file=out, rows=rows, total=total)

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
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from zhicheng.common.spreadsheet import text_cell

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
        cell = text_cell(ws, title)
        cell.font, cell.fill = bold, fill
        header.append(cell)
    ws.append(header)

    rows = 0
    for event in queryset[:limit].iterator(chunk_size=2000):
        when = WriteOnlyCell(ws, value=_local(event.created_at))
        when.number_format = DATE_FORMAT
        detail = json.dumps(event.detail, ensure_ascii=False, sort_keys=True) if event.detail else ""
        ws.append(
            [
                event.id,
                when,
                text_cell(ws, event.actor_label),
                text_cell(ws, event.organisation.name if event.organisation_id else ""),
                text_cell(ws, action_label(event.action)),
                text_cell(ws, event.action),
                text_cell(ws, event.object_type),
                text_cell(ws, event.object_id),
                text_cell(ws, event.object_label),
                text_cell(ws, event.get_result_display()),
                text_cell(ws, event.client_ip),
                text_cell(ws, event.request_id),
                text_cell(ws, detail),
            ]
        )
        rows += 1

    notes = wb.create_sheet("说明")
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 70
    wrap = Alignment(wrap_text=True, vertical="top")
    exported_at = WriteOnlyCell(notes, value=_local(timezone.now()))
    exported_at.number_format = DATE_FORMAT
    lines: list[list] = [
        [text_cell(notes, "导出时间"), exported_at],
        [text_cell(notes, "导出人"), text_cell(notes, exporter_label)],
        [
            text_cell(notes, "筛选条件"),
            text_cell(notes, "；".join(f"{k}={v}" for k, v in filters.items()) or "无（全部记录）"),
        ],
        [text_cell(notes, "符合条件"), total],
        [text_cell(notes, "本文件包含"), rows],
    ]
    if total > rows:
        warning = text_cell(notes, f"符合条件的记录超过单次导出上限 {limit:,} 条，本文件只包含最新的 {rows:,} 条。"
                                "请缩小时间范围或增加筛选条件后分批导出。")
        warning.font, warning.alignment = Font(bold=True, color="B71C1C"), wrap
        lines.append([text_cell(notes, "注意"), warning])
    for line in lines:
        notes.append(line)

    out = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 - handed to the response
    wb.save(out)
    out.seek(0)
    return ExportResult(file=out, rows=rows, total=total)

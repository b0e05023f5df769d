"""The statistics as an Excel workbook: one sheet per table, every cell through
``zhicheng.common.spreadsheet`` (text stays text, never a formula)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

from zhicheng.common.spreadsheet import clean_text, row_cells

from .selectors import Report


def stats_workbook(*, report: Report, title: str, filters_text: str) -> bytes:
    """``report`` as .xlsx bytes: 概况 then one sheet per table, with the same numbers as the page."""
    wb = Workbook(write_only=True)

    def sheet(name: str, header: list[str], rows: list[list]):
        ws = wb.create_sheet(clean_text(name)[:31])
        ws.append(row_cells(ws, [title]))
        ws.append(row_cells(ws, [filters_text]))
        ws.append(row_cells(ws, header))
        for row in rows:
            ws.append(row_cells(ws, row))

    sheet("概况", ["项目", "数量"], [["申报业务合计", report.total]])
    for name, rows in (
        ("按业务", report.by_business), ("按系列", report.by_series), ("按专业", report.by_specialty),
        ("按级别", report.by_level), ("按地区", report.by_region), ("按单位", report.by_unit),
        ("按状态", report.by_status),
    ):
        sheet(name, [name[1:], "申报数"], [[r.label, r.count] for r in rows])
    sheet("通过率", ["评审计划", "评审委员会", "年度", "申报数", "已表决", "通过", "通过率(%)"],
          [[p.plan, p.committee, p.year, p.applications, p.evaluated, p.passed, p.rate] for p in report.pass_rates])
    sheet("各环节办理天数", ["环节", "办理次数", "中位数(天)", "第90百分位(天)"],
          [[d.step, d.decisions, d.median_days, d.p90_days] for d in report.durations])
    sheet("积压", ["环节", *report.bucket_labels, "合计"],
          [[b.step, *b.buckets, b.total] for b in report.backlog])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()

"""The 评审费 list of a plan as a workbook (缴费名单), for the committee office's own reconciliation and filing.

Every cell goes through :mod:`zhicheng.common.spreadsheet` (text stays text, never a formula); ID numbers are
masked as on the page (the office identifies a payment by its reference, not by the ID number).
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from openpyxl import Workbook

from zhicheng.common.spreadsheet import clean_text, row_cells

HEADER = ["申报人", "身份证号码", "申报资格", "缴费识别码", "应缴（元）", "缴费截止日期", "已缴（元）", "已退（元）",
          "缴清日期", "状态"]


def fee_notices_workbook(*, plan, notices: list, filter_label: str, today: dt.date) -> bytes:
    """``notices`` (from :func:`zhicheng.fees.selectors.notices_of_plan`, each with ``status``) as .xlsx bytes:
    a title row (the plan, the filter, the day), the header, one row per notice in the page's order; amounts
    as numbers (yuan, two decimals), dates as dates."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(clean_text("缴费名单"))
    ws.append(row_cells(ws, [f"{plan.title} 评审费缴费名单（{filter_label}，{today:%Y-%m-%d} 导出）"]))
    ws.append(row_cells(ws, HEADER))
    for n in notices:
        application = getattr(n.case, "evaluation_application", None)
        ws.append(row_cells(ws, [
            n.applicant.real_name, n.applicant.masked_id_number,
            application.qualification.name if application is not None else "",
            n.reference, n.amount, n.due_on, n.paid_amount, n.refunded_amount, n.paid_on, n.status.label,
        ]))
    out = BytesIO()
    wb.save(out)
    return out.getvalue()

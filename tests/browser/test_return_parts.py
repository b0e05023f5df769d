"""Return by section, with a deadline (issue 17), in a real browser: the unit's reviewer returns a 评审申请
ticking two parts and setting the correction period in working days; the applicant's case page and
workbench show exactly those parts, why, the deadline and the working days left."""

from __future__ import annotations

import os

import pytest

from conftest import login_in_browser

pytestmark = pytest.mark.browser


def test_reviewer_returns_two_sections_with_a_deadline_and_the_applicant_sees_exactly_those(
    page, live_url, world, screenshot_dir,
):
    from django.utils import timezone

    from tests.world.profiles import profiles_load
    from zhicheng.businesses.tests.test_businesses import submit_evaluation
    from zhicheng.catalog.models import EvaluationPlan
    from zhicheng.workcalendar.workdays import add_working_days, working_days_between

    profiles_load()
    applicant = world["applicant_c"]
    case = submit_evaluation(applicant)
    EvaluationPlan.objects.filter(pk=case.evaluation_application.plan_id).update(correction_working_days=5)

    # -- the unit's reviewer opens the case from the queue -----------------------------------------
    login_in_browser(page, live_url, world["unit_reviewer_2"])
    page.goto(f"{live_url}/cases/{case.pk}/")
    parts = page.locator("#return-parts")
    assert page.input_value("#id_correction_days") == "5"  # the plan's period is offered
    labels = parts.locator("label").all_inner_texts()
    assert "学习经历" in labels and "申报材料说明" in labels and "工作经历" in labels
    page.get_by_label("审核不通过（退回申报人）").check()
    page.fill("#id_opinion", "学历证书与学习经历不一致，申报材料说明缺少任职年限。")
    page.fill("#id_correction_days", "")
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    # Nothing ticked, no period: refused beside the fields, what was typed kept.
    assert "请勾选须补正的部分" in page.inner_text("#return-parts")
    assert "请填写补正期限" in page.inner_text("#return-parts")
    assert page.input_value("#id_opinion") == "学历证书与学习经历不一致，申报材料说明缺少任职年限。"

    page.locator("#return-parts").get_by_label("学习经历", exact=True).check()
    page.locator("#return-parts").get_by_label("申报材料说明", exact=True).check()
    page.fill("#id_correction_days", "7")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#decision").screenshot(path=os.path.join(screenshot_dir, "return-parts-form-phone.png"))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=os.path.join(screenshot_dir, "return-parts-form.png"), full_page=True)
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    today = timezone.localdate()
    due = add_working_days(today, 7)
    assert f"补正截止 {due:%Y-%m-%d}" in page.inner_text("#decision-result")

    # -- the applicant: exactly those two parts, why, by when, the working days left -----------------
    page.context.clear_cookies()
    login_in_browser(page, live_url, applicant)
    page.goto(f"{live_url}/profile/")
    item = page.locator(".business-case", has_text="评审申请")
    assert "须修改：申报材料说明；学习经历" in item.locator(".case-return-parts").inner_text()
    item.get_by_role("link", name="修改 / 提交").click()
    page.wait_for_load_state()
    notice = page.locator("#returned-reason")
    assert page.locator("#return-parts-list li").all_inner_texts() == ["申报材料说明", "学习经历"]  # in page order
    assert "学历证书与学习经历不一致" in notice.inner_text()
    deadline = page.inner_text("#correction-deadline")
    assert f"{due.year}年{due.month}月{due.day}日" in deadline and "7 个工作日内" in deadline
    assert f"还剩 {working_days_between(today, due)} 个工作日" in deadline
    # The route on the same page (what later reviewers read too) carries the parts and the deadline.
    assert "须补正：申报材料说明；学习经历" in page.inner_text(".route-parts")
    page.screenshot(path=os.path.join(screenshot_dir, "return-parts-applicant.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=os.path.join(screenshot_dir, "return-parts-applicant-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

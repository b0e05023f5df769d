"""Stage deadlines in a real browser (issue 20): the unit reviewer's queue marks a case past the unit's
deadline; the reviewer returns it; the applicant sees the correction deadline on the workbench."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from conftest import login_in_browser

pytestmark = pytest.mark.browser


def test_overdue_case_in_the_queue_and_the_correction_deadline_on_the_workbench(page, live_url, world, screenshot_dir):
    from django.utils import timezone

    from tests.world.profiles import profiles_load
    from zhicheng.businesses.tests.test_businesses import submit_evaluation
    from zhicheng.catalog.models import EvaluationPlan
    from zhicheng.workcalendar.workdays import add_working_days

    profiles_load()
    applicant = world["applicant_c"]
    case = submit_evaluation(applicant)
    today = timezone.localdate()
    EvaluationPlan.objects.filter(pk=case.evaluation_application.plan_id).update(
        closes_at=today - dt.timedelta(days=10), unit_deadline=today - dt.timedelta(days=2),
        correction_working_days=5,
    )

    # -- the unit's reviewer: the case is marked overdue in the queue ------------------------------
    login_in_browser(page, live_url, world["unit_reviewer_2"])
    page.locator(".staff-card", has_text="龙川县城乡建设投资有限公司").get_by_role(
        "link", name="进入单位工作台"
    ).click()
    page.wait_for_load_state()
    row = page.locator("tr.case-overdue", has_text=applicant.real_name)
    assert row.count() == 1
    assert "已逾期 2 天" in row.locator(".case-deadline").inner_text()
    assert "人事管理单位审核截止" in row.locator(".case-deadline").inner_text()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=os.path.join(screenshot_dir, "deadlines-queue.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=os.path.join(screenshot_dir, "deadlines-queue-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    row.get_by_role("link", name="审核").click()
    page.get_by_label("审核不通过（退回申报人）").check()
    page.fill("#id_opinion", "请补充学历证书扫描件。")
    page.locator("#return-parts").get_by_label("学习经历", exact=True).check()
    assert page.input_value("#id_correction_days") == "5"  # the plan's correction period is offered
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()

    # -- the applicant: the correction deadline on the workbench and on the form --------------------
    page.context.clear_cookies()
    login_in_browser(page, live_url, applicant)
    page.goto(f"{live_url}/profile/")
    due = add_working_days(today, 5)
    item = page.locator(".business-case", has_text="评审申请")
    text = item.locator(".case-deadline").inner_text()
    assert "补正截止" in text and f"{due.year}年{due.month}月{due.day}日前" in text
    assert f"剩余 {(due - today).days} 天" in text
    page.screenshot(path=os.path.join(screenshot_dir, "deadlines-workbench.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=os.path.join(screenshot_dir, "deadlines-workbench-phone.png"), full_page=True)
    item.get_by_role("link", name="修改 / 提交").click()
    page.wait_for_load_state()
    assert f"{due.year}年{due.month}月{due.day}日" in page.inner_text("#correction-deadline")
    assert "5 个工作日内" in page.inner_text("#correction-deadline")
    page.screenshot(path=os.path.join(screenshot_dir, "deadlines-returned-form-phone.png"), full_page=True)

"""The committee office creates and publishes an evaluation plan; another committee's office cannot see it."""

import re

import pytest

from conftest import login_in_browser, logout_in_browser

pytestmark = pytest.mark.browser


def test_committee_office_creates_and_publishes_a_plan(page, live_url, world, screenshot_dir):
    from zhicheng.catalog.models import EvaluationPlan

    login_in_browser(page, live_url, world["committee_office"])
    page.goto(f"{live_url}/catalog/plans/")
    assert page.locator("h1").inner_text() == "评审计划"
    assert page.get_by_text("广东省建筑工程技术人才职称评审委员会").first.is_visible()
    page.get_by_role("link", name="新建评审计划").click()
    page.wait_for_load_state()

    # First a mistake: the window ends before it starts, and no level is chosen.
    page.fill("input[name=title]", "2026年度广东省建筑工程技术人才职称评审（第二批）")
    page.fill("input[name=opens_at]", "2026-09-01")
    page.fill("input[name=closes_at]", "2026-08-01")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.get_by_text("申报截止日期不能早于开始日期").is_visible()
    assert page.get_by_text("请至少选择一个评审级别").is_visible()
    assert page.input_value("input[name=title]") == "2026年度广东省建筑工程技术人才职称评审（第二批）"
    page.screenshot(path=f"{screenshot_dir}/plan-form-errors.png", full_page=True)

    page.get_by_label("正高级").check()
    page.get_by_label("副高级").check()
    page.get_by_label("建筑工程").check()
    page.get_by_label("建筑设计").check()
    page.fill("input[name=closes_at]", "2026-10-31")
    page.fill("textarea[name=notes]", "请申报人在申报时间内完成单位和主管单位审核。")
    # Reminders before each deadline: the default is filled in; this plan reminds 3 working days ahead.
    assert page.input_value("input[name=reminder_working_days]") == "2"
    page.fill("input[name=reminder_working_days]", "3")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.get_by_text("评审计划已保存为草稿").is_visible()
    assert page.locator("#plan-status").inner_text() == "草稿"
    assert page.get_by_text("正高级、副高级").is_visible()
    assert page.locator("#plan-reminder-days").inner_text() == "各截止日期前 3 个工作日起提醒"

    page.get_by_role("button", name="发布").click()
    page.wait_for_load_state()
    assert page.get_by_text("评审计划已发布").is_visible()
    assert page.locator("#plan-status").inner_text().startswith("已发布")
    page.screenshot(path=f"{screenshot_dir}/plan-published.png", full_page=True)

    plan = EvaluationPlan.objects.get(title="2026年度广东省建筑工程技术人才职称评审（第二批）")
    assert plan.status == "published" and plan.level_values == [1, 2] and plan.reminder_working_days == 3
    assert sorted(s.name for s in plan.specialties.all()) == ["建筑工程", "建筑设计"]
    plan_url = page.url
    assert re.search(rf"/catalog/plans/{plan.pk}/$", plan_url)

    page.goto(f"{live_url}/catalog/plans/")
    assert page.get_by_role("link", name="2026年度广东省建筑工程技术人才职称评审（第二批）").is_visible()
    page.screenshot(path=f"{screenshot_dir}/plans-list.png", full_page=True)

    # Another committee's office: the plan does not exist for them.
    logout_in_browser(page)
    login_in_browser(page, live_url, world["other_committee_office"])
    response = page.goto(plan_url)
    assert response.status == 404
    response = page.goto(f"{live_url}/catalog/plans/{plan.pk}/edit/")
    assert response.status == 404
    page.goto(f"{live_url}/catalog/plans/")
    assert page.get_by_text("河源市工程技术人才中级职称评审委员会").first.is_visible()
    assert page.get_by_text("2026年度广东省建筑工程技术人才职称评审（第二批）").count() == 0


def test_plans_page_on_a_phone(page, live_url, world, screenshot_dir):
    from tests.world.plans import plans_load

    plans_load()
    page.set_viewport_size({"width": 390, "height": 844})
    login_in_browser(page, live_url, world["committee_office"])
    page.goto(f"{live_url}/catalog/plans/")
    assert page.get_by_text("已发布·申报中").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{screenshot_dir}/plans-phone.png", full_page=True)
    page.goto(f"{live_url}/catalog/committees/{world['committee_office'].memberships.get().organisation.committee.pk}/eligibility/")
    assert page.get_by_text("申报正高级").is_visible()
    page.screenshot(path=f"{screenshot_dir}/eligibility-phone.png", full_page=True)
    page.get_by_role("link", name="调整").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "调整申报正高级的条件"
    page.select_option("select[name=paths-0-min_education]", label="硕士研究生")
    page.get_by_role("button", name="保存为本评委会条件").click()
    page.wait_for_load_state()
    assert page.get_by_text("已保存本评委会正高级申报条件").is_visible()
    assert page.get_by_text("具备硕士研究生及以上学历，取得副高级职称满5年").is_visible()
    page.screenshot(path=f"{screenshot_dir}/eligibility-adjusted-phone.png", full_page=True)

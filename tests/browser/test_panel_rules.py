"""Panel rules in a real browser (issue 21): a committee office whose pool fell below the minimum cannot
draw a panel and is told which rule; the managing HR bureau sets the committee's own rule on its page,
reached from its home page, and the draw then goes through."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import login_in_browser
from tests.browser.steps import meeting_form_fill

pytestmark = pytest.mark.browser


def test_draw_below_the_pool_minimum_is_refused_with_the_rule(page, live_url, world, screenshot_dir):
    from tests.world.evaluation import expert_pool_load
    from zhicheng.committees.models import Meeting, PanelDraw
    from zhicheng.committees.tests.conftest import accepted_application, building_plan

    shots = Path(screenshot_dir)
    expert_pool_load()
    accepted_application(world["applicant_b"], unit_name="龙川县人民医院")
    plan = building_plan()

    office = world["committee_office"]
    login_in_browser(page, live_url, office)
    page.goto(f"{live_url}/evaluation/office/")
    # two experts leave the pool: 10 remain, below the 11 of a specialty committee at 副高级
    page.get_by_role("link", name="专家库").first.click()
    for _ in range(2):
        page.locator("#expert-pool button", has_text="停用").first.click()
        page.wait_for_selector(".alert-success")
    page.get_by_role("link", name="评审组人数规则").click()
    assert "人社部令第40号" in page.inner_text("#panel-rules")
    assert "修改" not in page.inner_text("#panel-rules")  # the office reads, the bureau sets
    meeting_form_fill(page, live_url, plan=plan, name="人数规则测试会议", held_on="2025-11-20", place="广州")
    page.get_by_role("button", name="创建会议").click()
    page.wait_for_selector("#draw")
    assert "专家库至少 11 人" in page.inner_text("#panel-rule")
    page.fill("input[name=size]", "5")
    page.get_by_role("button", name="随机抽取").click()
    main = page.inner_text("main")
    assert "只有 10 人，少于副高级评审规定的专家库最少 11 人" in main
    assert "依据：《职称评审管理暂行规定》（人社部令第40号）第十一条" in main
    page.screenshot(path=str(shots / "panel-rule-refused.png"), full_page=True)
    meeting = Meeting.objects.get(name="人数规则测试会议")
    assert not PanelDraw.objects.filter(meeting=meeting).exists()

    # the province's HR bureau lowers the minimum for this committee (a local rule)
    page.context.clear_cookies()
    login_in_browser(page, live_url, world["province_hr_reviewer"])
    page.get_by_role("link", name="评委会评审组人数规则").first.click()
    page.locator("#panel-rule-committees tr", has_text="广东省建筑工程技术人才职称评审委员会").get_by_role(
        "link", name="查看规则").click()
    page.locator("#panel-rules tr[data-level='2']").get_by_role("link", name="修改").click()
    page.fill("input[name=min_pool_size]", "3")
    page.fill("input[name=min_panel_size]", "5")
    page.get_by_role("button", name="保存").click()
    assert "评审组最少人数不能多于专家库最少人数" in page.inner_text("main")
    assert page.input_value("input[name=min_panel_size]") == "5"  # kept
    page.fill("input[name=min_pool_size]", "9")
    page.fill("input[name=source]", "粤人社规〔2025〕1号")
    page.get_by_role("button", name="保存").click()
    row = page.inner_text("#panel-rules tr[data-level='2']")
    assert "9" in row and "粤人社规〔2025〕1号" in row
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"panel-rules-{width}.png"), full_page=True)

    page.context.clear_cookies()
    login_in_browser(page, live_url, office)
    page.goto(f"{live_url}/evaluation/meetings/{meeting.pk}/")
    page.fill("input[name=size]", "6")
    page.get_by_role("button", name="随机抽取").click()
    assert "评审组人数须为单数" in page.inner_text("main")
    page.fill("input[name=size]", "5")
    page.get_by_role("button", name="随机抽取").click()
    page.wait_for_selector("#draw-record")
    assert "粤人社规〔2025〕1号" in page.inner_text("main")

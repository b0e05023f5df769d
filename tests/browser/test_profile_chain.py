"""The personal-information chain in a real browser: fill, choose unit, submit, withdraw, choose
another unit, submit, returned by the unit, corrected, approved twice, stored (入库)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import login_in_browser, logout_in_browser
from tests.browser.steps import education_fill, work_save

pytestmark = pytest.mark.browser



def _shot(page, screenshot_dir, name):
    page.screenshot(path=f"{screenshot_dir}/profile-{name}.png", full_page=True)


def _choose_unit(page, live_url, county_code: str, q: str, unit_name: str, unit_pk: int, screenshot_dir, shot: str):
    page.goto(f"{live_url}/profile/unit/")
    page.select_option("#unit-city", "441600")
    page.locator(f"#unit-county option[value='{county_code}']").wait_for(state="attached")
    with page.expect_response(lambda r: "/orgs/units/search/" in r.url):
        page.select_option("#unit-county", county_code)
    page.fill("#unit-q", q)
    expect(page.locator("#unit-results label")).to_have_count(1)  # the search narrowed the list
    radio = page.locator(f"input[name=unit][value='{unit_pk}']")
    radio.wait_for()
    assert page.locator("#unit-results").inner_text().count("龙川县") >= 1
    radio.check()
    assert page.locator("#supervisor-display").inner_text() == "龙川县卫生健康局"
    _shot(page, screenshot_dir, shot)
    page.get_by_role("button", name="确定选择").click()
    page.wait_for_load_state()
    _shot(page, screenshot_dir, shot + "-done")
    assert unit_name in page.locator("#chosen-unit").inner_text()


def test_profile_chain_story(page, live_url, world, screenshot_dir):
    from zhicheng.orgs.models import Organisation

    cast = world
    tcm = Organisation.objects.get(name="龙川县中医院")
    hospital = Organisation.objects.get(name="龙川县人民医院")

    # -- 张晓明 fills in personal information ---------------------------------------------
    login_in_browser(page, live_url, cast["applicant_a"])
    page.goto(f"{live_url}/profile/")
    assert "未填写" in page.locator("#profile-state").inner_text()
    _shot(page, screenshot_dir, "01-dashboard-empty")
    page.get_by_role("link", name="开始填写").click()
    assert page.locator("#id_gender").count() == 0  # read from the ID number, not asked again
    page.select_option("#id_ethnicity", "汉族")
    page.select_option("#id_political_status", "masses")
    page.fill("#id_current_position", "住院医师")
    page.get_by_role("button", name="保存").click()
    assert "基本情况已保存" in page.content()
    _shot(page, screenshot_dir, "02-basic")

    _choose_unit(page, live_url, "441622", "zyy", "龙川县中医院", tcm.pk, screenshot_dir, "03-unit-search")

    education_fill(page, live_url, school="嘉应学院", major="临床医学", start="2008-09-01", end="2013-07-01")
    page.get_by_role("button", name="保存").click()
    assert "嘉应学院" in page.locator("#rows").inner_text()
    work_save(page, live_url, unit_name="龙川县中医院", post="住院医师", start="2013-08-01")
    _shot(page, screenshot_dir, "04-work")

    page.goto(f"{live_url}/profile/review/")
    _shot(page, screenshot_dir, "05-review")
    page.locator("#submit-profile").click()
    page.wait_for_load_state()
    assert "已提交至龙川县中医院审核" in page.content()
    assert "审核中" in page.locator("#profile-state").inner_text()
    _shot(page, screenshot_dir, "06-submitted-tcm")

    # -- withdraws and picks 龙川县人民医院 -------------------------------------------------
    page.locator("#withdraw").click()
    page.wait_for_load_state()
    assert "已撤回" in page.content()
    _choose_unit(page, live_url, "441622", "lcxrmyy", "龙川县人民医院", hospital.pk, screenshot_dir, "07-unit-again")
    page.goto(f"{live_url}/profile/review/")
    page.locator("#submit-profile").click()
    page.wait_for_load_state()
    assert "已提交至龙川县人民医院审核" in page.content()
    logout_in_browser(page)

    # -- 陈志强 (龙川县人民医院) returns it with a reason --------------------------------------
    login_in_browser(page, live_url, cast["unit_reviewer"])
    card = page.locator(".staff-card", has_text="龙川县人民医院")
    assert card.locator(".waiting-count").inner_text() == "1"
    _shot(page, screenshot_dir, "08-reviewer-home")
    card.get_by_role("link", name="进入单位工作台").click()
    assert "张晓明" in page.locator("table").inner_text()
    _shot(page, screenshot_dir, "09-queue")
    page.get_by_role("link", name="审核").first.click()
    assert "嘉应学院" in page.content()
    page.get_by_label("审核不通过（退回申报人）").check()
    page.fill("#id_opinion", "请补充近三年年度考核结果。")
    page.locator("#return-parts").get_by_label("年度考核", exact=True).check()
    _shot(page, screenshot_dir, "10-detail-return")
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    assert "已退回 张晓明 的个人基本信息" in page.inner_text("#decision-result")
    logout_in_browser(page)

    # -- 张晓明 corrects and resubmits --------------------------------------------------------
    login_in_browser(page, live_url, cast["applicant_a"])
    page.goto(f"{live_url}/profile/")
    assert "请补充近三年年度考核结果" in page.locator("#returned-reason").inner_text()
    assert "龙川县人民医院" in page.locator("#returned-reason").inner_text()
    _shot(page, screenshot_dir, "11-returned")
    page.goto(f"{live_url}/profile/section/appraisals/")
    page.fill("#id_year", "2024")
    page.select_option("#id_result", "excellent")
    page.get_by_role("button", name="保存").click()
    assert "2024 年度" in page.locator("#rows").inner_text()
    page.goto(f"{live_url}/profile/review/")
    page.locator("#submit-profile").click()
    page.wait_for_load_state()
    assert "审核中" in page.locator("#profile-state").inner_text()
    logout_in_browser(page)

    # -- the unit approves, then 黄伟 (龙川县卫生健康局) approves --------------------------------
    for key, org in (("unit_reviewer", "龙川县人民医院"), ("supervisor_reviewer", "龙川县卫生健康局")):
        login_in_browser(page, live_url, cast[key])
        page.locator(".staff-card", has_text=org).get_by_role("link", name="进入单位工作台").click()
        page.get_by_role("link", name="审核").first.click()
        page.get_by_label("审核通过").check()
        page.fill("#id_opinion", "同意。")
        page.get_by_role("button", name="确定").click()
        page.wait_for_load_state()
        assert "张晓明 的个人基本信息" in page.inner_text("#decision-result")
        _shot(page, screenshot_dir, f"12-approved-{key}")
        logout_in_browser(page)

    # -- stored ---------------------------------------------------------------------------------
    login_in_browser(page, live_url, cast["applicant_a"])
    page.goto(f"{live_url}/profile/")
    assert "已入库" in page.locator("#profile-state").inner_text()
    assert "龙川县人民医院 → 龙川县卫生健康局" in page.locator("#stored-chain").inner_text()
    _shot(page, screenshot_dir, "13-stored")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_url}/profile/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, screenshot_dir, "14-stored-phone")

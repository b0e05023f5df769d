"""Unit search in the browser as people type it (issue 16, finding 3): ``huadu`` finds the 花都区
units in the profile's unit picker, and the unit-change form's list stays narrowed to what the
search box says after a unit is chosen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import login_in_browser

pytestmark = pytest.mark.browser

HUADU_UNITS = [
    "广州市花都区人民医院",
    "广州市花都区人民医院（新华院区）",
    "广州市花都区第一中学",
    "广州市花都区新华镇卫生院",
]


def _units(names, region):
    from zhicheng.orgs.constants import OrgKind
    from zhicheng.orgs.models import Organisation
    from zhicheng.orgs.services import synthetic_credit_code

    bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id=region)
    return [
        Organisation.objects.create(
            name=name, kind=OrgKind.PERSONNEL_UNIT, region_id=region, supervising_unit=bureau,
            credit_code=synthetic_credit_code(prefix="12", region_code=region, name=name),
        )
        for name in names
    ]


def _search(page, q):
    with page.expect_response(lambda r: "/orgs/units/search/" in r.url and "q=" + q in r.url):
        page.fill("#unit-q", q)
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


@pytest.mark.parametrize("width", [390, 1366])
def test_huadu_finds_huadu_units_in_the_profile_unit_picker(page, live_url, world, screenshot_dir, width):
    _units(HUADU_UNITS, "440114")
    _units(["广州市番禺区人民医院"], "440113")
    page.set_viewport_size({"width": width, "height": 900})
    login_in_browser(page, live_url, world["applicant_a"])
    page.goto(f"{live_url}/profile/unit/")
    page.select_option("#unit-city", label="广州市")
    page.locator("#unit-county option[value='440114']").wait_for(state="attached")
    with page.expect_response(lambda r: "/orgs/units/search/" in r.url and "county=440114" in r.url):
        page.select_option("#unit-county", label="花都区")
    _search(page, "huadu")
    results = page.locator("#unit-results label")
    expect(results).to_have_count(len(HUADU_UNITS))
    for name in HUADU_UNITS:
        expect(page.locator("#unit-results")).to_contain_text(name)
    page.screenshot(path=f"{screenshot_dir}/unit-search-huadu-{width}.png", full_page=True)

    _search(page, "dgsrmyy")  # nothing in 花都区 reads like that
    expect(results).to_have_count(0)
    expect(page.locator("#unit-results")).to_contain_text("没有找到")
    _search(page, "hdqrmyyxh")  # initials up to the bracket's 院区
    expect(results).to_have_count(1)
    expect(results).to_contain_text("广州市花都区人民医院（新华院区）")
    results.first.locator("input").check()
    page.get_by_role("button", name="确定选择").click()
    page.wait_for_load_state()
    expect(page.locator("#chosen-unit")).to_contain_text("广州市花都区人民医院（新华院区）")


def test_unit_change_list_stays_narrowed_after_a_choice(page, live_url, world, screenshot_dir):
    from tests.world.profiles import profiles_load
    from zhicheng.orgs.selectors import personnel_units_search

    profiles_load()
    applicant = world["applicant_c"]
    expected = [u.name for u in personnel_units_search(region_code="441622", q="lcxrmyy")]
    everything = personnel_units_search(region_code="441622", q="")
    assert "龙川县人民医院" in expected and len(everything) > len(expected)
    login_in_browser(page, live_url, applicant)
    page.goto(f"{live_url}/businesses/new/unit_change/")
    page.select_option("#unit-city", label="河源市")
    page.wait_for_selector("#unit-county option:has-text('龙川县')", state="attached")
    with page.expect_response(lambda r: "/orgs/units/search/" in r.url and "county=441622" in r.url):
        page.select_option("#unit-county", label="龙川县")
    page.fill("#unit-q", "lcxrmyy")
    results = page.locator("#unit-results label")
    expect(results).to_have_count(len(expected))
    results.filter(has_text="龙川县人民医院").locator("input").check()
    assert page.inner_text("#supervisor-display") == "龙川县卫生健康局"
    page.wait_for_timeout(800)  # anything the choice set off has answered by now
    expect(results).to_have_count(len(expected))
    assert page.input_value("#unit-q") == "lcxrmyy"
    # Sent without a reason: the page comes back with the error, the search and the choice kept.
    page.click("#submit")
    page.wait_for_load_state()
    assert page.input_value("#unit-q") == "lcxrmyy"
    expect(results).to_have_count(len(expected))
    expect(page.locator("#unit-results input:checked")).to_have_count(1)
    page.screenshot(path=f"{screenshot_dir}/unit-change-narrowed.png", full_page=True)

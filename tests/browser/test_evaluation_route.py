"""One route for an accepted 评审申请 (decision 0031): the applicant's case page and the committee office's case
page show the review chain continued by the later life — meeting, vote, 公示, report, 确认备案 — and both see
it advance when the office closes the vote and publishes the 公示 in the browser. On a 390 px phone too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import login_in_browser

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _relogin(page, live_url, user):
    page.context.clear_cookies()
    login_in_browser(page, live_url, user)


def _route(page) -> dict[str, list[str]]:
    """The route's lines by kind: done, current (one) and pending."""
    lines = {"done": [], "current": [], "pending": []}
    for li in page.locator("ol.zc-route > li").all():
        classes = (li.get_attribute("class") or "").split()
        kind = "done" if "done" in classes else "current" if "current" in classes else "pending"
        lines[kind].append(" ".join(li.inner_text().split()))
    return lines


def _fits(page) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390, "no horizontal scrolling on a phone"
    assert "{#" not in page.inner_text("main") and "{%" not in page.inner_text("main")


def test_the_route_advances_for_the_applicant_and_the_office(page, live_url, world, screenshot_dir):
    from tests.world.evaluation import expert_pool_load
    from zhicheng.committees.models import Meeting
    from zhicheng.committees.rules import Vote
    from zhicheng.committees.services import meeting_create, panel_draw, vote_cast
    from zhicheng.committees.tests.conftest import accepted_application, building_plan

    shots = Path(screenshot_dir)
    expert_pool_load()
    applicant, office = world["applicant_a"], world["committee_office"]
    app = accepted_application(applicant, unit_name="龙川县人民医院")
    meeting = meeting_create(
        plan=building_plan(),
        name="2025年度建筑工程高级职称评审会议",
        held_on=dt.date(2025, 11, 20),
        place="广州市越秀区评审中心",
        applications=[app],
        actor=office,
    )
    panel_draw(meeting=meeting, size=3, actor=office)
    result = meeting.results.get()
    for member in meeting.panel.select_related("expert__user"):
        vote_cast(meeting=meeting, result=result, actor=member.expert.user, choice=Vote.AGREE)
    case_url = f"{live_url}/businesses/case/{app.case_id}/"

    # -- the applicant, on a phone: the chain's 受理, then the meeting; the vote is where it is now
    page.set_viewport_size(PHONE)
    login_in_browser(page, live_url, applicant)
    page.goto(case_url)
    route = _route(page)
    assert any("受理" in line for line in route["done"])
    assert any(line.startswith("安排评审会议") and "2025年度建筑工程高级职称评审会议" in line for line in route["done"])
    assert len(route["current"]) == 1 and "待表决" in route["current"][0]
    assert [line.split(" · ")[0] for line in route["pending"]] == ["评审结果公示", "报送人社部门", "确认备案并发证"]
    _fits(page)
    page.screenshot(path=str(shots / "evaluation-route-applicant-scheduled-390.png"), full_page=True)

    # -- the office closes the vote in the browser and opens the case from the meeting's list
    page.set_viewport_size({"width": 1366, "height": 900})
    _relogin(page, live_url, office)
    page.goto(f"{live_url}/evaluation/meetings/{meeting.pk}/")
    page.get_by_role("button", name="结束会议并计算结果").click()
    assert "评审结果已计算" in page.inner_text("main")
    page.locator(f"#result-{result.pk} a.result-case").click()
    page.wait_for_url(f"**/cases/{app.case_id}/")
    route = _route(page)
    assert any(line.startswith("评审会议表决") and "评审通过" in line and "同意 3 票" in line for line in route["done"])
    assert len(route["current"]) == 1 and "待公示" in route["current"][0]

    # -- the office publishes the 公示: both pages show it as the current step
    page.goto(f"{live_url}/evaluation/meetings/{meeting.pk}/")
    page.get_by_role("link", name="发布评审通过人员公示").click()
    page.fill("input[name=working_days]", "5")
    page.get_by_role("button", name="发布公示").click()
    assert "公示已发布" in page.inner_text("main")
    notice = Meeting.objects.get(pk=meeting.pk).notice
    page.goto(f"{live_url}/cases/{app.case_id}/")
    route = _route(page)
    assert any(line.startswith("评审结果公示") and "已发布公示" in line for line in route["done"])
    assert "公示中" in route["current"][0] and f"{notice.ends_on:%Y-%m-%d}" in route["current"][0]
    page.screenshot(path=str(shots / "evaluation-route-office-notice-1366.png"), full_page=True)
    page.set_viewport_size(PHONE)
    _fits(page)
    page.screenshot(path=str(shots / "evaluation-route-office-notice-390.png"), full_page=True)

    _relogin(page, live_url, applicant)
    page.goto(case_url)
    route = _route(page)
    assert any(line.startswith("评审会议表决") and "评审通过" in line for line in route["done"])
    assert len(route["current"]) == 1 and "公示中" in route["current"][0]
    assert [line.split(" · ")[0] for line in route["pending"]] == ["报送人社部门", "确认备案并发证"]
    _fits(page)
    page.screenshot(path=str(shots / "evaluation-route-applicant-notice-390.png"), full_page=True)

"""Meetings the committee office manages, in a real browser (issue 21): from the office's meeting list it
changes one meeting's place, cancels another with a reason (refused without one), and downloads a
meeting's 一览表 as Excel; the pages are looked at 1366 and 390 px wide."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from conftest import login_in_browser
from tests.browser.steps import shots_at_widths

pytestmark = pytest.mark.browser


def test_office_edits_cancels_and_downloads_the_summary(page, live_url, world, screenshot_dir):
    from django.utils import timezone
    from openpyxl import load_workbook

    from tests.world.evaluation import expert_pool_load
    from zhicheng.committees.models import Meeting, MeetingStatus, Outcome
    from zhicheng.committees.services import meeting_create, panel_draw
    from zhicheng.committees.tests.conftest import accepted_application, building_plan

    shots = Path(screenshot_dir)
    expert_pool_load()
    office = world["committee_office"]
    plan = building_plan()
    first = meeting_create(plan=plan, name="第一次评审会议", held_on=timezone.localdate() + dt.timedelta(days=10),
                           place="广州市越秀区", actor=office,
                           applications=[accepted_application(world["applicant_a"], unit_name="龙川县人民医院")])
    panel_draw(meeting=first, size=5, actor=office)
    second = meeting_create(plan=plan, name="第二次评审会议", held_on=timezone.localdate() + dt.timedelta(days=20),
                            place="广州市天河区", actor=office,
                            applications=[accepted_application(world["applicant_b"], unit_name="龙川县中医院")])

    login_in_browser(page, live_url, office)
    page.goto(f"{live_url}/evaluation/office/")
    page.locator("#meetings").get_by_role("link", name="第一次评审会议").click()
    page.locator("#edit-meeting").click()
    page.fill("input[name=place]", "")
    page.locator("#save-meeting").click()
    assert "请填写会议地点" in page.inner_text("#meeting-form")
    shots_at_widths(page, shots / "meeting-edit")
    page.fill("input[name=place]", "深圳市福田区会展中心")
    page.locator("#save-meeting").click()
    page.wait_for_selector(".alert-success")
    page.wait_for_selector(".alert-success")
    assert "深圳市福田区会展中心" in page.inner_text("main")
    first.refresh_from_db()
    assert first.place == "深圳市福田区会展中心"

    # the 一览表 of this meeting, as Excel
    with page.expect_download() as info:
        page.locator("#summary-xlsx").click()
    workbook = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    names = [row[1] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert names == [world["applicant_a"].real_name]

    page.goto(f"{live_url}/evaluation/office/")
    page.locator("#meetings").get_by_role("link", name="第二次评审会议").click()
    page.locator("#cancel-meeting").click()
    page.locator("#confirm-cancel").click()
    assert "请填写取消原因" in page.inner_text("main")
    shots_at_widths(page, shots / "meeting-cancel")
    page.fill("textarea[name=reason]", "评审专家集中参加培训，会议延期")
    page.locator("#confirm-cancel").click()
    page.wait_for_selector("#cancelled")
    assert "评审专家集中参加培训" in page.inner_text("#cancelled")
    assert page.inner_text("#meeting-status").strip() == "已取消"
    page.set_viewport_size({"width": 390, "height": 900})
    page.screenshot(path=str(shots / "meeting-cancelled-390.png"), full_page=True)
    second = Meeting.objects.get(pk=second.pk)
    assert second.status == MeetingStatus.CANCELLED
    assert set(second.results.values_list("outcome", flat=True)) == {Outcome.CANCELLED}

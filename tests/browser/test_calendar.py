"""The system administrator enters the State Council's holiday arrangement for a year (issue 20)."""

import os

import pytest

from conftest import login_in_browser

pytestmark = pytest.mark.browser


def test_system_admin_enters_a_years_arrangement(page, live_url, world, screenshot_dir):
    import datetime as dt

    from zhicheng.audit.models import AuditEvent
    from zhicheng.workcalendar.models import CalendarYear
    from zhicheng.workcalendar.workdays import add_working_days, calendar_knows

    login_in_browser(page, live_url, world["system_admin"])
    page.locator("#system-admin-card").get_by_role("link", name="工作日历").click()
    page.wait_for_load_state()
    assert page.locator("#calendar-years").count() == 1
    page.screenshot(path=os.path.join(screenshot_dir, "calendar-years.png"), full_page=True)
    page.fill("#id_year", "2027")
    page.get_by_role("button", name="查看").click()
    page.wait_for_load_state()
    assert "尚未录入国务院办公厅的 2027 年安排" in page.inner_text("#year-state")
    # The form starts from the statutory floor: 春节 from 除夕 (5 February) to 初三.
    assert "2027-02-05 至 2027-02-08 春节" in page.input_value("#id_holidays")

    page.fill("#id_document", "国办发明电〔2026〕9号")
    page.fill("#id_holidays", page.input_value("#id_holidays").replace(
        "2027-02-05 至 2027-02-08 春节", "2027-02-05 至 2027-02-12 春节"))
    page.fill("#id_working_days", "2027-02-15 春节")  # a Monday: refused, beside the field, text kept
    page.get_by_role("button", name="保存 2027 年安排").click()
    page.wait_for_load_state()
    assert "调休上班日应为星期六或星期日" in page.inner_text("#id_working_days_error")
    assert page.input_value("#id_working_days") == "2027-02-15 春节"
    assert "2027-02-05 至 2027-02-12 春节" in page.input_value("#id_holidays")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=os.path.join(screenshot_dir, "calendar-year-error-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    page.fill("#id_working_days", "2027-02-13 春节")
    page.get_by_role("button", name="保存 2027 年安排").click()
    page.wait_for_load_state()
    assert "已保存 2027 年放假安排" in page.inner_text("main")
    assert "国办发明电〔2026〕9号" in page.inner_text("#year-state")
    page.screenshot(path=os.path.join(screenshot_dir, "calendar-year-saved.png"), full_page=True)

    assert CalendarYear.objects.get(year=2027).entered_by == world["system_admin"]
    assert calendar_knows(dt.date(2027, 1, 1))
    # 10–12 February are now holidays and Saturday 13 February a working day.
    assert add_working_days(dt.date(2027, 2, 9), 2) == dt.date(2027, 2, 15)
    assert AuditEvent.objects.filter(action="workcalendar.arrangement_enter", actor=world["system_admin"]).exists()
    page.goto(f"{live_url}/calendar/")
    assert "已录入" in page.locator("tr[data-year='2027']").inner_text()

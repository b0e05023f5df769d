"""评审费 in a real browser (issue 21): an accepted case unpaid past its deadline is held back from the
meeting (the office sees it left out with the reason; the applicant is told why, on the case page and in
their notifications); the office imports the bank's reconciliation file, which marks it paid, and it becomes a
candidate. The new pages are looked at 390 and 1366 px wide."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import login_in_browser

pytestmark = pytest.mark.browser


def login(page, live_url, user):
    page.context.clear_cookies()
    login_in_browser(page, live_url, user)


def shoot(page, shots: Path, name: str):
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width}px"
    page.set_viewport_size({"width": 1366, "height": 900})


def test_unpaid_case_is_held_back_then_a_bank_file_marks_it_paid(page, live_url, world, screenshot_dir, tmp_path):
    from django.urls import reverse
    from django.utils import timezone

    from zhicheng.committees.tests.conftest import accepted_application, building_committee
    from zhicheng.fees.services import fee_notice_issue, fee_overdue_notify
    from zhicheng.fees.tests.conftest import fee_on

    shots = Path(screenshot_dir)
    office, applicant = world["committee_office"], world["applicant_a"]
    plan = fee_on()
    app = accepted_application(applicant, unit_name="龙川县人民医院")
    app.case.refresh_from_db()
    issued = timezone.localdate() - dt.timedelta(days=30)
    notice = fee_notice_issue(case=app.case, actor=office, on_date=issued)
    assert notice.due_on < timezone.localdate()
    other = accepted_application(world["applicant_b"], unit_name="龙川县中医院")
    other.case.refresh_from_db()
    fee_notice_issue(case=other.case, actor=office)  # issued today: still due, a candidate
    assert fee_overdue_notify() == "评审费：逾期未缴告知 1 人"  # the daily deadline run
    new_meeting = f"{live_url}{reverse('evaluation:meeting_new', args=[building_committee().pk])}?plan={plan.pk}"

    # The office, from its workbench: the meeting's candidates leave 张晓明 out, and say why.
    login(page, live_url, office)
    page.goto(f"{live_url}/evaluation/office/")
    page.click("#fees-link")
    page.get_by_role("link", name=plan.title).click()
    page.wait_for_load_state()
    assert notice.reference in page.inner_text("#fee-notices")
    shoot(page, shots, "fees-plan")
    page.goto(new_meeting)
    held = page.inner_text("#held-applications")
    assert applicant.real_name in held and "评审费逾期未缴" in held
    assert applicant.real_name not in page.inner_text("#applications")
    assert world["applicant_b"].real_name in page.inner_text("#applications")
    shoot(page, shots, "fees-meeting-held")

    # The applicant reads why on the case page and in the notifications.
    login(page, live_url, applicant)
    page.goto(f"{live_url}{reverse('businesses:case', args=[app.case_id])}")
    assert "暂不提交评审会议" in page.inner_text("#fee-held")
    assert notice.reference_display in page.inner_text("#fee-reference")
    shoot(page, shots, "fees-applicant-case")
    page.goto(f"{live_url}/profile/")
    assert "评审费逾期未缴，暂不提交评审会议" in page.content()

    # The office imports the bank's file: previewed row by row, then confirmed.
    login(page, live_url, office)
    page.goto(f"{live_url}{reverse('fees:plan', args=[plan.pk])}")
    page.get_by_role("link", name="导入银行对账文件").click()
    wide = "".join(chr(ord(c) + 0xFEE0) for c in notice.reference)  # typed with a Chinese input method
    csv = tmp_path / "对账单.csv"
    csv.write_text("缴费识别码,金额,缴费日期,银行流水号\n"
                   f"{wide},500.00,{timezone.localdate():%Y/%m/%d},BK202612010001\n"
                   "26123456789012,500,2026-11-30,BK202612010002\n", encoding="utf-8-sig")
    page.set_input_files("#import-form input[type=file]", str(csv))
    page.click("#import-form button[type=submit]")
    page.wait_for_load_state()
    rows = page.inner_text("#import-rows")
    assert "可登记" in rows and applicant.real_name in rows
    assert "本计划没有该缴费识别码的缴费通知" in rows or "校验位" in rows
    shoot(page, shots, "fees-import-preview")
    page.click("#import-apply button[type=submit]")
    page.wait_for_load_state()
    assert "已按对账文件登记 1 笔缴费" in page.content()
    shoot(page, shots, "fees-import-done")
    notice.refresh_from_db()
    assert notice.is_paid

    page.goto(f"{live_url}{reverse('fees:notice', args=[notice.pk])}")
    assert "已缴费" in page.inner_text("#fee-status") and "BK202612010001" in page.inner_text("#fee-payments")
    shoot(page, shots, "fees-notice")

    # Now a candidate of the meeting.
    page.goto(new_meeting)
    assert applicant.real_name in page.inner_text("#applications")
    assert page.locator("#held-applications").count() == 0

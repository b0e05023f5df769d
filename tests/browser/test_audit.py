"""The audit administrator searches the audit log in a real browser."""

import pytest

from conftest import login_in_browser
from zhicheng.audit.services import audit_record
from zhicheng.common.middleware import current_client_ip
from zhicheng.orgs.models import Organisation

pytestmark = pytest.mark.browser


@pytest.fixture
def some_events(world):
    hospital = Organisation.objects.get(name="龙川县人民医院")
    token = current_client_ip.set("10.20.30.40")
    try:
        audit_record(action="case.submit", actor=world["applicant_a"], object_type="cases.case", object_id="1001",
                     object_label="评审申请 张晓明 工程师")
        audit_record(action="case.approve", actor=world["unit_reviewer"], organisation=hospital,
                     object_type="cases.case", object_id="1001", object_label="评审申请 张晓明 工程师",
                     detail={"opinion": "材料齐全，同意推荐。", "from": "at_unit", "to": "at_supervisor"})
        audit_record(action="case.return", actor=world["unit_reviewer"], organisation=hospital,
                     object_type="cases.case", object_id="1002", object_label="考核认定申请 李雪梅",
                     detail={"opinion": "缺少继续教育证明。"})
    finally:
        current_client_ip.reset(token)


def test_audit_admin_searches_the_log(page, live_url, world, some_events, screenshot_dir):
    login_in_browser(page, live_url, world["audit_admin"])
    page.goto(f"{live_url}/audit/")
    rows = page.locator("#audit-events tbody tr")
    assert rows.count() >= 3
    assert page.locator("#audit-events").get_by_text("审核不通过（退回）").first.is_visible()
    page.screenshot(path=f"{screenshot_dir}/audit-list.png", full_page=True)

    # Search: one reviewer's returns.
    page.fill("#id_actor", "陈志强")
    page.select_option("#id_action", "case.return")
    page.click("#audit-search button[type=submit]")
    page.wait_for_load_state()
    # posted: the address carries only a token, never what was typed (it may be an ID number)
    assert "?s=" in page.url and "actor" not in page.url and "action" not in page.url
    rows = page.locator("#audit-events tbody tr")
    assert rows.count() == 1
    row_text = rows.first.inner_text()
    assert "陈志强" in row_text and "龙川县人民医院" in row_text and "考核认定申请 李雪梅" in row_text
    assert "10.20.30.40" in row_text
    assert page.input_value("#id_actor") == "陈志强"

    # Verify the hash chain in place (htmx).
    page.click("#audit-verify")
    page.locator("#verify-intact").wait_for()
    assert "哈希链完整" in page.inner_text("#verify-result")
    page.screenshot(path=f"{screenshot_dir}/audit-search-verified.png", full_page=True)

    # The detail with its JSON.
    rows.first.get_by_role("link", name="详情").click()
    page.wait_for_load_state()
    assert "缺少继续教育证明。" in page.inner_text("#audit-detail-json")
    page.screenshot(path=f"{screenshot_dir}/audit-detail.png", full_page=True)

    # Back to the list keeps the search.
    page.get_by_role("link", name="审计日志").last.click()
    page.wait_for_load_state()
    assert page.input_value("#id_actor") == "陈志强"


def test_audit_log_on_a_phone(page, live_url, world, some_events, screenshot_dir):
    page.set_viewport_size({"width": 390, "height": 844})
    login_in_browser(page, live_url, world["audit_admin"])
    page.goto(f"{live_url}/audit/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the table scrolls inside its box, not the page"
    page.screenshot(path=f"{screenshot_dir}/audit-phone.png", full_page=True)


def test_other_administrators_do_not_find_the_log(page, live_url, world):
    login_in_browser(page, live_url, world["system_admin"])
    response = page.goto(f"{live_url}/audit/")
    assert response.status == 404

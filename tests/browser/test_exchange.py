"""The API's browsable docs and the management pages of external systems, in a real browser.

The ``page`` fixture fails the test on any request outside the live server and on any
Content-Security-Policy violation, so the docs prove to work on a closed network.
"""

import os
import re

import pytest

from conftest import login_in_browser

pytestmark = pytest.mark.browser


def test_api_docs_work_offline_and_list_the_operations(page, live_url, screenshot_dir):
    page.goto(f"{live_url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    text = page.inner_text("#swagger-ui")
    assert "广东省职称网上申报系统 数据交换接口" in text
    for path in ["/api/v1/numbers/allocate", "/api/v1/certificates/report", "/api/v1/certificates/void",
                 "/api/v1/certificates/search", "/api/v1/certificates/{number}"]:
        assert page.locator(f".opblock-summary-path[data-path='{path}']").count() == 1, path
    assert "申请证书编号" in text
    # Open one operation: its Chinese description and its error responses are there.
    page.locator(".opblock-summary-path[data-path='/api/v1/numbers/allocate']").click()
    page.wait_for_selector(".responses-table")
    opened = page.inner_text(".opblock.is-open")
    assert "全部不分配" in opened and "idempotency_key_missing" in opened and "Idempotency-Key" in opened
    page.screenshot(path=os.path.join(screenshot_dir, "exchange-api-docs.png"), full_page=False)


def test_system_admin_issues_and_revokes_a_token(page, live_url, world, screenshot_dir):
    from tests.world.exchange import exchange_system_load

    system = exchange_system_load()
    login_in_browser(page, live_url, world["system_admin"])
    page.goto(f"{live_url}/api/manage/")
    assert "广州市职称评审管理服务平台" in page.inner_text("main")
    page.screenshot(path=os.path.join(screenshot_dir, "exchange-systems.png"), full_page=True)
    page.get_by_role("link", name="广州市职称评审管理服务平台").click()
    page.fill("#id_label", "测试环境")
    page.get_by_role("button", name="签发令牌").click()
    page.wait_for_load_state()
    token = page.input_value("#id_token")
    assert re.fullmatch(r"zc_[A-Za-z0-9_-]{40}", token)
    assert "只显示这一次" in page.inner_text("main")
    page.screenshot(path=os.path.join(screenshot_dir, "exchange-token-created.png"), full_page=True)
    page.get_by_role("link", name="我已保存，返回").click()
    page.wait_for_load_state()
    assert token[:10] in page.inner_text("main") and token not in page.content()
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=os.path.join(screenshot_dir, "exchange-system-detail-phone.png"), full_page=True)
    page.locator("tr", has_text="测试环境").get_by_role("link", name="吊销").click()
    page.get_by_role("button", name="确定吊销").click()
    page.wait_for_load_state()
    assert "已吊销" in page.inner_text("main")
    assert system.tokens.filter(label="测试环境", revoked_at__isnull=False).exists()


def test_other_staff_get_not_found(page, live_url, world):
    login_in_browser(page, live_url, world["security_admin"])
    response = page.goto(f"{live_url}/api/manage/")
    assert response.status == 404
    assert "页面不存在" in page.inner_text("body")

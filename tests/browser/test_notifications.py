"""An applicant finds every message, not only the workbench's latest ten: from the home page's badge to
消息通知, the unread tab, 全部标为已读, the next page, and the page on a phone."""

import pytest

from conftest import login_in_browser

pytestmark = pytest.mark.browser


def test_applicant_reads_every_message(page, live_url, world, screenshot_dir):
    from zhicheng.cases.services import notification_send

    a = world["applicant_a"]
    for i in range(25):
        notification_send(user=a, title=f"业务进度消息{i}", body=f"第{i}条：请登录查看办理进度。")
    login_in_browser(page, live_url, a)
    page.goto(live_url + "/")
    page.get_by_role("link", name="25 条新消息").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("消息通知")
    assert page.locator("#notification-list .nav-link.active").inner_text() == "未读"
    assert page.get_by_text("业务进度消息24").is_visible()
    page.get_by_role("link", name="下一页").click()
    page.wait_for_load_state()
    assert page.get_by_text("业务进度消息0", exact=True).is_visible()  # the oldest, beyond the card's ten
    page.screenshot(path=f"{screenshot_dir}/notifications.png", full_page=True)

    page.get_by_role("button", name="全部标为已读").click()
    page.wait_for_load_state()
    assert page.locator("#notification-list .badge").count() == 0
    page.get_by_role("link", name="未读").click()
    page.wait_for_load_state()
    assert page.get_by_text("没有未读消息。").is_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_url + "/profile/notifications/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no horizontal scrolling on a phone"
    page.screenshot(path=f"{screenshot_dir}/notifications-phone.png", full_page=True)

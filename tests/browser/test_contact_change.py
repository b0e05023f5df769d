"""Changing a phone number in a real browser (issue 16, finding 4): the person on 我的账号 with a
code read from the development outbox, and the service window replacing a dead number, after
which the person logs in with the new one."""

import re

import pytest

from conftest import login_in_browser
from tests.world.cast import PASSWORD, person

pytestmark = pytest.mark.browser
OUTBOX_TOKEN = "printed-by-manage-sh-run"


def submit(page, label):
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def outbox_text(page, live_url, has_text: str) -> str:
    """The newest development-outbox message to a masked recipient, read in another browser with
    the token ./manage.sh run prints (as the recovery browser test does)."""
    outbox = page.context.browser.new_context().new_page()
    outbox.goto(f"{live_url}/dev/outbox/")
    outbox.fill("#id_token", OUTBOX_TOKEN)
    outbox.get_by_role("button", name="查看消息").click()
    outbox.wait_for_load_state()
    text = outbox.locator("#outbox tbody tr", has_text=has_text).first.inner_text()
    outbox.context.close()
    return text


def log_in_with(page, live_url, username, password=PASSWORD):
    page.context.clear_cookies()
    page.goto(f"{live_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [390, 1366])
def test_person_changes_phone_with_a_code(page, live_url, world, screenshot_dir, width, settings):
    settings.DEV_OUTBOX_TOKEN = OUTBOX_TOKEN
    new_phone = "13912340077"
    page.set_viewport_size({"width": width, "height": 900})
    login_in_browser(page, live_url, world["applicant_a"])
    page.goto(f"{live_url}/accounts/me/")
    page.click("#change-phone")
    page.fill("#id_new_value", new_phone)
    page.fill("#id_password", "wrong-password")
    submit(page, "发送验证码")
    assert "当前密码不正确" in page.content()
    assert page.input_value("#id_new_value") == new_phone  # what was typed is kept
    page.fill("#id_password", PASSWORD)
    page.screenshot(path=f"{screenshot_dir}/contact-change-{width}.png", full_page=True)
    submit(page, "发送验证码")
    assert page.url.endswith("/accounts/me/contact/confirm/") and new_phone not in page.url
    assert page.inner_text("#contact-to") == "139****0077"
    page.screenshot(path=f"{screenshot_dir}/contact-confirm-{width}.png", full_page=True)

    code = re.search(r"验证码：(\d{6})", outbox_text(page, live_url, "139****0077")).group(1)
    page.fill("#id_code", code)
    submit(page, "确认更换")
    assert page.url.endswith("/accounts/me/")
    assert page.inner_text("#masked-phone") == "139****0077"
    assert "已更换为 139****0077" in page.content()
    page.screenshot(path=f"{screenshot_dir}/contact-done-{width}.png", full_page=True)

    old_masked = person("applicant_a").phone[:3] + "****" + person("applicant_a").phone[-4:]
    assert "不再接收" in outbox_text(page, live_url, old_masked)

    log_in_with(page, live_url, new_phone)
    assert page.get_by_text("张晓明，您好").is_visible()
    log_in_with(page, live_url, person("applicant_a").phone)
    assert "账号或密码不正确" in page.content()


def test_window_replaces_a_dead_phone_and_the_person_logs_in_with_the_new_one(page, live_url, world, screenshot_dir):
    new_phone = "13912340088"
    target = person("applicant_b")
    login_in_browser(page, live_url, world["window_staff"])
    page.goto(f"{live_url}/accounts/window/")
    page.fill("#id_search-id_number", target.id_number)
    submit(page, "查找")
    assert target.id_number not in page.url and target.id_number not in page.content()
    page.fill("#id_phone-new_phone", new_phone)
    page.fill("#id_phone-reason", "本人原手机号码已停用")
    submit(page, "更换手机号码")
    assert "核验申请人的证件原件" in page.locator("#window-phone").inner_text()  # the card check is required
    page.check("#id_phone-id_card_checked")
    page.fill("#id_phone-new_phone", new_phone)
    page.fill("#id_phone-reason", "本人原手机号码已停用")
    page.screenshot(path=f"{screenshot_dir}/window-phone.png", full_page=True)
    submit(page, "更换手机号码")
    assert "已将李雪梅的手机号码更换为 139****0088" in page.content()
    page.screenshot(path=f"{screenshot_dir}/window-phone-done.png", full_page=True)

    log_in_with(page, live_url, new_phone)
    assert page.get_by_text("李雪梅，您好").is_visible()
    page.goto(f"{live_url}/accounts/me/")
    assert page.inner_text("#masked-phone") == "139****0088"

"""Accounts in a real browser: register, log in and out, duplicates, lockout, both kinds of recovery."""

import re

import pytest

from conftest import login_in_browser
from tests.browser.steps import register_existing, submit
from tests.world.cast import PASSWORD, person
from zhicheng.common.validators import iso7064_mod11_2

pytestmark = pytest.mark.browser

NEW_ID = "440113198506124" + "57"
NEW_ID += iso7064_mod11_2(NEW_ID)
NEW_PASSWORD = "Lingnan#Spring8"


def test_register_then_log_in_and_out(page, live_url, world, screenshot_dir):
    page.goto(f"{live_url}/accounts/register/")
    page.fill("#id_id_number", NEW_ID[:17] + "0" if NEW_ID[17] != "0" else NEW_ID[:17] + "1")
    page.fill("#id_real_name", "欧阳明")
    page.fill("#id_phone", "13812345678")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    submit(page, "注册")
    # Wrong check digit: message beside the field, other values kept, password not re-displayed.
    assert "校验位不正确" in page.locator("#id_id_number_error").inner_text()
    assert page.input_value("#id_real_name") == "欧阳明"
    assert page.input_value("#id_password1") == ""
    page.screenshot(path=f"{screenshot_dir}/accounts-register-error.png", full_page=True)

    page.fill("#id_id_number", NEW_ID.lower())
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    submit(page, "注册")
    assert page.url.endswith("/accounts/login/")
    assert "注册成功" in page.content()

    page.fill("input[name=username]", NEW_ID)
    page.fill("input[name=password]", NEW_PASSWORD)
    submit(page, "登录")
    assert page.get_by_text("欧阳明，您好").is_visible()
    page.goto(f"{live_url}/accounts/me/")
    assert "440113********" in page.locator("#masked-id").inner_text()
    assert NEW_ID not in page.content()
    page.screenshot(path=f"{screenshot_dir}/accounts-account.png", full_page=True)
    submit(page, "退出")
    assert "您已安全退出" in page.content()
    page.goto(f"{live_url}/accounts/me/")
    assert "/accounts/login/" in page.url


def test_duplicate_registration_points_to_login_and_recovery(page, live_url, world, screenshot_dir):
    p = person("applicant_a")
    box = register_existing(page, live_url, id_number=p.id_number, phone="13812345678", password=NEW_PASSWORD)
    assert "该证件号码已注册账号" in box.inner_text()
    html = page.content()
    assert p.name not in html and "138****0001" not in html
    page.screenshot(path=f"{screenshot_dir}/accounts-duplicate.png", full_page=True)
    box.get_by_role("link", name="忘记密码，找回账号").click()
    assert page.url.endswith("/accounts/recover/")


def test_lockout_after_five_failures(page, live_url, world, screenshot_dir):
    p = person("applicant_b")
    page.goto(f"{live_url}/accounts/login/")
    for i in range(4):
        page.fill("input[name=username]", p.id_number if i % 2 else p.phone)
        page.fill("input[name=password]", f"Wrong#{i}pass")
        submit(page, "登录")
        assert "账号或密码不正确" in page.content()
    page.fill("input[name=username]", p.phone)
    page.fill("input[name=password]", "Wrong#4pass")
    submit(page, "登录")
    assert "暂时无法从当前网络登录该账号" in page.content() and "15 分钟" in page.content()
    page.screenshot(path=f"{screenshot_dir}/accounts-locked.png", full_page=True)
    login_in_browser(page, live_url, world["applicant_b"])  # right password, still locked
    assert "暂时无法从当前网络登录该账号" in page.content()


def test_self_service_recovery_with_code_from_outbox(page, live_url, world, screenshot_dir, settings):
    settings.DEV_OUTBOX_TOKEN = "printed-by-manage-sh-run"
    p = person("applicant_a")
    page.goto(f"{live_url}/accounts/login/")
    page.get_by_role("link", name="忘记密码 / 找回账号").click()
    page.fill("#id_identifier", p.id_number)
    submit(page, "下一步")
    assert "/accounts/recover/channel/" in page.url and p.id_number not in page.url
    assert "账号预留的手机号码" in page.content() and "138****0001" not in page.content()  # nothing tells it exists
    page.screenshot(path=f"{screenshot_dir}/accounts-recover-channel.png", full_page=True)
    page.get_by_label(re.compile("手机短信")).check()
    submit(page, "发送验证码")
    assert "/accounts/recover/code/" in page.url
    assert "若该账号存在，验证码已发送至其预留的手机或邮箱" in page.content()
    page.screenshot(path=f"{screenshot_dir}/accounts-recover-code.png", full_page=True)

    # The outbox (no real SMS here) opens with the token ./manage.sh run prints, in another browser.
    outbox = page.context.browser.new_context().new_page()
    outbox.goto(f"{live_url}/dev/outbox/")
    assert "验证码：" not in outbox.content()
    outbox.set_viewport_size({"width": 390, "height": 844})
    outbox.screenshot(path=f"{screenshot_dir}/dev-outbox-token-390.png", full_page=True)
    outbox.fill("#id_token", "printed-by-manage-sh-run")
    outbox.get_by_role("button", name="查看消息").click()
    outbox.wait_for_load_state()
    code = re.search(r"验证码：(\d{6})", outbox.locator("#outbox tbody tr").first.inner_text()).group(1)
    # On a phone each message is a card: the time is one line, not a column a character wide.
    outbox.set_viewport_size({"width": 390, "height": 844})
    assert outbox.locator("#outbox tbody tr td").first.bounding_box()["height"] < 40
    assert outbox.evaluate("document.scrollingElement.scrollWidth") <= 390
    outbox.screenshot(path=f"{screenshot_dir}/dev-outbox-390.png", full_page=True)
    outbox.set_viewport_size({"width": 1366, "height": 900})
    outbox.screenshot(path=f"{screenshot_dir}/dev-outbox-1366.png", full_page=True)
    outbox.context.close()

    page.fill("#id_code", code)
    submit(page, "验证")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    submit(page, "设置新密码")
    assert page.url.endswith("/accounts/login/") and "密码已重新设置" in page.content()
    login_in_browser(page, live_url, world["applicant_a"], NEW_PASSWORD)
    assert page.get_by_text("张晓明，您好").is_visible()


def test_window_recovery_and_forced_password_change(page, live_url, world, screenshot_dir):
    staff = world["window_staff"]
    target = person("applicant_b")
    login_in_browser(page, live_url, staff)
    page.goto(f"{live_url}/accounts/window/")
    page.fill("#id_search-id_number", target.id_number)
    submit(page, "查找")
    result = page.locator("#window-target").inner_text()
    assert "李雪梅" in result and "441602********0244" in result
    assert target.id_number not in page.content()
    page.check("#id_recovery-id_card_checked")
    page.fill("#id_recovery-reason", "本人忘记密码，预留手机号码已停用")
    page.screenshot(path=f"{screenshot_dir}/accounts-window.png", full_page=True)
    submit(page, "签发临时密码")
    temporary = page.locator("#temporary-password").inner_text().strip()
    assert len(temporary) == 12
    page.screenshot(path=f"{screenshot_dir}/accounts-window-issued.png", full_page=True)
    submit(page, "退出")

    login_in_browser(page, live_url, world["applicant_b"], temporary)
    assert page.url.endswith("/accounts/password/change/")
    assert "临时密码" in page.content()
    page.goto(f"{live_url}/")  # anything else sends them back
    assert page.url.endswith("/accounts/password/change/")
    page.screenshot(path=f"{screenshot_dir}/accounts-forced-change.png", full_page=True)
    page.fill("#id_old_password", temporary)
    page.fill("#id_password1", "Dragon#Boat2026")
    page.fill("#id_password2", "Dragon#Boat2026")
    submit(page, "确认修改")
    assert page.url.endswith("/accounts/me/")
    table = page.locator("#recoveries").inner_text()
    assert "服务窗口找回" in table and "河源市人力资源和社会保障局" in table


def test_staff_page_for_org_admin(page, live_url, world, screenshot_dir):
    login_in_browser(page, live_url, world["unit_admin"])
    page.goto(f"{live_url}/accounts/staff/")
    page.fill("#id_id_number", person("applicant_c").id_number)
    page.select_option("#id_role", "reviewer")
    submit(page, "发出邀请")  # a role is an invitation the person accepts (issue 19)
    assert "已邀请王建国担任“审核人员”，本人接受后生效。" in page.content()
    assert "王建国" in page.locator("#memberships").inner_text()
    page.screenshot(path=f"{screenshot_dir}/accounts-staff.png", full_page=True)
    assert PASSWORD not in page.content()

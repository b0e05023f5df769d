"""TOTP second factor in a real browser: a reviewer enrols by reading the secret off the page,
then logs in again with a code. ``settings`` changes reach the live server, which runs in a
thread of this process."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP

from conftest import login_in_browser

pytestmark = pytest.mark.browser

TWO_FACTOR_MIDDLEWARE = "zhicheng.accounts.middleware.TwoFactorMiddleware"


@pytest.fixture
def two_factor_required(settings):
    # The live server built its middleware chain when it started, so the middleware must be in
    # the shared settings (config/settings/base.py), not added here.
    if TWO_FACTOR_MIDDLEWARE not in settings.MIDDLEWARE:
        pytest.skip(f"{TWO_FACTOR_MIDDLEWARE} is not in MIDDLEWARE yet")
    settings.ZHICHENG_REQUIRE_2FA = True


def code_from_secret(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app would show for the secret typed in by hand."""
    secret = "".join(secret.split()).upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key, step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def submit(page, label):
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def test_reviewer_enrols_then_needs_the_code_at_login(
    page, live_url, world, screenshot_dir, two_factor_required
):
    reviewer = world["unit_reviewer"]
    login_in_browser(page, live_url, reviewer)
    assert "/accounts/2fa/enrol/" in page.url
    assert page.get_by_role("heading", name="绑定身份验证器").is_visible()
    assert "单位工作人员或管理员" in page.content()
    qr = page.locator("#totp-qr svg")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] >= 150 and box["height"] >= 150  # big enough to scan
    secret = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4}\s*){8}", secret.strip())
    # Other pages lead back here until enrolment is done.
    page.goto(f"{live_url}/accounts/me/")
    assert "/accounts/2fa/enrol/" in page.url
    assert page.locator("#totp-secret").inner_text() == secret  # same secret after a reload
    page.screenshot(path=f"{screenshot_dir}/two-factor-enrol.png", full_page=True)

    page.fill("#id_code", "12345")
    submit(page, "确认绑定")
    assert "验证码为6位数字" in page.locator("#id_code_error").inner_text()

    enrol_step = int(time.time() // 30)
    page.fill("#id_code", code_from_secret(secret))
    submit(page, "确认绑定")
    assert page.url.rstrip("/").endswith("/accounts/me")  # back where they were going
    assert "身份验证器绑定成功" in page.content()
    assert page.locator("#two-factor").get_by_text("已启用").is_visible()
    page.goto(f"{live_url}/")
    assert page.get_by_text(f"{reviewer.real_name}，您好").is_visible()
    assert page.locator(".staff-card").first.is_visible()  # the workbench

    submit(page, "退出")
    login_in_browser(page, live_url, reviewer)
    assert "/accounts/2fa/verify/" in page.url
    page.screenshot(path=f"{screenshot_dir}/two-factor-verify.png", full_page=True)
    # A code is accepted once (the enrolment code is spent) and within one 30-second step of now:
    # use the current step's code, or the next one if we are still in the enrolment's step.
    ahead = 1 if int(time.time() // 30) <= enrol_step else 0
    page.fill("#id_code", code_from_secret(secret, steps_ahead=ahead))
    submit(page, "验证")
    assert page.get_by_text(f"{reviewer.real_name}，您好").is_visible()
    assert page.locator(".staff-card").first.is_visible()


def test_phone_layout_of_the_enrolment_page(page, live_url, world, screenshot_dir, two_factor_required):
    page.set_viewport_size({"width": 390, "height": 844})
    login_in_browser(page, live_url, world["security_admin"])
    assert "/accounts/2fa/enrol/" in page.url
    qr = page.locator("#totp-qr svg").bounding_box()
    assert qr["x"] >= 0 and qr["x"] + qr["width"] <= 390  # the QR code fits on the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{screenshot_dir}/two-factor-enrol-phone.png", full_page=True)


def test_security_admin_resets_a_lost_authenticator(page, live_url, world, screenshot_dir):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.world.cast import person

    reviewer = world["unit_reviewer"]
    TOTPDevice.objects.create(user=reviewer, name="身份验证器", confirmed=True)
    login_in_browser(page, live_url, world["security_admin"])
    page.goto(f"{live_url}/accounts/me/")
    page.get_by_role("link", name="重置身份验证器").click()
    assert reviewer.real_name in page.locator("#totp-devices").inner_text()
    page.fill("#id_id_number", person("unit_reviewer").id_number)
    page.fill("#id_reason", "本人手机丢失，已电话核实身份")
    page.screenshot(path=f"{screenshot_dir}/two-factor-reset.png", full_page=True)
    submit(page, "重置身份验证器")
    assert f"已重置{reviewer.real_name}的身份验证器" in page.content()
    assert "暂无" in page.locator("#totp-devices").inner_text()
    assert not TOTPDevice.objects.filter(user=reviewer).exists()

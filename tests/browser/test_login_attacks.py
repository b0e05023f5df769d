"""An attacked account in a real browser: the owner still logs in from their own address, and the
security administrator (安全管理员) finds the account on 登录攻击监测, reached from the home page."""

import pytest
from django.test import Client

from conftest import login_in_browser, logout_in_browser
from tests.world.cast import person

pytestmark = pytest.mark.browser


def test_attacked_owner_logs_in_and_the_security_administrator_sees_the_attack(page, live_url, world, screenshot_dir):
    p = person("applicant_b")
    for n in range(3):  # three addresses, five wrong passwords each: over the account's ceiling
        attacker = Client(REMOTE_ADDR=f"198.51.100.{90 + n}")
        for i in range(5):
            attacker.post("/accounts/login/", {"username": p.phone, "password": f"Wrong#{i}guess"})

    login_in_browser(page, live_url, world["applicant_b"])  # the owner, from the browser's own address
    assert page.get_by_text(f"{p.name}，您好").is_visible()
    logout_in_browser(page)

    login_in_browser(page, live_url, world["security_admin"])
    page.get_by_role("link", name="登录攻击监测").click()
    page.wait_for_load_state()
    assert page.url.endswith("/accounts/security/login-attacks/")
    row = page.locator("#login-attacks tbody tr", has_text=p.name)
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert "限速中" in cells[0] and cells[1] == "15" and cells[2] == "3"
    assert p.id_number not in page.content() and p.phone not in page.content()
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{screenshot_dir}/accounts-login-attacks-390.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=f"{screenshot_dir}/accounts-login-attacks-1366.png", full_page=True)

"""The service window with every identity document, in a real browser (issue 16): window staff find
a 港澳居民 by his 通行证, link the 居住证 he has since received (card seen, reason given) and
replace his e-mail address; he then logs in with the 居住证. A passport holder logs in with the
document type, nationality and number."""

import datetime as dt

import pytest

from conftest import login_in_browser

pytestmark = pytest.mark.browser

PASSWORD = "Lingnan#Spring8"
PERMIT = "H12345678"
RESIDENCE_PERMIT = "810000198002294573"  # 港澳居民居住证 (the 居民身份证 format), check digit valid


def submit(page, label):
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def _register(**kwargs):
    from zhicheng.accounts import services

    return services.user_register(password=PASSWORD, **kwargs)


@pytest.mark.parametrize("width", [390, 1366])
def test_window_links_a_residence_permit_and_changes_the_email(page, live_url, world, screenshot_dir, width):
    from zhicheng.common.validators import iso7064_mod11_2

    assert iso7064_mod11_2(RESIDENCE_PERMIT[:17]) == RESIDENCE_PERMIT[17]
    _register(id_number=PERMIT, id_document_type="hk_macao_permit", real_name="陈大文", phone="13812340001",
              email="chen@example.com", birth_date=dt.date(1980, 2, 29), gender="M")
    page.set_viewport_size({"width": width, "height": 900})
    login_in_browser(page, live_url, world["window_staff"])
    page.locator("#window-card").get_by_role("link", name="进入服务窗口").click()
    page.wait_for_load_state()
    assert not page.locator("#id_search-nationality").is_visible()  # only for a passport
    page.select_option("#id_search-id_document_type", "passport")
    assert page.locator("#id_search-nationality").is_visible()
    page.select_option("#id_search-id_document_type", "hk_macao_permit")
    page.fill("#id_search-id_number", "h1234 5678")
    submit(page, "查找")
    assert "陈大文" in page.locator("#window-target").inner_text()
    assert PERMIT not in page.content() and "H1*****78" in page.content()

    link = page.locator("#window-link")
    link.locator("select[name=link-document_type]").select_option("resident_id")
    page.fill("#id_link-number", RESIDENCE_PERMIT)
    submit(page, "关联证件")
    assert "证件原件" in page.locator("#window-link").inner_text()  # the card check is required
    assert page.input_value("#id_link-number") == RESIDENCE_PERMIT  # what was typed is kept
    page.check("#id_link-id_card_checked")
    page.fill("#id_link-reason", "本人已领取港澳居民居住证")
    page.screenshot(path=f"{screenshot_dir}/window-link-{width}.png", full_page=True)
    submit(page, "关联证件")
    assert "关联到陈大文的账号" in page.content() and RESIDENCE_PERMIT not in page.content()
    width_px = page.evaluate("document.documentElement.scrollWidth")
    assert width_px <= width

    # Found again by the 居住证, then the e-mail address replaced.
    page.fill("#id_search-id_number", RESIDENCE_PERMIT)
    submit(page, "查找")
    target = page.locator("#window-target").inner_text()
    assert "陈大文" in target and "已关联" in target
    page.check("#id_email-id_card_checked")
    page.fill("#id_email-new_email", "chen.new@example.com")
    page.fill("#id_email-reason", "原邮箱已注销")
    page.screenshot(path=f"{screenshot_dir}/window-email-{width}.png", full_page=True)
    submit(page, "更换电子邮箱")
    assert "电子邮箱更换为 c***@example.com" in page.content()

    page.context.clear_cookies()
    page.goto(f"{live_url}/accounts/login/")
    page.fill("input[name=username]", RESIDENCE_PERMIT)
    page.fill("input[name=password]", PASSWORD)
    submit(page, "登录")
    page.goto(f"{live_url}/accounts/me/")
    assert "810000********4573" in page.locator(".linked-document").inner_text()
    assert "chen.new@example.com" in page.content()
    page.screenshot(path=f"{screenshot_dir}/window-linked-account-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [390, 1366])
def test_passport_holder_logs_in_with_type_and_nationality(page, live_url, world, screenshot_dir, width):
    _register(id_number="C01X00T47", id_document_type="passport", nationality="DEU", real_name="Anna Müller",
              phone="13812340002", birth_date=dt.date(1979, 5, 1), gender="F")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_url}/accounts/login/")
    page.fill("input[name=username]", "C01X00T47")
    page.fill("input[name=password]", PASSWORD)
    submit(page, "登录")
    assert "账号或密码不正确" in page.content()  # a passport number alone names no account
    page.locator("#login-other-document summary").click()
    page.select_option("#id_id_document_type", "passport")
    assert page.locator("#id_nationality").is_visible()
    page.select_option("#id_nationality", "DEU")
    page.fill("input[name=password]", PASSWORD)
    page.screenshot(path=f"{screenshot_dir}/login-passport-{width}.png", full_page=True)
    submit(page, "登录")
    assert page.get_by_text("Anna Müller，您好").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

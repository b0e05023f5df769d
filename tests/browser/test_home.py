import pytest

pytestmark = pytest.mark.browser


def test_home_page_renders_chinese_with_a_cjk_font(page, live_url, screenshot_dir):
    page.goto(live_url + "/")
    assert page.locator("h1").first.inner_text() == "广东省职称网上申报系统"
    assert page.get_by_role("link", name="登录").first.is_visible()
    assert page.get_by_role("link", name="注册").first.is_visible()
    # The CJK font is installed locally (fonts-noto-cjk), so the text does not fall back to boxes.
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '职称')")
    page.screenshot(path=f"{screenshot_dir}/home.png", full_page=True)


def test_home_page_on_a_phone_screen(page, live_url, screenshot_dir):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_url + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no horizontal scrolling on a phone"
    page.screenshot(path=f"{screenshot_dir}/home-phone.png", full_page=True)

"""Input as people type it, in a real browser (issue 16): a full-width ID of an existing account is
told 已注册; a certificate is verified with • typed for ·; a 外国人永久居留身份证 holder registers,
reaches 入库 and is shown masked."""

from __future__ import annotations

import pytest

from conftest import login_in_browser, logout_in_browser
from tests.browser.steps import education_fill, register_existing, submit, work_save
from tests.world.cast import person

pytestmark = pytest.mark.browser

PASSWORD = "Lingnan#Spring8"
FPR_NUMBER = "944840198503150014"  # 9 · 44 · 840 USA · 1985-03-15 · 00 · 1 · check 4 (valid)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)





def test_full_width_id_of_an_existing_account_is_told_registered(page, live_url, world, screenshot_dir):
    p = person("applicant_a")
    typed = p.id_number[:2] + full_width(p.id_number[2:17]) + p.id_number[17].lower()  # as an input method types it
    box = register_existing(page, live_url, id_number=typed, phone=full_width("13812345678"), password=PASSWORD)
    assert "已注册" in box.inner_text()
    html = page.content()
    assert p.name not in html and "138****0001" not in html  # nothing of whose it is
    page.screenshot(path=f"{screenshot_dir}/input-full-width-registered.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{screenshot_dir}/input-full-width-registered-390.png", full_page=True)


def test_certificate_verified_with_a_bullet_for_the_middle_dot(page, live_url, world, screenshot_dir):
    from zhicheng.accounts.models import User
    from zhicheng.certificates.tests.conftest import issue

    holder = world["applicant_c"]
    User.objects.filter(pk=holder.pk).update(real_name="古丽米热·艾比布力")
    holder.refresh_from_db()
    cert = issue(holder)
    page.goto(f"{live_url}/certificates/verify/")
    page.fill("#id_number", full_width(cert.number))
    page.fill("#id_holder_name", "古丽米热•艾比布力")  # U+2022 for U+00B7
    submit(page, "查询")
    assert "有效" in page.locator("#verify-status").inner_text()
    assert "古丽米热·艾比布力" in page.content() and "未查询到匹配的证书" not in page.content()
    page.screenshot(path=f"{screenshot_dir}/input-verify-bullet.png", full_page=True)


def test_foreign_permanent_resident_registers_reaches_storage_masked(page, live_url, world, screenshot_dir):
    from zhicheng.orgs.models import Organisation

    page.goto(f"{live_url}/accounts/register/")
    assert not page.locator("#doc-extra").is_visible()  # nothing extra for a 居民身份证
    page.select_option("#id_id_document_type", "foreign_permanent_id")
    page.fill("#id_id_number", FPR_NUMBER)
    page.fill("#id_real_name", "John Smith")
    page.fill("#id_phone", "13812345671")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.screenshot(path=f"{screenshot_dir}/input-register-foreigner.png", full_page=True)
    submit(page, "注册")
    assert page.url.endswith("/accounts/login/"), page.content()

    page.fill("input[name=username]", FPR_NUMBER)
    page.fill("input[name=password]", PASSWORD)
    submit(page, "登录")
    page.goto(f"{live_url}/accounts/me/")
    assert page.locator("#masked-id").inner_text() == "944840********0014"
    assert FPR_NUMBER not in page.content() and "外国人永久居留身份证号码" in page.content()
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{screenshot_dir}/input-foreigner-account-390.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    # Personal information: sex and birth date come from the number.
    page.goto(f"{live_url}/profile/basic/")
    assert page.locator("#id_gender").count() == 0  # read from the ID number, not asked again
    page.select_option("#id_ethnicity", "其他")
    page.select_option("#id_political_status", "masses")
    page.get_by_role("button", name="保存").click()
    assert "基本情况已保存" in page.content(), page.content()
    hospital = Organisation.objects.get(name="龙川县人民医院")
    page.goto(f"{live_url}/profile/unit/")
    page.select_option("#unit-city", "441600")
    page.locator("#unit-county option[value='441622']").wait_for(state="attached")
    with page.expect_response(lambda r: "/orgs/units/search/" in r.url):
        page.select_option("#unit-county", "441622")
    page.locator(f"input[name=unit][value='{hospital.pk}']").check()
    page.get_by_role("button", name="确定选择").click()
    page.wait_for_load_state()
    # started before the 5th birthday: refused next to the field
    education_fill(page, live_url, school="中山大学", major="临床医学", start="1989-09-01", end="2008-07-01")
    page.get_by_role("button", name="保存").click()
    assert "未满5周岁" in page.locator("#id_start_date_error").inner_text()
    page.fill("#id_start_date", "2003-09-01")
    page.get_by_role("button", name="保存").click()
    assert "中山大学" in page.locator("#rows").inner_text()
    work_save(page, live_url, unit_name="龙川县人民医院", post="医师", start="2008-08-01")
    page.goto(f"{live_url}/profile/review/")
    page.locator("#submit-profile").click()
    page.wait_for_load_state()
    assert "已提交至龙川县人民医院审核" in page.content()
    logout_in_browser(page)

    for key, org in (("unit_reviewer", "龙川县人民医院"), ("supervisor_reviewer", "龙川县卫生健康局")):
        login_in_browser(page, live_url, world[key])
        page.locator(".staff-card", has_text=org).get_by_role("link", name="进入单位工作台").click()
        row = page.locator("tr", has_text="John Smith")
        assert "944840********0014" in row.inner_text()  # masked for the reviewers too
        row.get_by_role("link", name="审核").click()
        assert FPR_NUMBER not in page.content()
        page.get_by_label("审核通过").check()
        page.fill("#id_opinion", "同意。")
        page.get_by_role("button", name="确定").click()
        page.wait_for_load_state()
        assert "John Smith 的个人基本信息" in page.inner_text("#decision-result")
        logout_in_browser(page)

    page.goto(f"{live_url}/accounts/login/")
    page.fill("input[name=username]", "13812345671")
    page.fill("input[name=password]", PASSWORD)
    submit(page, "登录")
    page.goto(f"{live_url}/profile/")
    assert "已入库" in page.locator("#profile-state").inner_text()
    page.screenshot(path=f"{screenshot_dir}/input-foreigner-stored.png", full_page=True)

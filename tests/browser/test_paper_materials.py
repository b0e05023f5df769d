"""纸质材料 walked by its users (issue 22): the personnel unit records the paper materials an
applicant handed in against the list he declared; the supervising unit (the next reviewer) and the
applicant see who received, checked and stamped what, and when."""

from __future__ import annotations

import os

import pytest

from conftest import login_in_browser, logout_in_browser

pytestmark = pytest.mark.browser



def test_unit_records_paper_materials_and_the_next_reviewer_sees_them(page, live_url, world, screenshot_dir):
    from tests.world.profiles import profiles_load
    from zhicheng.businesses import services
    from zhicheng.businesses.tests.conftest import title
    from zhicheng.cases.services import case_approve
    from zhicheng.catalog.constants import TitleLevel
    from zhicheng.paper_materials.models import PaperMaterial

    profiles_load()
    c = world["applicant_c"]  # 王建国, stored at 龙川县城乡建设投资有限公司
    app = services.recognition_save(actor=c, **title(TitleLevel.INTERMEDIATE), pledge_confirmed=True,
                                    materials="学历证书复印件\n工作年限证明")
    case = services.recognition_submit(case=app.case, actor=c)

    unit = world["unit_reviewer_2"]
    login_in_browser(page, live_url, unit)
    page.get_by_role("link", name="进入单位工作台").first.click()
    page.wait_for_load_state()
    page.locator(f"a[href='/cases/{case.pk}/']").first.click()
    page.wait_for_load_state()
    panel = page.locator("#paper-materials")
    assert "学历证书复印件" in panel.inner_text() and "未收到" in panel.inner_text()
    panel.get_by_role("link", name="登记纸质材料").click()
    page.wait_for_load_state()

    # checked before received: refused beside the field, what was typed kept
    page.fill("#id_name", "学历证书复印件")
    page.select_option("#id_step", "checked")
    page.fill("#id_note", "原件已看")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state()
    assert "尚未登记收到" in page.inner_text("#paper-form")
    assert page.input_value("#id_note") == "原件已看"
    for step in ("received", "checked", "stamped"):
        page.fill("#id_name", "学历证书复印件")
        page.select_option("#id_step", step)
        page.get_by_role("button", name="登记", exact=True).click()
        page.wait_for_load_state()
        assert "已登记“学历证书复印件”" in page.inner_text("main")
    page.fill("#id_name", "获奖证书原件")  # handed in, not on his list
    page.select_option("#id_step", "received")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state()
    row = page.locator("tr[data-material='学历证书复印件']")
    assert row.locator(".paper-state").inner_text() == "已盖章" and unit.real_name in row.inner_text()
    assert "补充" in page.locator("tr[data-material='获奖证书原件']").inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "paper-materials.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    header = page.locator("th.paper-handled").first.bounding_box()
    assert header["width"] > header["height"]  # 经办 on one line, not one character a line
    page.screenshot(path=os.path.join(screenshot_dir, "paper-materials-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    assert PaperMaterial.objects.filter(case=case, received_by=unit).count() == 2
    case_approve(case=case, actor=unit, opinion="纸质材料已核对盖章。")
    logout_in_browser(page)

    # the supervising unit sees the record on the case
    login_in_browser(page, live_url, world["supervisor_reviewer_2"])
    page.goto(f"{live_url}/cases/{case.pk}/")
    panel = page.locator("#paper-materials")
    assert "学历证书复印件" in panel.inner_text() and "已盖章" in panel.inner_text()
    assert unit.real_name in panel.inner_text() and "工作年限证明" in panel.inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "paper-materials-next-reviewer.png"), full_page=True)
    logout_in_browser(page)

    # and so does the applicant, on his own case page
    login_in_browser(page, live_url, c)
    page.goto(f"{live_url}/profile/")
    page.locator(f"a[href='/businesses/case/{case.pk}/']").first.click()
    page.wait_for_load_state()
    panel = page.locator("#paper-materials")
    assert "已盖章" in panel.inner_text() and "未收到" in panel.inner_text()  # 工作年限证明 still missing
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(screenshot_dir, "paper-materials-applicant-phone.png"), full_page=True)

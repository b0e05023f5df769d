"""通知公告 and 常见问题 walked by their users (issue 22): an HR bureau publishes a notice with an
attachment; an applicant of its region sees it on the home page and the workbench and opens it; an
applicant of another region does not; anyone reads a city's FAQ."""

from __future__ import annotations

import os

import pytest

from conftest import login_in_browser, logout_in_browser

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"



def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no horizontal scrolling on a phone"


def test_bureau_publishes_and_applicants_of_its_region_see_it(page, live_url, world, screenshot_dir, tmp_path):
    from zhicheng.announcements.models import Announcement
    from zhicheng.audit.models import AuditEvent
    from zhicheng.profiles.tests.conftest import fill_profile

    fill_profile(world["applicant_a"])  # 龙川县人民医院: 河源市
    fill_profile(world["applicant_b"], "清远市建筑设计院有限公司")  # 清远市
    attachment = tmp_path / "2026年职称申报须知.pdf"
    attachment.write_bytes(PDF)

    # 河源市人社局's reviewer publishes from the home page
    login_in_browser(page, live_url, world["hr_reviewer"])
    page.locator("#publisher-card").get_by_role("link", name="发布和管理通知").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="发布通知").click()
    page.wait_for_load_state()
    page.fill("#id_title", "关于做好2026年度职称申报工作的通知")
    page.get_by_role("button", name="发布").click()  # no text: refused beside the field, the title kept
    page.wait_for_load_state()
    assert "请填写正文。" in page.inner_text("#id_body_error")
    assert page.input_value("#id_title") == "关于做好2026年度职称申报工作的通知"
    page.fill("#id_body", "## 申报时间\n\n**9月1日至9月30日**。<script>alert('x')</script>\n\n"
                          "- 详见[省厅通知](javascript:alert(1))\n- 纸质材料交人事管理单位")
    page.check("#id_pinned")
    page.set_input_files("#id_attachment", str(attachment))
    page.set_viewport_size({"width": 390, "height": 844})
    _no_sideways_scroll(page)
    page.screenshot(path=os.path.join(screenshot_dir, "announcement-new-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name="发布").click()
    page.wait_for_load_state()
    assert "已发布通知" in page.inner_text("main")
    assert "2026年职称申报须知.pdf" in page.inner_text("#edit-attachments")
    page.screenshot(path=os.path.join(screenshot_dir, "announcement-edit.png"), full_page=True)
    notice = Announcement.objects.get(title="关于做好2026年度职称申报工作的通知")
    assert notice.region_id == "441600" and notice.pinned
    assert AuditEvent.objects.filter(action="announcement.publish", object_id=str(notice.pk)).exists()
    logout_in_browser(page)

    # applicant A (河源市) sees it on her home page and workbench, opens it and its attachment
    login_in_browser(page, live_url, world["applicant_a"])
    page.goto(live_url + "/")
    latest = page.locator("#latest-announcements")
    assert "关于做好2026年度职称申报工作的通知" in latest.inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "announcement-home.png"), full_page=True)
    page.goto(live_url + "/profile/")
    assert "关于做好2026年度职称申报工作的通知" in page.inner_text("#latest-announcements")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_sideways_scroll(page)
    page.screenshot(path=os.path.join(screenshot_dir, "announcement-workbench-phone.png"), full_page=True)
    page.locator("#latest-announcements").get_by_role("link", name="关于做好2026年度职称申报工作的通知").click()
    page.wait_for_load_state()
    body = page.locator("#announcement-body")
    assert body.locator("h2").inner_text() == "申报时间"
    assert body.locator("strong").inner_text() == "9月1日至9月30日"
    assert body.locator("script").count() == 0 and "<script>alert('x')</script>" in body.inner_text()
    assert body.locator("a[href^='javascript']").count() == 0
    _no_sideways_scroll(page)
    page.screenshot(path=os.path.join(screenshot_dir, "announcement-detail-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=os.path.join(screenshot_dir, "announcement-detail.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="2026年职称申报须知.pdf").click()
    assert info.value.suggested_filename == "2026年职称申报须知.pdf"
    assert open(info.value.path(), "rb").read() == PDF
    logout_in_browser(page)

    # applicant B (清远市) does not see it; she finds 清远市's FAQ
    login_in_browser(page, live_url, world["applicant_b"])
    page.goto(live_url + "/")
    assert "关于做好2026年度职称申报工作的通知" not in page.inner_text("#latest-announcements")
    page.locator("#latest-announcements").get_by_role("link", name="常见问题").click()
    page.wait_for_load_state()
    assert "region=441800" in page.url  # her city's answers first
    assert page.locator(".faq-entry").count() >= 4
    page.get_by_text("注册时提示“该证件号码已注册”怎么办？").click()
    assert page.get_by_text("找回账号").first.is_visible()
    page.fill("#id_q", "已注册")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert "已注册" not in page.url
    assert page.locator(".faq-entry").count() == 1
    page.screenshot(path=os.path.join(screenshot_dir, "faq.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    _no_sideways_scroll(page)
    page.screenshot(path=os.path.join(screenshot_dir, "faq-phone.png"), full_page=True)


def test_anyone_downloads_a_blank_form(page, live_url, screenshot_dir):
    import io

    from docx import Document
    from pypdf import PdfReader

    page.goto(live_url + "/")
    page.locator("#latest-announcements").get_by_role("link", name="空白表格下载").click()
    page.wait_for_load_state()
    card = page.locator("#blank-forms .zc-card").filter(has_text="专业技术资格评审表")
    with page.expect_download() as info:
        card.get_by_role("link", name="下载 PDF").click()
    assert info.value.suggested_filename == "职称评审表（空白）.pdf"
    text = "".join(p.extract_text() for p in PdfReader(info.value.path()).pages)
    assert "评审表" in "".join(text.split()) and "申报人签名" in text
    with page.expect_download() as info:
        card.get_by_role("link", name="下载 Word（.docx）").click()
    assert info.value.suggested_filename == "职称评审表（空白）.docx"
    doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    assert any("专业技术资格评审表" in p.text for p in doc.paragraphs)
    page.screenshot(path=os.path.join(screenshot_dir, "blank-forms.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    _no_sideways_scroll(page)
    page.screenshot(path=os.path.join(screenshot_dir, "blank-forms-phone.png"), full_page=True)

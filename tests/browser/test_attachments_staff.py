"""A reviewer reads an applicant's submitted files from the case page (issue 18, finding 6): the
files the case was submitted with download; one the applicant has since removed is listed as
removed, without a link."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import login_in_browser

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def stored_with_files(world, settings, tmp_path):
    from zhicheng.cases.services import case_approve
    from zhicheng.profiles.services import attachment_upload, profile_row_delete, profile_submit
    from zhicheng.profiles.tests.conftest import fill_profile

    settings.MEDIA_ROOT = tmp_path
    a = world["applicant_a"]
    profile = fill_profile(a)
    for name, kind in (("毕业证书.pdf", "education"), ("年度考核表.pdf", "other")):
        attachment_upload(profile=profile, actor=a, kind=kind,
                          uploaded=SimpleUploadedFile(name, PDF, content_type="application/pdf"))
    case = profile_submit(profile=profile, actor=a)
    case_approve(case=case, actor=world["unit_reviewer"])
    case_approve(case=case, actor=world["supervisor_reviewer"])
    removed = profile.attachment_rows.get(original_name="年度考核表.pdf")
    profile_row_delete(profile=profile, actor=a, row=removed)
    return case


@pytest.mark.parametrize("width", [390, 1366])
def test_reviewer_downloads_submitted_files_and_sees_removed_ones_marked(page, live_url, world, stored_with_files,
                                                                         screenshot_dir, width):
    page.set_viewport_size({"width": width, "height": 900})
    login_in_browser(page, live_url, world["unit_reviewer"])
    page.get_by_role("link", name="进入单位工作台").first.click()
    page.wait_for_load_state()
    page.select_option("#id_scope", "all")
    page.click("#queue-filter button[type=submit]")
    page.wait_for_load_state()
    page.get_by_role("link", name="查看").first.click()
    page.wait_for_load_state()
    assert "年度考核表.pdf" in page.content() and "申报人已移除" in page.content()
    assert page.get_by_role("link", name="年度考核表.pdf").count() == 0
    link = page.get_by_role("link", name="毕业证书.pdf")
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename == "毕业证书.pdf"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width + 1
    page.locator("text=申报人已移除").scroll_into_view_if_needed()
    page.screenshot(path=f"{screenshot_dir}/case-attachments-{width}.png", full_page=True)

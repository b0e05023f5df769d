"""The reviewer's day (issue 17), at 390 px and 1366 px: the queue (names are links, rows are cards on a
phone), the case with the whole record, its attachment shown in the page and the change marked, a
decision, and a result message naming the applicant and the outcome with a 下一件 button; an HR bureau
takes a 考核认定 in (nothing issued) and recognises it on the confirmation screen."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import login_in_browser

pytestmark = pytest.mark.browser


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (300, 200), (30, 90, 200)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def changed_profile(world, settings, tmp_path):
    """王建国 (stored) changes his 现任职务 and adds his diploma; 张晓明's profile waits behind him."""
    from tests.world.profiles import profiles_load
    from zhicheng.profiles.models import Profile
    from zhicheng.profiles.services import attachment_upload, profile_basic_update, profile_submit

    settings.MEDIA_ROOT = tmp_path
    profiles_load()
    c = world["applicant_c"]
    profile = Profile.objects.get(user=c)
    profile_basic_update(profile=profile, actor=c, data={"current_position": "工程部副经理"})
    attachment_upload(profile=profile, actor=c, kind="education",
                      uploaded=SimpleUploadedFile("毕业证书.png", _png(), content_type="image/png"))
    return profile_submit(profile=profile, actor=c)


def _no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width + 1


@pytest.mark.parametrize("width", [390, 1366])
def test_reviewer_reads_the_record_decides_and_goes_on(page, live_url, world, changed_profile, screenshot_dir, width):
    page.set_viewport_size({"width": width, "height": 900})
    login_in_browser(page, live_url, world["unit_reviewer_2"])
    page.locator(".staff-card", has_text="龙川县城乡建设投资有限公司").get_by_role(
        "link", name="进入单位工作台"
    ).click()
    page.wait_for_load_state()
    _no_sideways_scroll(page, width)
    page.screenshot(path=f"{screenshot_dir}/reviewer-day-queue-{width}.png", full_page=True)
    # the applicant's name is the way in (and the 审核 button is within reach)
    page.get_by_role("link", name="王建国").first.click()
    page.wait_for_load_state()
    assert "个人基本信息：王建国" in page.inner_text("h1")
    record = page.locator("#record")
    assert "华南理工大学" in record.inner_text() and "河源市第二建筑工程公司" in record.inner_text()
    # the change is marked, with the old value
    position = page.locator("#record-title")
    assert "工程部副经理" in position.inner_text() and "已修改" in position.inner_text()
    assert "工程部技术员" in position.locator("del").inner_text()
    assert "2 处变化" in page.inner_text("#record-changes")  # 现任职务, and the new attachment
    # the diploma is shown in the page (loaded from this server), and still downloadable
    image = page.locator("#record-attachments img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert page.locator("#record-attachments").get_by_role("link", name="下载原文件：毕业证书.png").count() == 1
    _no_sideways_scroll(page, width)
    page.screenshot(path=f"{screenshot_dir}/reviewer-day-case-{width}.png", full_page=True)
    # decide
    page.locator("#decision").get_by_label("审核通过", exact=True).check()
    page.fill("#id_opinion", "信息属实，同意。")
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    result = page.inner_text("#decision-result")
    assert "已审核通过 王建国 的个人基本信息，转 龙川县住房和城乡建设局（主管单位） 办理" in result
    assert page.locator("#next-case, #next-case-none").count() == 1
    _no_sideways_scroll(page, width)
    page.screenshot(path=f"{screenshot_dir}/reviewer-day-result-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [390, 1366])
def test_bureau_takes_in_then_recognises_on_the_confirmation_screen(page, live_url, world, screenshot_dir, width):
    from tests.world.profiles import profiles_load
    from zhicheng.businesses import services
    from zhicheng.businesses.tests.conftest import title
    from zhicheng.cases.services import case_approve
    from zhicheng.catalog.constants import TitleLevel
    from zhicheng.certificates.models import Certificate

    profiles_load()
    c = world["applicant_c"]
    app = services.recognition_save(actor=c, **title(TitleLevel.INTERMEDIATE), pledge_confirmed=True)
    case = services.recognition_submit(case=app.case, actor=c)
    case_approve(case=case, actor=world["unit_reviewer_2"])
    case_approve(case=case, actor=world["supervisor_reviewer_2"])
    page.set_viewport_size({"width": width, "height": 900})
    login_in_browser(page, live_url, world["hr_reviewer"])
    page.goto(f"{live_url}/cases/{case.pk}/")
    page.locator("#decision").get_by_label("受理（收件审查，不颁发证书）", exact=True).check()
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    assert "已受理 王建国 的考核认定申请" in page.inner_text("#decision-result")
    assert not Certificate.objects.filter(holder=c, qualification__name="工程师").exists()  # 受理 issues nothing
    page.goto(f"{live_url}/cases/{case.pk}/")
    assert "已受理，待决定" in page.inner_text("#case-status")
    page.locator("#decision").get_by_label("认定通过（颁发证书）", exact=True).check()
    page.fill("#id_opinion", "符合条件，予以认定。")
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    preview = page.inner_text("#grant-preview")
    for text in ("王建国", "工程师", "中级", "河源市人力资源和社会保障局", "证书编号"):
        assert text in preview
    assert not Certificate.objects.filter(holder=c, qualification__name="工程师").exists()  # not before confirming
    _no_sideways_scroll(page, width)
    page.screenshot(path=f"{screenshot_dir}/reviewer-day-confirm-{width}.png", full_page=True)
    page.click("#confirm-grant")
    page.wait_for_load_state()
    assert "王建国 的考核认定申请已认定通过" in page.inner_text("#decision-result")
    assert Certificate.objects.filter(holder=c, qualification__name="工程师").count() == 1

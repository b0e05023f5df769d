"""先交纸质材料，后补网上信息 walked by its users (issue 22, decision 0032): the committee office marks its plan
paper-first and names the attachments required online; the personnel unit, refused at first, records its
paper review and passes a case whose record lacks them; the supervising unit sees the review it relied on.
At 1366 and 390 px."""

from __future__ import annotations

import os

import pytest

from conftest import login_in_browser, logout_in_browser

pytestmark = pytest.mark.browser


def _fits(page, screenshot_dir: str, name: str) -> None:
    """Screenshots at 1366 and 390 px; at 390 nothing overflows sideways."""
    page.screenshot(path=os.path.join(screenshot_dir, f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(screenshot_dir, f"{name}-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_office_marks_paper_first_unit_passes_on_its_paper_review_supervisor_sees_it(
        page, live_url, world, screenshot_dir):
    from tests.world.profiles import profiles_load
    from zhicheng.businesses import services
    from zhicheng.businesses.tests.conftest import heyuan_committee, title
    from zhicheng.catalog.models import EvaluationPlan
    from zhicheng.paper_materials.models import PaperReview

    profiles_load()
    plan = EvaluationPlan.objects.filter(committee=heyuan_committee(), status="published").first()

    # 1. The committee office marks its plan on the plan form.
    login_in_browser(page, live_url, world["other_committee_office"])
    page.goto(f"{live_url}/catalog/plans/")
    page.locator(f"a[href='/catalog/plans/{plan.pk}/']").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="修改").click()
    page.wait_for_load_state()
    page.get_by_label("居民身份证", exact=True).check()
    page.get_by_label("学历学位证书", exact=True).check()
    page.get_by_label("先交纸质材料，后补网上信息").check()
    page.screenshot(path=os.path.join(screenshot_dir, "paper-first-plan-form.png"), full_page=True)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert "先交纸质材料，后补网上信息" in page.inner_text("#plan-paper-first")
    assert page.inner_text("#plan-online-attachments") == "居民身份证、学历学位证书"
    _fits(page, screenshot_dir, "paper-first-plan")
    logout_in_browser(page)

    # 王建国 applies under it; his stored record carries no scanned attachments.
    c = world["applicant_c"]
    app = services.evaluation_save(actor=c, **title(), committee=heyuan_committee(), selected_achievement_ids=[],
                                   materials="学历证书复印件\n现职称资格证书复印件", pledge_confirmed=True)
    case = services.evaluation_submit(case=app.case, actor=c)

    # 2. The unit: approving at once is refused, naming what is missing online.
    unit = world["unit_reviewer_2"]
    login_in_browser(page, live_url, unit)
    page.goto(f"{live_url}/cases/{case.pk}/")
    page.get_by_label("审核通过", exact=True).check()
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    assert "请先登记纸质材料审核" in page.inner_text("main")
    page.locator("#paper-materials").get_by_role("link", name="登记纸质材料").click()
    page.wait_for_load_state()
    assert page.inner_text("#online-gaps") == "居民身份证、学历学位证书"
    form = page.locator("#paper-review-form")
    form.locator("input[name=reference]").fill("龙建审〔2026〕8号")
    form.get_by_label("纸质材料齐全，经核对符合要求").check()
    form.get_by_label("居民身份证", exact=True).check()
    form.get_by_label("学历学位证书", exact=True).check()
    form.get_by_label("学历证书复印件", exact=True).check()
    form.locator("textarea[name=review_note]").fill("原件已核，复印件已盖章留存")
    form.get_by_role("button", name="登记审核").click()  # no date: refused beside the field, input kept
    page.wait_for_load_state()
    assert "请填写审核日期。" in page.inner_text("#paper-review-form")
    assert page.input_value("#paper-review-form input[name=reference]") == "龙建审〔2026〕8号"
    page.fill("#paper-review-form input[name=reviewed_on]", "2026-11-30")
    page.locator("#paper-review-form").get_by_role("button", name="登记审核").click()
    page.wait_for_load_state()
    assert "已登记纸质材料审核（编号 龙建审〔2026〕8号）" in page.inner_text("main")
    _fits(page, screenshot_dir, "paper-review")
    page.get_by_role("link", name="返回业务").click()
    page.wait_for_load_state()
    page.get_by_label("审核通过", exact=True).check()
    page.fill("#id_opinion", "同意推荐，依据纸质材料审核龙建审〔2026〕8号。")
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.current_step_order == 1 and PaperReview.objects.get(case=case).reviewer == unit
    logout_in_browser(page)

    # 3. The supervising unit sees the review, and the approval that cites it.
    login_in_browser(page, live_url, world["supervisor_reviewer_2"])
    page.goto(f"{live_url}/cases/{case.pk}/")
    review = page.locator("#paper-materials .paper-review")
    assert "龙建审〔2026〕8号" in review.inner_text() and unit.real_name in review.inner_text()
    assert "居民身份证、学历学位证书、学历证书复印件" in review.inner_text()
    _fits(page, screenshot_dir, "paper-review-next-reviewer")

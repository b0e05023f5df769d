"""What changed, in a real browser at 390 px and 1366 px (issue 17): the applicant sees the pre-check's
specialty warning before submitting; the reviewer sees it beside the pre-check, the marked differences of
a changed profile, and those of a 评审申请 resubmitted after a return — application fields, chosen
achievements and the profile version it now carries — with words, not colour alone."""

from __future__ import annotations

import pytest

from conftest import login_in_browser

from .test_businesses import decide, select_and_wait

pytestmark = pytest.mark.browser

HEYUAN = "河源市工程技术人才中级职称评审委员会"


def _login(page, live_url, user):
    page.context.clear_cookies()
    login_in_browser(page, live_url, user)


def _no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width + 1


@pytest.mark.parametrize("width", [390, 1366])
def test_specialty_warning_and_resubmission_marked(page, live_url, world, screenshot_dir, width):
    from tests.world.profiles import profiles_load
    from zhicheng.businesses import services
    from zhicheng.businesses.models import EvaluationApplication
    from zhicheng.businesses.selectors import achievements_of
    from zhicheng.cases.models import Case
    from zhicheng.cases.services import case_approve
    from zhicheng.catalog.models import Committee, Qualification, Series, Specialty
    from zhicheng.profiles.models import Profile
    from zhicheng.profiles.services import profile_basic_update, profile_submit

    profiles_load()
    applicant = world["applicant_c"]  # 王建国: studied 土木工程, holds 助理工程师 (工程)
    page.set_viewport_size({"width": width, "height": 900})

    # -- the applicant chooses 计算机软件: warned (not refused) before submitting
    _login(page, live_url, applicant)
    page.goto(f"{live_url}/businesses/new/evaluation/")
    select_and_wait(page, "#id_series", "工程")
    select_and_wait(page, "#id_specialty", "计算机软件")
    select_and_wait(page, "#id_level", "中级")
    page.wait_for_selector("#id_qualification option:checked:not([value=''])", state="attached")
    warning = page.locator("#precheck .precheck-warnings")
    assert warning.is_visible()
    assert "所学专业（土木工程）与申报专业“计算机软件”不相近" in warning.inner_text()
    assert "提示（不影响提交，审核人员可见）" in warning.inner_text()
    _no_sideways_scroll(page, width)
    warning.scroll_into_view_if_needed()
    page.screenshot(path=f"{screenshot_dir}/changes-applicant-warning-{width}.png", full_page=False)
    page.locator(f".committee-offer:has-text('{HEYUAN}') input").check()
    page.locator("#achievement-choice input").first.check()
    page.fill("#id_materials", "学历证书复印件")
    page.check("#id_pledge")
    page.click("#submit")
    page.wait_for_load_state()
    assert "审核中" in page.inner_text("#case-status")
    case = Case.objects.get(applicant=applicant, business_type="evaluation")

    # -- the unit reviewer returns it
    _login(page, live_url, world["unit_reviewer_2"])
    decide(page, live_url, case.pk, "审核不通过（退回申报人）", "请补充职称证书复印件，并改选代表性业绩。")
    case.refresh_from_db()
    assert case.status == "returned"

    # -- meanwhile 王建国 changes his profile: the reviewer sees that change marked, and approves
    profile = Profile.objects.get(user=applicant)
    profile_basic_update(profile=profile, actor=applicant, data={"current_position": "信息中心主任"})
    change = profile_submit(profile=profile, actor=applicant)
    page.goto(f"{live_url}/cases/{change.pk}/")
    title = page.locator("#record-title")
    assert "信息中心主任" in title.inner_text() and "已修改" in title.inner_text()
    assert "工程部技术员" in title.locator("del").inner_text()
    assert "原为" in title.inner_text()  # said in words, not only by colour
    _no_sideways_scroll(page, width)
    page.screenshot(path=f"{screenshot_dir}/changes-profile-{width}.png", full_page=True)
    decide(page, live_url, change.pk, "审核通过")
    case_approve(case=change, actor=world["supervisor_reviewer_2"])

    # -- he corrects and resubmits (the other achievement, a longer list of materials)
    ids = [a["id"] for a in achievements_of(user=applicant)]
    app = EvaluationApplication.objects.get(case=case)
    series = Series.objects.get(code="engineering")
    services.evaluation_save(
        actor=applicant, case=case, series=series, specialty=Specialty.objects.get(series=series, name="计算机软件"),
        level=3, qualification=Qualification.objects.get(series=series, level=3, track=""),
        committee=Committee.objects.get(organisation__name=HEYUAN),
        selected_achievement_ids=[i for i in ids if i not in app.selected_achievement_ids][:1],
        materials="学历证书复印件\n助理工程师证书复印件", pledge_confirmed=True)
    services.evaluation_submit(case=case, actor=applicant)

    # -- the reviewer reads the resubmission: every difference marked, the warning beside the pre-check
    page.goto(f"{live_url}/cases/{case.pk}/")
    changes = page.inner_text("#record-changes")
    assert "处变化" in changes and "退回时提交的内容相比" in changes
    application = page.locator("#record-application")
    assert "已修改" in application.inner_text() and "原为" in application.inner_text()
    assert "学历证书复印件" in application.locator("del").inner_text()
    chosen = page.locator("#record-selected_achievements")
    assert chosen.locator(".record-added").count() == 1 and chosen.locator(".record-removed").count() == 1
    assert "新增" in chosen.inner_text() and "已删除" in chosen.inner_text()
    position = page.locator("#record-title")
    assert "信息中心主任" in position.inner_text() and "工程部技术员" in position.locator("del").inner_text()
    detail = page.locator("#eligibility-detail")
    # at submission, now
    assert detail.locator(".precheck-warning", has_text="与申报专业“计算机软件”不相近").count() == 2
    _no_sideways_scroll(page, width)
    page.screenshot(path=f"{screenshot_dir}/changes-resubmitted-evaluation-{width}.png", full_page=True)

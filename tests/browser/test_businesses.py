"""Businesses in a real browser: 评审申请 through both reviewers to the committee office, 考核认定 by
the HR bureau, a unit change that moves the chain while an earlier case keeps its route, and a
committee outside its window that is not offered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import login_in_browser

pytestmark = pytest.mark.browser

HEYUAN = "河源市工程技术人才中级职称评审委员会"


def stored_c(world):
    from tests.world.profiles import profiles_load

    profiles_load()
    return world["applicant_c"]


def login(page, live_url, user):
    page.context.clear_cookies()
    login_in_browser(page, live_url, user)


def select_and_wait(page, selector: str, label: str):
    """Choose an option; htmx re-renders the title choice (wait for that answer)."""
    with page.expect_response(lambda r: "/businesses/options/" in r.url):
        page.select_option(selector, label=label)
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def choose_title(page, *, level: str = "中级"):
    select_and_wait(page, "#id_series", "工程")
    select_and_wait(page, "#id_specialty", "建筑工程")
    select_and_wait(page, "#id_level", level)
    page.wait_for_selector("#id_qualification option:checked:not([value=''])", state="attached")


def decide(page, live_url, case_pk: int, label: str, opinion: str = "同意。"):
    page.goto(f"{live_url}/cases/{case_pk}/")
    page.get_by_label(label, exact=True).check()
    page.fill("#id_opinion", opinion)
    if "退回" in label:  # a return names at least one part to correct (issue 17); the period is offered
        page.locator("#return-parts input[type=checkbox]").first.check()
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    if page.locator("#grant-confirm").count():  # a named decision that issues: its confirmation screen
        page.click("#confirm-grant")
        page.wait_for_load_state()


def test_evaluation_reaches_committee_office_through_both_reviewers(page, live_url, world, screenshot_dir):
    from zhicheng.cases.models import Case

    applicant = stored_c(world)
    login(page, live_url, applicant)
    page.goto(f"{live_url}/profile/")
    page.get_by_role("link", name="申请").first.click()
    page.wait_for_load_state()
    assert "评审申请" in page.inner_text("h1")
    choose_title(page)
    page.wait_for_selector(f".committee-offer:has-text('{HEYUAN}')")
    # 属地管理: other cities' committees (广州's runs on its own system) are not offered to a 河源 unit.
    assert page.locator(".committee-offer", has_text="广州市").count() == 0
    assert page.locator("#precheck").is_visible()
    page.locator(f".committee-offer:has-text('{HEYUAN}') input").check()
    page.locator("#achievement-choice input").first.check()
    page.fill("#id_materials", "学历证书复印件\n助理工程师证书复印件")
    page.screenshot(path=f"{screenshot_dir}/businesses-evaluation-form.png", full_page=True)
    page.click("#submit")
    page.wait_for_load_state()
    # Without the pledge: refused beside the field, nothing lost.
    assert "诚信承诺" in page.locator(".invalid-feedback").first.inner_text()
    assert page.input_value("#id_materials").startswith("学历证书复印件")
    page.check("#id_pledge")
    page.click("#submit")
    page.wait_for_load_state()
    assert "审核中" in page.inner_text("#case-status")
    case = Case.objects.get(applicant=applicant, business_type="evaluation")
    page.screenshot(path=f"{screenshot_dir}/businesses-evaluation-submitted.png", full_page=True)

    login(page, live_url, world["unit_reviewer_2"])
    decide(page, live_url, case.pk, "审核通过")
    login(page, live_url, world["supervisor_reviewer_2"])
    decide(page, live_url, case.pk, "审核通过")
    login(page, live_url, world["other_committee_office"])
    page.goto(f"{live_url}/cases/queue/{Case.objects.get(pk=case.pk).current_organisation_id}/")
    assert "王建国" in page.inner_text("table")
    page.goto(f"{live_url}/cases/{case.pk}/")
    assert "申报条件预审" in page.inner_text("#eligibility-detail")
    page.screenshot(path=f"{screenshot_dir}/businesses-evaluation-office.png", full_page=True)
    decide(page, live_url, case.pk, "受理（进入评委会评审）", "材料齐全，予以受理。")
    case.refresh_from_db()
    assert case.status == "accepted"

    login(page, live_url, applicant)
    page.goto(f"{live_url}/businesses/case/{case.pk}/")
    assert "已受理，等待评委会安排评审会议" in page.inner_text("#case-status")


def test_recognition_is_recognised_by_hr_bureau(page, live_url, world, screenshot_dir):
    from zhicheng.cases.models import Case
    from zhicheng.cases.services import case_approve

    applicant = stored_c(world)
    login(page, live_url, applicant)
    page.goto(f"{live_url}/businesses/new/recognition/")
    choose_title(page)
    assert page.locator("#id_level option").count() == 4  # 请选择 + 中级、助理级、员级
    page.check("#id_pledge")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{screenshot_dir}/businesses-recognition-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("#submit")
    page.wait_for_load_state()
    case = Case.objects.get(applicant=applicant, business_type="recognition")
    case_approve(case=case, actor=world["unit_reviewer_2"])
    case_approve(case=case, actor=world["supervisor_reviewer_2"])

    login(page, live_url, world["hr_reviewer"])
    decide(page, live_url, case.pk, "受理（收件审查，不颁发证书）", "材料齐全。")
    decide(page, live_url, case.pk, "认定通过（颁发证书）", "符合条件，予以认定。")
    login(page, live_url, applicant)
    page.goto(f"{live_url}/businesses/case/{case.pk}/")
    assert "已认定" in page.inner_text("#case-status")
    number = page.inner_text("#certificate-number").strip()
    assert len(number) == 18
    page.screenshot(path=f"{screenshot_dir}/businesses-recognition-done.png", full_page=True)


def test_unit_change_moves_chain_and_earlier_case_keeps_route(page, live_url, world, screenshot_dir):
    from zhicheng.businesses import services
    from zhicheng.businesses.tests.conftest import heyuan_committee, title
    from zhicheng.cases.models import Case
    from zhicheng.cases.services import case_approve

    applicant = stored_c(world)
    earlier = services.evaluation_submit(
        case=services.evaluation_save(actor=applicant, **title(), committee=heyuan_committee(),
                                      pledge_confirmed=True).case,
        actor=applicant)
    login(page, live_url, applicant)
    page.goto(f"{live_url}/businesses/new/unit_change/")
    page.select_option("#unit-city", label="河源市")
    page.wait_for_selector("#unit-county option:has-text('龙川县')", state="attached")
    page.select_option("#unit-county", label="龙川县")
    page.fill("#unit-q", "lcxrmyy")
    # the narrowed list (the full county list also holds the hospital: wait for the search's answer)
    page.wait_for_function("() => document.querySelectorAll('#unit-results label').length === 1")
    page.locator("#unit-results label", has_text="龙川县人民医院").locator("input").check()
    assert page.inner_text("#supervisor-display") == "龙川县卫生健康局"
    page.fill("#id_reason", "2025年调入龙川县人民医院，人事档案已转入。")
    page.screenshot(path=f"{screenshot_dir}/businesses-unit-change-form.png", full_page=True)
    page.click("#submit")
    page.wait_for_selector("#case-status")  # the case page: the POST has been answered
    case = Case.objects.get(applicant=applicant, business_type="unit_change")
    assert case.status == "submitted" and case.current_organisation.name == "龙川县城乡建设投资有限公司"
    case_approve(case=case, actor=world["unit_reviewer_2"])
    case_approve(case=case, actor=world["unit_reviewer"])
    login(page, live_url, world["supervisor_reviewer"])
    decide(page, live_url, case.pk, "审核通过")

    login(page, live_url, applicant)
    page.goto(f"{live_url}/profile/")
    assert "龙川县人民医院" in page.inner_text("#stored-chain")
    page.goto(f"{live_url}/businesses/case/{earlier.pk}/")
    route = page.inner_text(".zc-route")
    assert "龙川县城乡建设投资有限公司" in route and "龙川县人民医院" not in route
    page.screenshot(path=f"{screenshot_dir}/businesses-unit-change-done.png", full_page=True)


def test_committee_outside_window_not_offered(page, live_url, world, screenshot_dir):
    from zhicheng.catalog.models import EvaluationPlan

    applicant = stored_c(world)
    today = timezone.localdate()
    EvaluationPlan.objects.filter(committee__organisation__name=HEYUAN).update(
        opens_at=today - dt.timedelta(days=60), closes_at=today - dt.timedelta(days=1))
    login(page, live_url, applicant)
    page.goto(f"{live_url}/businesses/new/evaluation/")
    choose_title(page)
    page.wait_for_selector("#no-committee")
    assert page.locator(".committee-offer", has_text=HEYUAN).count() == 0
    assert page.locator(".committee-offer", has_text="清远市工程技术人才中级职称评审委员会").count() == 0
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{screenshot_dir}/businesses-evaluation-phone.png", full_page=True)

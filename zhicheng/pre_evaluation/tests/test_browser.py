"""评前公示 in a real browser (issue 21): the unit publishes from the case page, a member of the public
objects on the public list, the unit resolves the objection from its list, forwards after the period,
and the supervising unit sees the notice and its outcome. Phone (390 px) and desktop screenshots."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import login_in_browser

pytestmark = pytest.mark.browser


def login(page, live_url, user):
    page.context.clear_cookies()
    login_in_browser(page, live_url, user)


def test_unit_publishes_public_objects_unit_resolves_and_forwards(page, live_url, world, screenshot_dir):
    from tests.world.profiles import profiles_load
    from zhicheng.businesses import services
    from zhicheng.businesses.tests.conftest import heyuan_committee, title
    from zhicheng.cases.models import Case
    from zhicheng.catalog.models import EvaluationPlan
    from zhicheng.pre_evaluation.models import PreEvaluationNotice

    profiles_load()
    applicant = world["applicant_c"]
    EvaluationPlan.objects.filter(committee=heyuan_committee()).update(pre_evaluation_notice=True)
    app = services.evaluation_save(
        actor=applicant,
        **title(),
        committee=heyuan_committee(),
        selected_achievement_ids=[],
        materials="学历证书复印件",
        pledge_confirmed=True,
    )
    case = services.evaluation_submit(case=app.case, actor=applicant)

    # The unit's reviewer, from the workbench to the case: forwarding is held, the notice is published.
    reviewer = world["unit_reviewer_2"]
    login(page, live_url, reviewer)
    page.get_by_role("link", name="进入单位工作台").first.click()
    page.get_by_role("link", name="王建国").first.click()
    page.wait_for_load_state()
    assert "请先在本单位公示" in page.inner_text("#approval-held")
    page.fill("#pre-evaluation-publish input[name=working_days]", "5")
    page.click("#pre-evaluation-publish button[type=submit]")
    page.wait_for_load_state()
    assert "已发布 王建国 的评前公示" in page.content()
    assert "公示中" in page.inner_text("#pre-evaluation-outcome")
    assert "评前公示期至" in page.inner_text("#approval-held")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{screenshot_dir}/pre-evaluation-case-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    # A member of the public (logged in) finds it by unit and objects.
    login(page, live_url, world["applicant_a"])
    page.get_by_role("link", name="评前公示").first.click()
    page.fill("#unit", "城乡建设")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert page.locator(".pre-notice", has_text="王建国").count() == 1
    assert applicant.masked_id_number not in page.content()
    page.set_viewport_size({"width": 390, "height": 900})
    page.screenshot(path=f"{screenshot_dir}/pre-evaluation-public-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator(".pre-notice", has_text="王建国").get_by_role("link", name="提出异议").click()
    page.get_by_role("button", name="提交异议").click()  # empty: refused beside the field
    page.wait_for_load_state()
    assert "请填写异议内容" in page.content()
    page.fill("#id_text", "所列业绩成果并非本人主持完成。")
    page.get_by_role("button", name="提交异议").click()
    page.wait_for_load_state()
    assert "您的异议已提交" in page.content()

    # The unit resolves it from its own list; then, the period over, forwards.
    login(page, live_url, reviewer)
    page.get_by_role("link", name="进入单位工作台").first.click()
    page.click("#unit-pre-notices")
    page.wait_for_load_state()
    assert "所列业绩成果并非本人主持完成" in page.content()
    page.set_viewport_size({"width": 390, "height": 900})
    page.screenshot(path=f"{screenshot_dir}/pre-evaluation-unit-390.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator(".unit-pre-notice").get_by_role("link", name="处理").click()
    page.get_by_label("异议不成立（期满后可报送）").check()
    page.fill("#id_resolution", "经核实，该项目由申报人主持完成，异议不成立。")
    page.get_by_role("button", name="提交处理结果").click()
    page.wait_for_load_state()
    assert "异议处理结果已记录" in page.content()
    assert "公示中" in page.inner_text("#pre-evaluation-outcome")
    today = timezone.localdate()
    PreEvaluationNotice.objects.filter(case=case).update(published_on=today - dt.timedelta(days=14),
                                                          ends_on=today - dt.timedelta(days=1))
    page.reload()
    assert page.locator("#approval-held").count() == 0
    assert "公示期满，异议不成立" in page.inner_text("#pre-evaluation-outcome")
    page.get_by_label("审核通过", exact=True).check()
    page.fill("#id_opinion", "评前公示期满，异议不成立，同意推荐。")
    page.get_by_role("button", name="确定").click()
    page.wait_for_load_state()
    assert Case.objects.get(pk=case.pk).current_step_order == 1

    # The supervising unit reads the notice and its outcome on the case page.
    login(page, live_url, world["supervisor_reviewer_2"])
    page.goto(f"{live_url}/cases/{case.pk}/")
    panel = page.inner_text("#pre-evaluation")
    assert "公示期满，异议不成立" in panel and "并非本人主持完成" in panel and "经核实" in panel

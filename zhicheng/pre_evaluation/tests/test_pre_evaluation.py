"""评前公示 (issue 21): the unit publishes, objections are lodged and resolved, forwarding waits for the
period (working days of the official calendar) and a clear outcome; the committee sees the notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.businesses import services
from zhicheng.businesses.tests.conftest import heyuan_committee, title
from zhicheng.cases.models import Notification
from zhicheng.cases.services import case_approve, case_return
from zhicheng.cases.workflow import TransitionNotAllowed
from zhicheng.catalog.models import EvaluationPlan
from zhicheng.committees.models import ObjectionStatus
from zhicheng.pre_evaluation.models import PreEvaluationNotice
from zhicheng.pre_evaluation.selectors import notices_public
from zhicheng.pre_evaluation.services import (
    PreEvaluationError,
    forwarding_refusal,
    notice_outcome,
    notice_publish,
    notices_recompute,
    objection_lodge,
    objection_resolve,
)

pytestmark = pytest.mark.django_db

UNIT = "龙川县城乡建设投资有限公司"


@pytest.fixture
def required():
    """The 河源 plan requires a 评前公示 (as new plans do)."""
    EvaluationPlan.objects.filter(committee=heyuan_committee()).update(pre_evaluation_notice=True)


def submit(user):
    app = services.evaluation_save(
        actor=user, **title(), committee=heyuan_committee(), selected_achievement_ids=[],
        materials="学历证书复印件", pledge_confirmed=True,
    )
    return services.evaluation_submit(case=app.case, actor=user)


@pytest.fixture
def case(stored_c, required):
    return submit(stored_c)


def first_step(case):
    return case.steps.get(order=0)


def test_forwarding_waits_for_a_notice_then_for_its_end(case, cast):
    reviewer = cast["unit_reviewer_2"]
    with pytest.raises(TransitionNotAllowed, match="请先在本单位公示"):
        case_approve(case=case, actor=reviewer, opinion="同意")
    today = dt.date(2026, 12, 1)
    notice = notice_publish(case=case, actor=reviewer, today=today)
    # 5 working days after Tuesday 1 December 2026 (the day of publication does not count): Tuesday 8th.
    assert (notice.published_on, notice.ends_on) == (today, dt.date(2026, 12, 8))
    assert notice.summary["name"] == "王建国" and notice.summary["unit"] == UNIT
    assert notice.summary["qualification"] and "id_number" not in str(notice.summary)
    assert forwarding_refusal(case=case, step=first_step(case), today=dt.date(2026, 12, 8)) == \
        "评前公示期至 2026年12月08日，期满无异议后方可报送。"
    assert forwarding_refusal(case=case, step=first_step(case), today=dt.date(2026, 12, 9)) is None
    # The engine asks the same rule on the real day: the period has not ended.
    with pytest.raises(TransitionNotAllowed, match="评前公示期至"):
        case_approve(case=case, actor=reviewer, opinion="同意")
    PreEvaluationNotice.objects.filter(pk=notice.pk).update(
        published_on=timezone.localdate() - dt.timedelta(days=20), ends_on=timezone.localdate() - dt.timedelta(days=1))
    forwarded = case_approve(case=case, actor=reviewer, opinion="同意")
    assert forwarded.current_step_order == 1
    assert AuditEvent.objects.filter(action="pre_evaluation.publish", object_id=str(notice.pk)).exists()
    assert Notification.objects.filter(user=case.applicant, title="您的评审申请正在本单位评前公示").exists()


def test_notice_across_new_year_counts_the_holiday(case, cast):
    """Published on 2026-12-28: 1 January 2027 is a statutory holiday, so 5 working days end on 5 January."""
    notice = notice_publish(case=case, actor=cast["unit_reviewer_2"], today=dt.date(2026, 12, 28))
    assert notice.ends_on == dt.date(2027, 1, 5)


def test_only_the_units_reviewer_publishes_once_and_at_least_five_days(case, cast):
    with pytest.raises(PreEvaluationError):
        notice_publish(case=case, actor=cast["unit_reviewer"])  # another unit's reviewer
    with pytest.raises(PreEvaluationError):
        notice_publish(case=case, actor=case.applicant)
    with pytest.raises(ValidationError) as exc:
        notice_publish(case=case, actor=cast["unit_reviewer_2"], working_days=4)
    assert "5 至 30" in str(exc.value)
    notice_publish(case=case, actor=cast["unit_reviewer_2"])
    with pytest.raises(PreEvaluationError, match="已发布"):
        notice_publish(case=case, actor=cast["unit_reviewer_2"])


def test_plan_without_the_notice_forwards_at_once(stored_c, cast):
    case = submit(stored_c)  # the demo's 河源 plan does not require it
    assert forwarding_refusal(case=case, step=first_step(case)) is None
    with pytest.raises(PreEvaluationError, match="不要求评前公示"):
        notice_publish(case=case, actor=cast["unit_reviewer_2"])
    assert case_approve(case=case, actor=cast["unit_reviewer_2"]).current_step_order == 1


def test_objection_pending_holds_dismissed_releases_upheld_blocks_until_republished(case, cast):
    reviewer = cast["unit_reviewer_2"]
    today = timezone.localdate()
    notice = notice_publish(case=case, actor=reviewer, today=today)
    objection = objection_lodge(notice=notice, actor=cast["applicant_a"], text="论文与他人雷同。", contact="微信 abc")
    after = notice.ends_on + dt.timedelta(days=1)
    assert notice_outcome(notice=notice, today=after) == ("pending", "有异议待处理")
    assert "异议尚未处理" in forwarding_refusal(case=case, step=first_step(case), today=after)
    with pytest.raises(PreEvaluationError):
        objection_resolve(objection=objection, actor=cast["unit_reviewer"], upheld=False, resolution="不成立")
    with pytest.raises(ValidationError):
        objection_resolve(objection=objection, actor=reviewer, upheld=False, resolution="  ")
    objection_resolve(objection=objection, actor=reviewer, upheld=False, resolution="经核实，论文为本人原创。")
    assert notice_outcome(notice=notice, today=after) == ("clear", "公示期满，异议不成立")
    assert forwarding_refusal(case=case, step=first_step(case), today=after) is None
    # A second objection, upheld: no forwarding; the unit returns the case and publishes again.
    second = objection_lodge(notice=notice, actor=cast["applicant_b"], text="任职年限不足。")
    second = objection_resolve(objection=second, actor=reviewer, upheld=True, resolution="核实属实。")
    assert second.status == ObjectionStatus.UPHELD
    assert "异议成立" in forwarding_refusal(case=case, step=first_step(case), today=after)
    assert Notification.objects.filter(user=case.applicant, title__contains="异议经核实成立").exists()
    returned = case_return(case=case, actor=reviewer, opinion="请按异议核实结果修改。")
    again = services.evaluation_submit(case=returned, actor=returned.applicant)
    renewed = notice_publish(case=again, actor=reviewer, today=today)
    assert renewed.pk != notice.pk
    assert notice_outcome(notice=renewed, today=renewed.ends_on + dt.timedelta(days=1))[0] == "clear"


def test_objections_only_during_the_period_and_logged_in(case, cast):
    from django.contrib.auth.models import AnonymousUser

    notice = notice_publish(case=case, actor=cast["unit_reviewer_2"], today=dt.date(2026, 12, 1))
    with pytest.raises(PreEvaluationError, match="登录"):
        objection_lodge(notice=notice, actor=AnonymousUser(), text="x")
    with pytest.raises(PreEvaluationError, match="不在公示期内"):
        objection_lodge(notice=notice, actor=cast["applicant_a"], text="x", today=dt.date(2026, 12, 9))
    with pytest.raises(ValidationError):
        objection_lodge(notice=notice, actor=cast["applicant_a"], text=" ", today=dt.date(2026, 12, 2))


def test_entering_an_arrangement_moves_a_running_notice(case, cast):
    notice = notice_publish(case=case, actor=cast["unit_reviewer_2"], today=dt.date(2026, 12, 28))
    PreEvaluationNotice.objects.filter(pk=notice.pk).update(ends_on=dt.date(2027, 1, 4))  # as counted before
    changes = notices_recompute(year=2027, actor=None, reason="录入2027年节假日安排", today=dt.date(2026, 12, 28))
    notice.refresh_from_db()
    assert notice.ends_on == dt.date(2027, 1, 5) and len(changes) == 1
    assert notice.changes.get().previous_ends_on == dt.date(2027, 1, 4)


def test_public_list_filters_by_unit_and_hides_withdrawn(case, cast, stored_c, client):
    notice = notice_publish(case=case, actor=cast["unit_reviewer_2"])
    assert list(notices_public(q="城乡建设")) == [notice]
    assert list(notices_public(q="lcxcxjstz")) == [notice]  # the initials, as typed on a phone
    assert list(notices_public(q="（城乡建设）")) == [notice]  # brackets and width ignored
    assert list(notices_public(q="人民医院")) == []
    body = client.get(reverse("pre_evaluation:notices"), {"unit": "城乡建设"}).content.decode()
    assert "王建国" in body and "提出异议" in body and stored_c.id_number not in body
    assert "（自发布次日起 5 个工作日）" in body  # the period is counted from the day after publication
    services.business_withdraw(case=case, actor=stored_c)
    assert list(notices_public()) == []


def test_pages_publish_resolve_and_show_to_the_committee(case, cast, client):
    reviewer = cast["unit_reviewer_2"]
    client.force_login(reviewer)
    detail = reverse("cases:detail", args=[case.pk])
    body = client.get(detail).content.decode()
    assert 'id="approval-held"' in body and "发布评前公示" in body
    # Bad input: a message, nothing published.
    client.post(reverse("pre_evaluation:publish", args=[case.pk]), {"working_days": "3"})
    assert not PreEvaluationNotice.objects.exists()
    response = client.post(reverse("pre_evaluation:publish", args=[case.pk]), {"working_days": "5"}, follow=True)
    assert "已发布 王建国 的评前公示" in response.content.decode()
    notice = PreEvaluationNotice.objects.get()
    objection = objection_lodge(notice=notice, actor=cast["applicant_a"], text="业绩不实。")
    assert "业绩不实" in client.get(reverse("pre_evaluation:unit_notices")).content.decode()
    resolve = reverse("pre_evaluation:objection_resolve", args=[objection.pk])
    body = client.post(resolve, {"decision": "dismissed", "resolution": ""}).content.decode()
    assert "请填写处理意见" in body
    assert client.post(resolve, {"decision": "dismissed", "resolution": "经核实不成立。"}).status_code == 302
    PreEvaluationNotice.objects.filter(pk=notice.pk).update(
        published_on=timezone.localdate() - dt.timedelta(days=20), ends_on=timezone.localdate() - dt.timedelta(days=1))
    case_approve(case=case, actor=reviewer)
    case_approve(case=case, actor=cast["supervisor_reviewer_2"])
    client.force_login(cast["other_committee_office"])
    body = client.get(detail).content.decode()
    assert "评前公示" in body and "公示期满，异议不成立" in body and "业绩不实" in body


def test_other_units_cannot_reach_objections(case, cast, client):
    notice = notice_publish(case=case, actor=cast["unit_reviewer_2"])
    objection = objection_lodge(notice=notice, actor=cast["applicant_a"], text="业绩不实。")
    client.force_login(cast["unit_reviewer"])
    assert client.get(reverse("pre_evaluation:objection_resolve", args=[objection.pk])).status_code == 404
    assert client.post(reverse("pre_evaluation:publish", args=[case.pk]), {"working_days": "5"}).status_code == 404
    client.force_login(cast["applicant_a"])
    assert client.get(reverse("pre_evaluation:unit_notices")).status_code == 404

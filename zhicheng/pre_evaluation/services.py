"""评前公示 (issue 21): publish, object, resolve, and the rule that holds forwarding back.

The rule (:func:`forwarding_refusal`, registered with ``cases.registry.approval_check_register``): a
personnel unit (the first step of a 评审申请's route) approves — forwards — a case of a plan with
``pre_evaluation_notice`` only when its latest 评前公示 has ended (the day after ``ends_on``) with no
objection pending or upheld. 《职称评审管理暂行规定》(人社部令第40号) asks units to verify and publish the
application materials before forwarding; the provinces' notices set the period at no fewer than 5
working days, counted with the official calendar (``zhicheng.workcalendar``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.businesses.constants import BusinessCode
from zhicheng.businesses.selectors import application_snapshot
from zhicheng.cases.constants import CaseStatus
from zhicheng.cases.models import Case
from zhicheng.cases.permissions import staff_can_act_at
from zhicheng.cases.services import notification_send
from zhicheng.committees.models import ObjectionStatus
from zhicheng.common.exceptions import ServiceError
from zhicheng.workcalendar.models import MIN_NOTICE_WORKING_DAYS
from zhicheng.workcalendar.services import notice_ends_recompute
from zhicheng.workcalendar.workdays import add_working_days

from .models import PreEvaluationNotice, PreEvaluationObjection

MAX_NOTICE_WORKING_DAYS = 30


class PreEvaluationError(ServiceError):
    default_message = "无法办理该评前公示事项。"


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def notice_required(*, case: Case) -> bool:
    """Whether ``case`` is a 评审申请 whose plan requires a 评前公示 (``EvaluationPlan.pre_evaluation_notice``)."""
    if case.business_type != BusinessCode.EVALUATION:
        return False
    app = getattr(case, "evaluation_application", None)
    return bool(app is not None and app.plan_id and app.plan.pre_evaluation_notice)


def notice_latest(*, case: Case) -> PreEvaluationNotice | None:
    """The case's notice in force (the latest published), or None."""
    return case.pre_evaluation_notices.order_by("-published_on", "-id").first()


def notice_outcome(*, notice: PreEvaluationNotice, today: dt.date | None = None) -> tuple[str, str]:
    """(code, words) of where a notice stands on ``today``:

    ``running`` 公示中 · ``pending`` 公示期满，有异议待处理 (or during the period: 有异议待处理) ·
    ``upheld`` 异议成立 · ``clear`` 公示期满无异议 / 公示期满，异议不成立. Only ``clear`` lets the unit forward.
    Reads the notice's objections (prefetch ``objections`` to keep a list constant in queries)."""
    today = _today(today)
    statuses = [o.status for o in notice.objections.all()]
    if ObjectionStatus.UPHELD in statuses:
        return "upheld", "异议成立，不能报送"
    if ObjectionStatus.PENDING in statuses:
        return "pending", "有异议待处理"
    if not notice.has_ended_on(today):
        return "running", f"公示中（至 {notice.ends_on:%Y年%m月%d日}）"
    if statuses:
        return "clear", "公示期满，异议不成立"
    return "clear", "公示期满无异议"


def forwarding_refusal(*, case: Case, step, today: dt.date | None = None) -> str | None:
    """Why the personnel unit (``step`` with ``order == 0``) may not forward ``case`` yet, or None.

    Registered as an approval check (``cases.registry.approval_check_register``); only the first step of
    a 评审申请 of a plan requiring the notice is held. Returns the reason in the unit's words."""
    if step is None or step.order != 0 or not notice_required(case=case):
        return None
    notice = notice_latest(case=case)
    if notice is None:
        return (
            f"该评审计划要求评前公示：请先在本单位公示申报人的申报信息（不少于 {MIN_NOTICE_WORKING_DAYS} 个工作日），"
            "期满无异议后再报送。"
        )
    code, words = notice_outcome(notice=notice, today=today)
    if code == "running":
        return f"评前公示期至 {notice.ends_on:%Y年%m月%d日}，期满无异议后方可报送。"
    if code == "pending":
        return "评前公示有异议尚未处理，请先处理异议。"
    if code == "upheld":
        return "评前公示的异议成立，不能报送：请退回申报人修改，重新公示。"
    return None


def can_publish(*, user, case: Case) -> bool:
    """Whether ``user`` is a reviewer of the unit at which ``case`` waits, at its first step."""
    if case.status != CaseStatus.SUBMITTED or case.current_step_order != 0 or case.current_organisation_id is None:
        return False
    return staff_can_act_at(user=user, organisation_id=case.current_organisation_id, role="reviewer")


def can_manage(*, user, notice: PreEvaluationNotice) -> bool:
    """Whether ``user`` is a reviewer of the unit that published ``notice`` (resolves its objections)."""
    return staff_can_act_at(user=user, organisation_id=notice.organisation_id, role="reviewer")


def _summary(case: Case) -> dict:
    snapshot = application_snapshot(case)
    fields = snapshot.get("application", {})
    first = case.steps.select_related("organisation").filter(order=0).first()
    return {
        "name": case.applicant.real_name,
        "unit": first.organisation.name if first else "",
        "qualification": fields.get("qualification", ""),
        "series": fields.get("series", ""),
        "specialty": fields.get("specialty", ""),
        "level": fields.get("level", ""),
        "committee": fields.get("committee", ""),
        "plan": fields.get("plan", ""),
        "achievements": [
            str(a.get("title") or "") for a in snapshot.get("selected_achievements", []) if a.get("title")
        ],
    }


@transaction.atomic
def notice_publish(*, case: Case, actor, working_days: int = MIN_NOTICE_WORKING_DAYS,
                   today: dt.date | None = None) -> PreEvaluationNotice:
    """Publish the 评前公示 of ``case`` from today for ``working_days`` working days.

    Args: case: a 评审申请 waiting at its personnel unit (first step); actor: a reviewer of that unit;
        working_days: ``MIN_NOTICE_WORKING_DAYS`` (5) to ``MAX_NOTICE_WORKING_DAYS`` (30).
    Raises ``PreEvaluationError`` (not this unit's case, not required by the plan, a notice already in
    force) or ``ValidationError`` on ``working_days``. The applicant is notified; audited."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not can_publish(user=actor, case=case):
        raise PreEvaluationError("该申报不在本单位待审核，不能发布评前公示。")
    if not notice_required(case=case):
        raise PreEvaluationError("该申报的评审计划不要求评前公示。")
    latest = notice_latest(case=case)
    if latest is not None and notice_outcome(notice=latest, today=today)[0] != "upheld":
        raise PreEvaluationError("该申报已发布评前公示。")
    if working_days is None or not MIN_NOTICE_WORKING_DAYS <= working_days <= MAX_NOTICE_WORKING_DAYS:
        raise ValidationError(
            {"working_days": f"公示期须为 {MIN_NOTICE_WORKING_DAYS} 至 {MAX_NOTICE_WORKING_DAYS} 个工作日。"}
        )
    published_on = _today(today)
    notice = PreEvaluationNotice(
        case=case, organisation_id=case.current_organisation_id, summary=_summary(case), working_days=working_days,
        published_on=published_on, ends_on=add_working_days(published_on, working_days), published_by=actor,
    )
    notice.full_clean()
    notice.save()
    notification_send(
        user=case.applicant, case=case, title="您的评审申请正在本单位评前公示",
        body=(f"{notice.summary['unit']}已将您的申报信息（姓名、单位、申报资格、业绩成果名称）进行评前公示，"
              f"公示期 {notice.published_on:%Y年%m月%d日} 至 {notice.ends_on:%Y年%m月%d日}，期满无异议后报送。"),
    )
    audit_record(
        action="pre_evaluation.publish", actor=actor, organisation=notice.organisation, obj=notice,
        detail={"case": case.pk, "working_days": working_days, "published_on": published_on.isoformat(),
                "ends_on": notice.ends_on.isoformat()},
    )
    return notice


@transaction.atomic
def objection_lodge(*, notice: PreEvaluationNotice, actor, text: str, contact: str = "",
                    today: dt.date | None = None) -> PreEvaluationObjection:
    """An objection to a running 评前公示, by anyone logged in (实名); audited.

    Raises ``PreEvaluationError`` outside the period (or not logged in), ``ValidationError`` on ``text``."""
    if actor is None or not actor.is_authenticated:
        raise PreEvaluationError("请先登录后再提出异议。")
    notice = PreEvaluationNotice.objects.select_for_update().get(pk=notice.pk)
    if not notice.is_current_on(_today(today)):
        raise PreEvaluationError("不在公示期内，不能提出异议。")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写异议内容。"})
    objection = PreEvaluationObjection(notice=notice, text=text, contact=(contact or "").strip(), lodged_by=actor)
    objection.full_clean()
    objection.save()
    audit_record(
        action="pre_evaluation.objection_lodge", actor=actor, organisation=notice.organisation, obj=objection,
        detail={"notice": notice.pk, "case": notice.case_id},
    )
    return objection


@transaction.atomic
def objection_resolve(*, objection: PreEvaluationObjection, actor, upheld: bool,
                      resolution: str) -> PreEvaluationObjection:
    """The publishing unit's finding on an objection: upheld (the case may not be forwarded; the unit
    returns it for correction and publishes again) or dismissed. Audited; the applicant is told.

    Raises ``PreEvaluationError`` (not this unit, already resolved), ``ValidationError`` on ``resolution``."""
    objection = (
        PreEvaluationObjection.objects.select_for_update()
        .select_related("notice__case__applicant")
        .get(pk=objection.pk)
    )
    notice = objection.notice
    if not can_manage(user=actor, notice=notice):
        raise PreEvaluationError("您无权处理该异议。")
    if objection.status != ObjectionStatus.PENDING:
        raise PreEvaluationError("该异议已处理。")
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": "请填写处理意见。"})
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.resolution, objection.resolved_by, objection.resolved_at = resolution, actor, timezone.now()
    objection.full_clean()
    objection.save()
    if upheld:
        notification_send(
            user=notice.case.applicant, case=notice.case, title="您的评前公示收到的异议经核实成立",
            body=f"处理意见：{resolution}。单位将退回您的申报，请按要求修改后重新提交。",
        )
    audit_record(
        action="pre_evaluation.objection_resolve",
        actor=actor,
        organisation=notice.organisation,
        obj=objection,
        detail={
            "notice": notice.pk,
            "case": notice.case_id,
            "status": objection.status,
            "resolution": resolution[:200],
        },
    )
    return objection


def notices_recompute(*, year: int, actor, reason: str, today: dt.date | None = None) -> list[str]:
    """Recompute the end of every running 评前公示 whose period touches ``year`` (the year's holiday
    arrangement was entered); each moved end is recorded on the notice and audited, by the rule of both
    kinds of 公示 (:func:`zhicheng.workcalendar.services.notice_ends_recompute`).

    Registered with ``workcalendar.services.deadline_recomputer_register``. Returns one line per move."""
    return notice_ends_recompute(
        notices=PreEvaluationNotice.objects.select_related("organisation"), year=year, actor=actor, reason=reason,
        today=today, action="pre_evaluation.recompute", organisation_of=lambda notice: notice.organisation,
        label_of=lambda notice: f"评前公示“{notice.summary.get('name', '')}”",
    )

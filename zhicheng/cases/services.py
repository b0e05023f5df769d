"""Writes of the case engine. Every transition goes through :func:`_transition`, which

1. locks the case row (``select_for_update`` inside ``atomic``; SQLite serialises writers with
   ``BEGIN IMMEDIATE``), so that of two reviewers acting at once exactly one wins and the other
   gets :class:`~zhicheng.cases.workflow.CaseAlreadyHandled` ("该业务已被处理");
2. checks the actor (applicant, or active staff of the current step's organisation and role);
3. asks the transition table (:func:`~zhicheng.cases.workflow.transition_target`) for the target;
4. updates the case and its current step, calls the business type's hook;
5. appends a :class:`~zhicheng.cases.models.CaseHistory` row and an audit event;
6. notifies the applicant (in-system at once; SMS / e-mail after commit).
7. calls the transition listeners of the apps above the engine (``registry.transition_listener_register``).

Views catch :class:`~zhicheng.cases.workflow.CaseError` and show its ``message``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record, audit_record_read
from zhicheng.common.cleaning import clean_fields_only
from zhicheng.orgs.permissions import DutyConflict, case_decision_check
from zhicheng.outbox.models import MessagePurpose
from zhicheng.outbox.services import email_enqueue, sms_enqueue
from zhicheng.workcalendar.services import WorkingDayPeriod, working_day_deadlines_recompute
from zhicheng.workcalendar.workdays import add_working_days

from .constants import (
    APPLICANT_DECISIONS,
    MAX_CORRECTION_WORKING_DAYS,
    SYSTEM_DECISIONS,
    CaseStatus,
    Decision,
)
from .models import Case, CaseDeadlineMiss, CaseHistory, CaseStep, Notification
from .permissions import is_applicant, staff_can_act_at
from .registry import approval_refusal, business_type_get, transition_listeners
from .workflow import (
    CaseAlreadyHandled,
    CaseError,
    CasePermissionDenied,
    CorrectionInvalid,
    DuplicateApplication,
    RouteError,
    TransitionNotAllowed,
    transition_target,
)


# -- creation ------------------------------------------------------------------------------
@transaction.atomic
def case_create(
    *, applicant, business_type: str, business_object: models.Model | None = None, summary: str = ""
) -> Case:
    """A new draft case of ``business_type`` for ``applicant`` (history: 保存)."""
    business_type_get(business_type)
    case = Case(applicant=applicant, business_type=business_type, summary=summary[:200])
    if business_object is not None:
        case.content_type = ContentType.objects.get_for_model(business_object)
        case.object_id = business_object.pk
    case.full_clean()
    case.save()
    CaseHistory.objects.create(
        case=case, decision=Decision.SAVE, from_status=CaseStatus.DRAFT, to_status=CaseStatus.DRAFT, actor=applicant
    )
    audit_record(action="case.create", actor=applicant, obj=case, detail={"business_type": business_type})
    return case


@transaction.atomic
def case_link_object(*, case: Case, business_object: models.Model) -> Case:
    """Point a case at its business object (created after the case, which it refers to)."""
    case.content_type = ContentType.objects.get_for_model(business_object)
    case.object_id = business_object.pk
    Case.objects.filter(pk=case.pk).update(content_type=case.content_type, object_id=case.object_id)
    return case


def case_summary_set(*, case: Case, summary: str) -> Case:
    """The one-line summary shown in queues (e.g. the qualification applied for)."""
    case.summary = summary[:200]
    Case.objects.filter(pk=case.pk).update(summary=case.summary)
    return case


# -- transitions ---------------------------------------------------------------------------
def case_save(*, case: Case, actor) -> Case:
    """Record that the applicant saved the draft (only in draft / returned)."""
    return _transition(case=case, actor=actor, decision=Decision.SAVE)


def case_submit(*, case: Case, actor) -> Case:
    """Submit (or resubmit): resolve the route afresh and send the case to its first step."""
    return _transition(case=case, actor=actor, decision=Decision.SUBMIT)


def case_withdraw(*, case: Case, actor) -> Case:
    """Back to draft, only while the first step has not acted."""
    return _transition(case=case, actor=actor, decision=Decision.WITHDRAW)


def case_approve(*, case: Case, actor, opinion: str = "", expected_step: int | None = None) -> Case:
    """审核通过: the case moves to its next step (or is finished at the last). Arguments and errors: ``_transition``."""
    return _transition(case=case, actor=actor, decision=Decision.APPROVE, opinion=opinion, expected_step=expected_step)


@dataclass(frozen=True)
class Correction:
    """What a return asks to be corrected (issue 17): ``parts`` — ``[(key, title)]`` ticked by the reviewer
    among :func:`zhicheng.cases.selectors.case_return_parts` (record sections, application sections,
    attachments); ``days`` — the correction period in working days (1–``MAX_CORRECTION_WORKING_DAYS``),
    ``None`` for the plan's own period (or none without a plan)."""

    parts: tuple[tuple[str, str], ...] = ()
    days: int | None = None


def case_return(*, case: Case, actor, opinion: str, expected_step: int | None = None,
                correction: Correction | None = None) -> Case:
    """退回补正: the case goes back to the applicant with what must be corrected, why (``opinion``,
    required) and by when. ``correction``: the parts ticked and the period in working days, counted on the
    official calendar from today (:mod:`zhicheng.workcalendar.workdays`); without it, the plan's period applies.
    The parts and deadline are kept on the history row of the return. Arguments and errors: ``_transition``
    (and :class:`~zhicheng.cases.workflow.CorrectionInvalid` for a period out of range). 行政许可法第三十二条:
    what must be corrected is told at once and in full."""
    return _transition(case=case, actor=actor, decision=Decision.RETURN, opinion=opinion, expected_step=expected_step,
                       correction=correction)


def case_lapse(*, case: Case, today: dt.date | None = None) -> Case:
    """逾期未补正: close a returned case whose correction deadline (``Case.correction_due_on``) is before
    ``today`` — the daily job's decision, taken by no person (``CaseHistory.actor`` empty). The applicant is
    told; the case's one-open-application key is freed. Raises ``TransitionNotAllowed`` if the case is not
    returned or its deadline has not passed."""
    return _transition(case=case, actor=None, decision=Decision.LAPSE, today=today)


def case_accept(*, case: Case, actor, opinion: str = "", expected_step: int | None = None) -> Case:
    """受理 / the final positive decision of the business at its deciding step.

    Arguments and errors: ``_transition``."""
    return _transition(case=case, actor=actor, decision=Decision.ACCEPT, opinion=opinion, expected_step=expected_step)


def case_refuse(*, case: Case, actor, opinion: str, expected_step: int | None = None) -> Case:
    """不予受理 / the final negative decision; ``opinion`` (the reason) is required.

    Arguments and errors: ``_transition``."""
    return _transition(case=case, actor=actor, decision=Decision.REFUSE, opinion=opinion, expected_step=expected_step)


def case_grant(*, case: Case, actor, opinion: str = "", expected_step: int | None = None) -> Case:
    """The deciding HR bureau's named positive decision (认定通过 / 同意补发 / 确认), after 受理."""
    return _transition(case=case, actor=actor, decision=Decision.GRANT, opinion=opinion, expected_step=expected_step)


def case_deny(*, case: Case, actor, opinion: str, expected_step: int | None = None) -> Case:
    """The deciding HR bureau's named negative decision (不予认定 / 不予补发 / 不予确认), after 受理."""
    return _transition(case=case, actor=actor, decision=Decision.DENY, opinion=opinion, expected_step=expected_step)


def case_decide(*, case: Case, actor, decision: str, opinion: str = "", expected_step: int | None = None,
                correction: Correction | None = None) -> Case:
    """A reviewer decision by name (used by the detail page's form); ``correction`` only with ``return``."""
    if decision in APPLICANT_DECISIONS or decision in SYSTEM_DECISIONS:
        raise CasePermissionDenied()
    return _transition(case=case, actor=actor, decision=decision, opinion=opinion, expected_step=expected_step,
                       correction=correction if decision == Decision.RETURN else None)


@dataclass
class BatchResult:
    done: list[Case]
    failed: list[tuple[int, str]]


def cases_batch_approve(*, case_ids: list[int], actor, organisation, opinion: str = "") -> BatchResult:
    """Approve each selected case waiting at ``organisation``, each in its own transaction."""
    result = BatchResult(done=[], failed=[])
    for case_id in dict.fromkeys(case_ids):
        try:
            with transaction.atomic():
                case = Case.objects.select_for_update().filter(pk=case_id).first()
                if case is None:
                    raise CaseAlreadyHandled("该业务不存在。")
                if case.status != CaseStatus.SUBMITTED or case.current_organisation_id != organisation.pk:
                    raise CaseAlreadyHandled()
                result.done.append(
                    case_approve(case=case, actor=actor, opinion=opinion, expected_step=case.current_step_order)
                )
        except CaseError as exc:
            result.failed.append((case_id, exc.message))
    return result


@dataclass
class _Move:
    """One transition in progress: what ``_transition``'s named steps read and fill in, in order."""

    case: Case
    actor: object
    decision: str
    business: object
    from_status: str
    opinion: str
    reason: str
    steps: list[CaseStep]
    step: CaseStep | None
    today: dt.date
    target: str = ""
    now: dt.datetime | None = None
    history_step: CaseStep | None = None
    notify: tuple[str, str] | None = None
    history_extra: dict = field(default_factory=dict)
    words: str = ""


@transaction.atomic
def _transition(
    *, case: Case, actor, decision: str, opinion: str = "", expected_step: int | None = None,
    correction: Correction | None = None, today: dt.date | None = None,
) -> Case:
    """Apply a reviewer's or the applicant's ``decision`` to ``case`` (the transition table is
    ``cases/workflow.py``).

    Args:
        case: the case (locked and re-read inside); actor: the applicant or a reviewer who may act at
            its current step; opinion: the reviewer's words (required to return or refuse).
        expected_step: the step the reviewer's page showed; if the case has moved on since, the action
            is refused rather than applied to a step they did not see.
        correction: with ``return``, the parts to correct and the period (:class:`Correction`).
        today: the day the correction deadline is compared with (the daily job's day; default today).

    Raises ``CasePermissionDenied``, ``CaseAlreadyHandled``, ``TransitionNotAllowed`` or
    ``OpinionRequired`` (all ``CaseError``). The history row, notifications and audit event are
    written in the same transaction.

    The steps, in this order (the order of their effects is part of the behaviour): lock, check the
    actor, ask the transition table, move the case, save it, the business's hook, history and audit,
    notify the applicant, the listeners, flag an unattended unit.
    """
    move = _transition_lock(case=case, actor=actor, decision=decision, opinion=opinion, today=today)
    _transition_check_actor(move, expected_step=expected_step)
    _transition_target(move)
    move.now = timezone.now()
    move.history_step = move.step
    _transition_move(move, correction=correction)
    _transition_save(move)
    _transition_hook(move)
    _transition_history(move)
    _transition_audit(move)
    _transition_notify(move)
    return move.case


def _transition_lock(*, case: Case, actor, decision: str, opinion: str, today: dt.date | None) -> _Move:
    """Lock and re-read the case; its business type, route (while submitted) and current step."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    business = business_type_get(case.business_type)
    from_status = case.status
    opinion = (opinion or "").strip()
    step: CaseStep | None = None
    steps: list[CaseStep] = (
        list(case.steps.select_related("organisation")) if from_status == CaseStatus.SUBMITTED else []
    )
    if case.current_step_order is not None:
        step = next((s for s in steps if s.order == case.current_step_order), None)
    return _Move(
        case=case, actor=actor, decision=decision, business=business, from_status=from_status, opinion=opinion,
        reason=opinion.rstrip("。.；; "), steps=steps, step=step, today=today or timezone.localdate(),
    )


def _transition_check_actor(move: _Move, *, expected_step: int | None) -> None:
    """The system for its decisions only, the applicant for theirs, otherwise active staff of the current
    step's organisation and role (on the step their page showed) with no duty conflict on the case."""
    decision, actor = move.decision, move.actor
    if decision in SYSTEM_DECISIONS:
        if actor is not None:  # nobody closes a case as 逾期未补正 by hand
            raise CasePermissionDenied()
    elif actor is None:
        raise CasePermissionDenied()
    elif decision in APPLICANT_DECISIONS:
        if not is_applicant(user=actor, case=move.case):
            raise CasePermissionDenied()
    else:
        _transition_check_reviewer(move, expected_step=expected_step)


def _transition_check_reviewer(move: _Move, *, expected_step: int | None) -> None:
    step, actor = move.step, move.actor
    if move.from_status != CaseStatus.SUBMITTED or step is None:
        raise CaseAlreadyHandled()
    if expected_step is not None and expected_step != step.order:
        raise CaseAlreadyHandled()
    if not staff_can_act_at(user=actor, organisation_id=step.organisation_id, role=step.role):
        earlier = [s for s in move.steps if s.order < step.order]
        if any(staff_can_act_at(user=actor, organisation_id=s.organisation_id, role=s.role) for s in earlier):
            raise CaseAlreadyHandled()
        raise CasePermissionDenied()
    try:
        case_decision_check(actor=actor, case=move.case)
    except DutyConflict as exc:
        raise CasePermissionDenied(exc.messages[0]) from exc


def _transition_target(move: _Move) -> None:
    """The target status from the transition table; an approval the business refuses is refused."""
    case, step = move.case, move.step
    move.target = transition_target(
        status=move.from_status,
        decision=move.decision,
        step_order=step.order if step else None,
        step_count=len(move.steps),
        step_is_final=bool(step and step.is_final),
        step_decides=move.business.final_step_decides,
        taken_in=case.taken_in_at is not None,
        opinion=move.opinion,
        correction_overdue=bool(move.from_status == CaseStatus.RETURNED and case.correction_due_on
                                and case.correction_due_on < move.today),
    )
    if move.decision == Decision.APPROVE:
        refusal = approval_refusal(case=case, step=step)
        if refusal:
            raise TransitionNotAllowed(refusal)


def _transition_move(move: _Move, *, correction: Correction | None) -> None:
    """Where the case goes for this decision (route, current step, dates) and what the applicant is told."""
    decision, target = move.decision, move.target
    if decision == Decision.SUBMIT:
        _move_submit(move)
    elif decision == Decision.WITHDRAW or decision == Decision.RETURN:
        move.case.current_step_order = None
        move.case.current_organisation = None
        if decision == Decision.RETURN:
            _move_return(move, correction=correction)
    elif decision == Decision.APPROVE:
        _move_approve(move)
    elif decision == Decision.ACCEPT and target == CaseStatus.SUBMITTED:
        _move_take_in(move)
    elif decision in (Decision.GRANT, Decision.DENY):
        _move_decide(move)
    elif decision == Decision.LAPSE:
        _move_lapse(move)
    elif decision in (Decision.ACCEPT, Decision.REFUSE):
        _move_accept_or_refuse(move)


def _move_submit(move: _Move) -> None:
    """The route is built afresh (one open case per key: ``DuplicateApplication``; ``RouteError`` for no
    route or a deciding step before the last); the case goes to its first step."""
    case, business = move.case, move.business
    if business.open_key is not None:
        case.open_key, move.words = business.open_key(case)
        _refuse_duplicate(case, business, move.words)
    route = business.route_builder(case)
    if not route:
        raise RouteError()
    if any(s.is_final for s in route[:-1]):
        raise RouteError("受理环节只能是最后一个环节。")
    case.steps.all().delete()
    new_steps = CaseStep.objects.bulk_create(
        CaseStep(
            case=case, order=i, organisation=s.organisation, label=str(s.label), role=str(s.role), is_final=s.is_final
        )
        for i, s in enumerate(route)
    )
    move.history_step = new_steps[0]
    case.current_step_order = 0
    case.current_organisation = route[0].organisation
    case.submitted_at = move.now


def _move_return(move: _Move, *, correction: Correction | None) -> None:
    """退回: the correction's parts and deadline (working days) are recorded and told to the applicant."""
    case, business, step = move.case, move.business, move.step
    correction = correction or Correction()
    due = _correction_deadline_set(case, business, move.today, correction.days)
    parts = [{"key": str(k)[:60], "title": str(t)[:120]} for k, t in dict(correction.parts).items()]
    move.history_extra = {"correction_parts": parts or None, "correction_days": case.correction_days,
                          "correction_due_on": due}
    move.notify = (
        f"您的{business.label}被退回",
        f"{step.organisation.name}（{step.label}）审核不通过，原因：{move.reason}。"
        + (f"须修改：{'、'.join(p['title'] for p in parts)}。" if parts else "")
        + (f"请于 {due:%Y年%m月%d日} 前（{case.correction_days} 个工作日内）修改后重新提交，"
           "逾期未重新提交的，按逾期未补正办结。" if due else "请修改后重新提交。"),
    )


def _move_approve(move: _Move) -> None:
    """Approved: on to the next step, or finished at the last."""
    case, business, step = move.case, move.business, move.step
    if move.target == CaseStatus.SUBMITTED:
        nxt = move.steps[step.order + 1]
        case.current_step_order = nxt.order
        case.current_organisation = nxt.organisation
        move.notify = (
            f"您的{business.label}已通过{step.label}审核",
            f"{step.organisation.name}已审核通过，现转{nxt.organisation.name}（{nxt.label}）办理。",
        )
    else:
        case.current_step_order = None
        case.current_organisation = None
        case.closed_at = move.now
        move.notify = (
            f"您的{business.label}{business.finished_label}",
            f"{step.organisation.name}（{step.label}）已审核通过，业务{business.finished_label}。",
        )


def _move_take_in(move: _Move) -> None:
    """受理 at a deciding step: taken in, still at the bureau, nothing issued yet."""
    business, step = move.business, move.step
    move.case.taken_in_at = move.now
    move.notify = (
        f"您的{business.label}已受理",
        f"{step.organisation.name}已受理，将作出{business.grant_label}或{business.deny_label}的决定。",
    )


def _move_decide(move: _Move) -> None:
    """The deciding bureau's named decision (grant or deny) closes the case."""
    case, business, step = move.case, move.business, move.step
    case.current_step_order = None
    case.current_organisation = None
    case.closed_at = move.now
    word = business.grant_label if move.decision == Decision.GRANT else business.deny_label
    move.notify = (
        f"您的{business.label}：{word}",
        f"{step.organisation.name}决定{word}"
        + (f"，原因：{move.reason}" if move.decision == Decision.DENY else "")
        + "。",
    )


def _move_lapse(move: _Move) -> None:
    """逾期未补正: the system closes a returned case whose correction deadline has passed."""
    business = move.business
    move.case.closed_at = move.now
    due = move.case.correction_due_on
    move.history_extra = {"correction_due_on": due}
    move.opinion = f"补正截止日期 {due:%Y年%m月%d日} 已过，申报人未重新提交，按逾期未补正办结。"
    move.notify = (
        f"您的{business.label}已按逾期未补正办结",
        f"补正截止日期 {due:%Y年%m月%d日} 已过，您未重新提交，该申报已按逾期未补正办结。如需申报，请重新申请。",
    )


def _move_accept_or_refuse(move: _Move) -> None:
    """受理 or 不予受理 at the last step closes the case."""
    case, business = move.case, move.business
    case.current_step_order = None
    case.current_organisation = None
    case.closed_at = move.now
    accepted = f"已{business.accept_label}"
    word = accepted if move.decision == Decision.ACCEPT else f"{business.refuse_label}，原因：{move.reason}"
    move.notify = (f"您的{business.label}{accepted if move.decision == Decision.ACCEPT else business.refuse_label}",
                   f"{move.step.organisation.name}{word}。")


def _transition_save(move: _Move) -> None:
    """Clear what the new status makes stale (correction deadline, 受理) and save; of two submissions
    of the same key at once the database lets exactly one through (``DuplicateApplication``)."""
    case, decision, target = move.case, move.decision, move.target
    if decision != Decision.RETURN and target != CaseStatus.RETURNED:
        case.correction_due_on = case.correction_days = None
    if target in (CaseStatus.DRAFT, CaseStatus.RETURNED) or decision == Decision.SUBMIT:
        case.taken_in_at = None
    case.status = target
    clean_fields_only(case)  # the row is locked and its relations loaded; the database checks the rest
    if decision == Decision.SUBMIT and case.open_key:
        try:
            with transaction.atomic():  # two submissions at once: the constraint lets exactly one through
                case.save()
        except IntegrityError:
            _refuse_duplicate(case, move.business, move.words)
            raise
    else:
        case.save()


_HOOK_NAMES = {
    Decision.SUBMIT: "submit", Decision.WITHDRAW: "withdraw", Decision.RETURN: "return",
    Decision.ACCEPT: "accept", Decision.REFUSE: "refuse", Decision.GRANT: "grant", Decision.DENY: "deny",
}


def _transition_hook(move: _Move) -> None:
    """The business type's hook for the decision (``finish`` for the last approval), if it has one."""
    hook_name = _HOOK_NAMES.get(move.decision)
    if move.decision == Decision.APPROVE and move.target == CaseStatus.FINISHED:
        hook_name = "finish"
    hook = move.business.hook(hook_name) if hook_name else None
    if hook is not None:
        hook(case=move.case, actor=move.actor)


def _transition_history(move: _Move) -> None:
    """The case's history row (at the step acted on; 系统 for the system's decisions)."""
    history_step = move.history_step
    CaseHistory.objects.create(
        case=move.case,
        decision=move.decision,
        from_status=move.from_status,
        to_status=move.target,
        step_order=history_step.order if history_step else None,
        organisation=history_step.organisation if history_step else None,
        actor=move.actor,
        opinion=move.opinion,
        step_label=history_step.label if history_step else ("系统" if move.decision in SYSTEM_DECISIONS else ""),
        **move.history_extra,
    )


def _transition_audit(move: _Move) -> None:
    """The audit event ``case.<decision>`` (at the step's organisation, except the applicant's decisions)."""
    history_step, history_extra = move.history_step, move.history_extra
    detail = {
        "business_type": move.case.business_type,
        "from": move.from_status,
        "to": move.target,
        "step": history_step.label if history_step else "",
        "step_organisation": history_step.organisation.name if history_step else "",
        "opinion": move.opinion[:200],
    }
    if history_extra.get("correction_parts"):
        detail["parts"] = [p["title"] for p in history_extra["correction_parts"]]
    if history_extra.get("correction_due_on"):
        detail["correction_due_on"] = history_extra["correction_due_on"].isoformat()
    audit_record(
        action=f"case.{move.decision}",
        actor=move.actor,
        organisation=history_step.organisation if (history_step and move.decision not in APPLICANT_DECISIONS) else None,
        obj=move.case,
        detail=detail,
    )


def _transition_notify(move: _Move) -> None:
    """Tell the applicant, call the listeners of the apps above the engine (e.g. the paper form rendered
    ahead), and flag a unit the case reached that nobody can act for (issue 19)."""
    case = move.case
    if move.notify:
        notification_send(user=case.applicant, case=case, title=move.notify[0], body=move.notify[1])
    for listener in transition_listeners():
        listener(case=case, decision=move.decision)
    if case.status == CaseStatus.SUBMITTED:
        from zhicheng.orgs.services import unattended_units_flag

        unattended_units_flag(organisation_ids=[case.current_organisation_id])


def _refuse_duplicate(case: Case, business, words: str) -> None:
    """Raise :class:`DuplicateApplication` naming the applicant's other open case of the same key, if any
    (one open application per person per business and plan / qualification; issue 17)."""
    other = (
        Case.objects.filter(applicant_id=case.applicant_id, business_type=case.business_type, open_key=case.open_key,
                            status__in=[CaseStatus.SUBMITTED, CaseStatus.RETURNED])
        .exclude(pk=case.pk).order_by("id").first()
    )
    if other is not None:
        raise DuplicateApplication(
            f"您已有{words}的在办{business.label}（业务编号 {other.pk}，{business.status_label(other.status)}），"
            "不能重复申请。请在该业务办结后再申请，或修改、撤回该业务。"
        )


def correction_days_default(*, case: Case) -> int | None:
    """The correction period a returning reviewer is offered: the plan's ``correction_working_days``
    (e.g. an 评审申请's plan), else None (the page then offers ``DEFAULT_CORRECTION_WORKING_DAYS``)."""
    business = business_type_get(case.business_type)
    plan = business.plans_of([case.pk]).get(case.pk) if business.plans_of else None
    return getattr(plan, "correction_working_days", None) or None


def _correction_deadline_set(case: Case, business, returned_on: dt.date, days: int | None = None) -> dt.date | None:
    """On return: the correction period (``days`` as the reviewer set it, else the plan's) counted in
    working days from ``returned_on`` (or none). Raises :class:`CorrectionInvalid` for a period out of range."""
    if days is not None and not 1 <= days <= MAX_CORRECTION_WORKING_DAYS:
        raise CorrectionInvalid(f"补正期限须为 1 至 {MAX_CORRECTION_WORKING_DAYS} 个工作日。")
    if days is None:
        days = correction_days_default(case=case)
    case.correction_days = days or None
    case.correction_due_on = add_working_days(returned_on, days) if days else None
    return case.correction_due_on


def _returned_on(case: Case) -> dt.date:
    last = case.history.filter(decision=Decision.RETURN).order_by("-id").values_list("created_at", flat=True).first()
    return timezone.localdate(last) if last else timezone.localdate()


#: A returned case's correction period: ``correction_days`` working days after the day it was returned (the
#: last 退回 in its history), to ``correction_due_on``.
CORRECTION_PERIOD = WorkingDayPeriod(start=_returned_on, days="correction_days", end="correction_due_on")


def corrections_recompute(*, year: int, actor, reason: str, today: dt.date | None = None) -> list[str]:
    """Recompute the correction deadline of every returned case still within it whose period touches ``year``,
    by :func:`zhicheng.workcalendar.services.working_day_deadlines_recompute`.

    Registered with :func:`zhicheng.workcalendar.services.deadline_recomputer_register` (run when a year's
    holiday arrangement is entered). A moved deadline is told to the applicant (an in-system notification on
    the case) and audited (``case.correction_recompute``). Returns one line per moved deadline.
    """

    def tell(case: Case, previous: dt.date, new_due: dt.date) -> None:
        notification_send(
            user=case.applicant, case=case, title=f"您的{case.business_type_label}补正期限已调整",
            body=f"{reason}，补正截止日期由 {previous:%Y年%m月%d日} 调整为 {new_due:%Y年%m月%d日}。",
        )

    return working_day_deadlines_recompute(
        rows=Case.objects.filter(status=CaseStatus.RETURNED, correction_days__isnull=False).select_related("applicant"),
        period=CORRECTION_PERIOD, year=year, actor=actor, reason=reason, today=today,
        action="case.correction_recompute", record=tell,
        line_of=lambda case: f"{case.business_type_label} #{case.pk} 补正截止",
    )


@transaction.atomic
def stage_deadlines_check(*, today: dt.date | None = None) -> list[CaseDeadlineMiss]:
    """Record each submitted case that has passed the stage deadline of the step it waits at, and tell its
    applicant once (per step and deadline). The next level sees such cases flagged in its queue
    (:func:`zhicheng.cases.deadlines.cases_overdue_below`). Run daily by the scheduler; idempotent.
    """
    from .deadlines import case_deadlines

    today = today or timezone.localdate()
    waiting = Case.objects.filter(status=CaseStatus.SUBMITTED).select_related("applicant", "current_organisation")
    misses: list[CaseDeadlineMiss] = []
    for chunk in _chunks(waiting.order_by("pk").iterator(chunk_size=500), 500):
        deadlines = case_deadlines(cases=chunk, today=today)
        for case in chunk:
            deadline = deadlines.get(case.pk)
            if deadline is None or not deadline.overdue:
                continue
            step = case.steps.filter(order=case.current_step_order).first()
            miss, created = CaseDeadlineMiss.objects.get_or_create(
                case=case, step_order=case.current_step_order, due_on=deadline.due_on,
                defaults={"step_label": step.label if step else "", "organisation": case.current_organisation},
            )
            if not created:
                continue
            nxt = case.steps.filter(order=case.current_step_order + 1).select_related("organisation").first()
            notification_send(
                user=case.applicant,
                case=case,
                title=f"您的{case.business_type_label}已超过办理期限",
                body=(
                    f"{case.current_organisation.name}（{miss.step_label}）未在 {deadline.due_on:%Y年%m月%d日} 前办理。"
                )
                + (f"系统已提示{nxt.organisation.name}。" if nxt else "")
                + "如有疑问请联系该单位。",
            )
            audit_record(action="case.deadline_miss", obj=case, organisation=case.current_organisation,
                         detail={"step": miss.step_label, "due_on": deadline.due_on.isoformat()})
            misses.append(miss)
    return misses


def _chunks(iterable, size: int):
    chunk: list = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# -- notifications ---------------------------------------------------------------------------
@transaction.atomic(savepoint=False)
def notification_send(*, user, title: str, body: str = "", case: Case | None = None,
                      sms_text: str | None = None) -> Notification:
    """An in-system notification, and an SMS and an e-mail to the user's phone and address on record,
    all written in the caller's transaction: the SMS and e-mail go through the transactional outbox
    (:mod:`zhicheng.outbox`, decision 0018) and are sent once it commits, with retries; nothing is sent
    if it rolls back. ``title`` is cut to 100 characters; ``sms_text`` replaces the SMS made of title and
    body (a digest's SMS is a short summary). Returns the :class:`Notification`."""
    note = Notification(user=user, case=case, title=title[:100], body=body)
    clean_fields_only(note)
    note.save()
    if user.phone:
        sms_enqueue(phone=user.phone, text=sms_text or f"【{settings.SITE_NAME}】{title}。{body}",
                    purpose=MessagePurpose.CASE_NOTICE, user=user)
    if user.email:
        email_enqueue(to=user.email, subject=title, text=body or title, purpose=MessagePurpose.CASE_NOTICE, user=user)
    return note


@transaction.atomic
def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications read (only ``ids`` among them, when given).

    Returns how many were marked. Only the user's own notifications are touched, whatever ids are given."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def case_record_view(*, case: Case, actor, organisation) -> None:
    """Audit a staff member's view of the full personal record submitted with a case (an access-log row,
    ``audit_record_read``)."""
    audit_record_read(
        action="case.view_record", actor=actor, organisation=organisation, obj=case,
        detail={"business_type": case.business_type, "applicant": case.applicant.audit_label},
    )

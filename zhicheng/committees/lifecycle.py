"""The later life of an accepted 评审申请, enforced in one place: :func:`stage_move` (decision 0031).

The case engine's route (人事管理单位 → 主管单位 → 评委会办公室 受理, ``zhicheng/cases/workflow.py``) ends
when the committee office takes the application in. What follows is this table:

==========  =====================  ===================  ========================================================
move        from                   to                   made by (service in ``committees/services.py``)
==========  =====================  ===================  ========================================================
schedule    awaiting 待上会         scheduled 已排会      ``meeting_create`` (the office puts it on a meeting)
pass        scheduled              passed 评审通过       ``meeting_close``: valid meeting, ≥ 2/3 of those present agree
fail        scheduled              failed 未通过         ``meeting_close``: valid meeting, fewer agree (terminal)
invalidate  scheduled              awaiting             ``meeting_close``: fewer than 2/3 of the panel present;
                                                        the application may go to another meeting
cancel      scheduled              awaiting             ``meeting_cancel`` (issue 21, decision 0033): the meeting
                                                        is called off; the application may go to another meeting
publish     passed                 in_notice 公示中      ``notice_publish`` (the meeting's passed list)
object      in_notice, objected    objected 异议处理中   ``objection_lodge`` (during the notice period)
dismiss     objected               in_notice, or        ``objection_resolve`` (异议不成立); stays objected while
                                   objected             another objection is pending (``others_pending``)
uphold      objected               withdrawn 撤销        ``objection_resolve`` (异议成立: the pass is withdrawn;
                                                        terminal)
report      in_notice              reported 已报送       ``result_report`` after the notice ended (公示期满), no
                                                        objection pending — the service checks the dates
confirm     reported               confirmed            ``result_confirm``: 确认备案 by the managing HR bureau,
                                   已确认备案            which issues the certificate in the same transaction
==========  =====================  ===================  ========================================================

公示期满 (the notice has ended, not yet reported) is not a stored state: it is ``in_notice`` on a day after the
notice's ``ends_on``, which moves when a year's holiday arrangement is entered (``notices_recompute``); the
route shows it from the notice's dates. 确认备案 and 发证 are one move because ``result_confirm`` does both in
one transaction. A certificate voided later (``certificates.services.certificate_void``) does not move the
stage: the certificate's own status says so, and the applicant's page shows it.

An accepted application without an :class:`ApplicationStage` row is ``awaiting`` (no move yet); one whose case
is not accepted has no stage and every move is refused. ``ApplicationStage.state`` is written here and in the
data migration ``0005_application_stage`` only (``tests/test_lifecycle.py`` checks the source).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhicheng.audit.services import audit_record

from .models import ApplicationStage, EvaluationResult, Stage, StageChange, StageMove

#: "No stage": the case is not accepted (yet), or was never a 评审申请 that reached the committee.
NO_STAGE = ""

# move -> {from state: to state}. ``None`` as target: decided by a guard (dismiss: ``others_pending``).
TRANSITIONS: dict[str, dict[str, str | None]] = {
    StageMove.SCHEDULE: {Stage.AWAITING: Stage.SCHEDULED},
    StageMove.PASS: {Stage.SCHEDULED: Stage.PASSED},
    StageMove.FAIL: {Stage.SCHEDULED: Stage.FAILED},
    StageMove.INVALIDATE: {Stage.SCHEDULED: Stage.AWAITING},
    StageMove.CANCEL: {Stage.SCHEDULED: Stage.AWAITING},
    StageMove.PUBLISH: {Stage.PASSED: Stage.IN_NOTICE},
    StageMove.OBJECT: {Stage.IN_NOTICE: Stage.OBJECTED, Stage.OBJECTED: Stage.OBJECTED},
    StageMove.DISMISS: {Stage.OBJECTED: None},
    StageMove.UPHOLD: {Stage.OBJECTED: Stage.WITHDRAWN},
    StageMove.REPORT: {Stage.IN_NOTICE: Stage.REPORTED},
    StageMove.CONFIRM: {Stage.REPORTED: Stage.CONFIRMED},
}

#: Stages after which nothing moves.
TERMINAL = frozenset({Stage.FAILED, Stage.WITHDRAWN, Stage.CONFIRMED})

#: The way forward, in order, as the route shows it: (stage reached, what the route calls the step).
MAIN_LINE: tuple[tuple[str, str], ...] = (
    (Stage.SCHEDULED, "安排评审会议"),
    (Stage.PASSED, "评审会议表决"),
    (Stage.IN_NOTICE, "评审结果公示"),
    (Stage.REPORTED, "报送人社部门"),
    (Stage.CONFIRMED, "确认备案并发证"),
)


def _stage_label(state: str) -> str:
    return str(Stage(state).label) if state in Stage.values else "未受理"


def stage_target(*, state: str, move: str, others_pending: bool = False) -> str:
    """The stage after ``move`` from ``state``; raises :class:`~zhicheng.committees.services.EvaluationError`
    (a ``ServiceError``) if the table does not allow it.

    Args: ``state`` — a ``Stage`` value or ``NO_STAGE``; ``move`` — a ``StageMove`` value;
    ``others_pending`` — for ``dismiss``: another objection to the same result is still pending.
    Returns the target ``Stage`` value."""
    from .services import EvaluationError

    table = TRANSITIONS.get(move)
    if table is None or state not in table:
        label = StageMove(move).label if move in StageMove.values else move
        raise EvaluationError(f"该评审申请当前为“{_stage_label(state)}”，不能{label}。")
    target = table[state]
    if target is None:  # dismiss
        target = Stage.OBJECTED if others_pending else Stage.IN_NOTICE
    return target


def _current_locked(application) -> tuple[ApplicationStage | None, str]:
    """The application's stage row (locked) and state; locks the application row when there is none yet."""
    from zhicheng.businesses.models import EvaluationApplication
    from zhicheng.cases.constants import CaseStatus

    row = ApplicationStage.objects.select_for_update().filter(pk=application.pk).first()
    if row is not None:
        return row, row.state
    # No row yet: lock the application so that two first moves cannot both create one.
    locked = EvaluationApplication.objects.select_for_update().filter(pk=application.pk).values("case__status")
    status = next(iter(locked), {}).get("case__status")
    row = ApplicationStage.objects.filter(pk=application.pk).first()  # written while we waited for the lock
    if row is not None:
        return ApplicationStage.objects.select_for_update().get(pk=application.pk), row.state
    return None, Stage.AWAITING if status == CaseStatus.ACCEPTED else NO_STAGE


def stage_move(*, application, move: str, actor, result: EvaluationResult | None = None, organisation=None,
               others_pending: bool = False, at: dt.datetime | None = None) -> ApplicationStage:
    """Move an accepted 评审申请 along :data:`TRANSITIONS` — the only writer of ``ApplicationStage.state``.

    Call inside the service's transaction (every caller is ``@transaction.atomic``). Locks the stage row
    (``select_for_update``; the application row before the first move), checks the move against the table,
    writes the stage and a :class:`StageChange`, and audits ``evaluation.stage`` (from, to, move, result).

    Args: ``application`` — a ``businesses.EvaluationApplication``; ``move`` — a ``StageMove`` value;
    ``actor`` — who acts (None: the system); ``result`` — the meeting entry the move is about;
    ``organisation`` — acted for (audit); ``others_pending`` — see :func:`stage_target`.
    Raises ``EvaluationError`` for a move the table forbids from the current stage. Returns the row."""
    row, state = _current_locked(application)
    target = stage_target(state=state, move=move, others_pending=others_pending)
    at = at or timezone.now()
    if row is None:
        row = ApplicationStage(application_id=application.pk)
    row.state, row.changed_at = target, at
    if result is not None:
        row.result = result
    row.save()
    StageChange.objects.create(application_id=application.pk, move=move, from_state=state, to_state=target,
                               result=result, actor=actor if getattr(actor, "is_authenticated", False) else None,
                               at=at)
    audit_record(
        action="evaluation.stage", actor=actor, organisation=organisation, obj=application,
        detail={"move": str(move), "from": state, "to": str(target), "result": result.pk if result else None,
                "case": application.case_id},
    )
    return row


def stage_of(application) -> str:
    """The stored stage of one application (``NO_STAGE`` if not accepted): one query, two without a row."""
    return stages_of(applications=[application])[application.pk]


def stages_of(*, applications) -> dict[int, str]:
    """``stage_of`` of several applications, by application pk (one or two queries whatever their number)."""
    from zhicheng.cases.constants import CaseStatus

    applications = list(applications)
    stored = dict(ApplicationStage.objects.filter(pk__in=[a.pk for a in applications]).values_list("pk", "state"))
    missing = [a for a in applications if a.pk not in stored]
    if missing:
        from zhicheng.cases.models import Case

        accepted = set(Case.objects.filter(pk__in=[a.case_id for a in missing], status=CaseStatus.ACCEPTED)
                       .values_list("pk", flat=True))
        for a in missing:
            stored[a.pk] = Stage.AWAITING if a.case_id in accepted else NO_STAGE
    return stored

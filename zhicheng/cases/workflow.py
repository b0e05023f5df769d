"""The transition table of the case engine, enforced in one place: :func:`transition_target`.

=============  =====================  ==========================================================
decision       from                   to
=============  =====================  ==========================================================
save           draft, returned        (unchanged) — the applicant keeps a draft
submit         draft, returned        submitted, at the first step of a freshly resolved route
withdraw       submitted              draft — only while the first step has not acted
approve        submitted              submitted at the next step, or finished at the last step
return         submitted              returned — a reason is required
accept         submitted              accepted — only at a final (受理) step; at a *deciding* final step
                                      (an HR bureau that then decides) the case stays submitted at that
                                      step, taken in (``Case.taken_in_at``), and nothing is issued
refuse         submitted              refused (不予受理) — only at a final step not yet taken in, reason
                                      required
grant          submitted (taken in)   granted — the business's named decision (认定通过 / 同意补发 / 确认),
                                      only at a deciding final step after 受理; its hook issues
deny           submitted (taken in)   denied (不予认定 / 不予补发 / 不予确认), reason required
lapse          returned               lapsed (逾期未补正) — by the daily job only (no person), and only once
                                      the correction deadline has passed
=============  =====================  ==========================================================

Besides the status, these guards depend on where the case is:

* ``withdraw`` needs ``current_step_order == 0`` (the first reviewer has not acted: approving
  moves the case on, returning takes it out of ``submitted``);
* ``approve`` is not allowed at a final step (it must accept or refuse), and ``accept``/``refuse``
  only at a final step;
* ``return``, ``refuse`` and ``deny`` need a non-empty opinion;
* at a deciding final step (``step_decides``: the business registers ``grant_label``), ``accept``
  and ``refuse`` only before the case is taken in, ``grant`` and ``deny`` only after (issue 17:
  受理 takes a case in; the recognition is its own decision, confirmed on its own screen);
* ``lapse`` needs ``correction_overdue`` (the returned case's ``correction_due_on`` is before today), and
  ``submit`` from ``returned`` is refused once it is: a returned case not corrected in time is closed as
  逾期未补正 (issue 17), which frees the one-open-application key for a new application. Who may take
  ``lapse`` (nobody but the system) is checked by the service.

Services in :mod:`zhicheng.cases.services` call :func:`transition_target` after locking the case;
nothing else changes ``Case.status``.
"""

from __future__ import annotations

from zhicheng.common.exceptions import ServiceError

from .constants import CaseStatus, Decision

# (decision) -> {from status: to status}. ``None`` as target means "decided by the route"
# (approve: next step or finished).
TRANSITIONS: dict[str, dict[str, str | None]] = {
    Decision.SAVE: {CaseStatus.DRAFT: CaseStatus.DRAFT, CaseStatus.RETURNED: CaseStatus.RETURNED},
    Decision.SUBMIT: {CaseStatus.DRAFT: CaseStatus.SUBMITTED, CaseStatus.RETURNED: CaseStatus.SUBMITTED},
    Decision.WITHDRAW: {CaseStatus.SUBMITTED: CaseStatus.DRAFT},
    Decision.APPROVE: {CaseStatus.SUBMITTED: None},
    Decision.RETURN: {CaseStatus.SUBMITTED: CaseStatus.RETURNED},
    # None: accepted, or (at a deciding final step) still submitted there, taken in.
    Decision.ACCEPT: {CaseStatus.SUBMITTED: None},
    Decision.REFUSE: {CaseStatus.SUBMITTED: CaseStatus.REFUSED},
    Decision.GRANT: {CaseStatus.SUBMITTED: CaseStatus.GRANTED},
    Decision.DENY: {CaseStatus.SUBMITTED: CaseStatus.DENIED},
    Decision.LAPSE: {CaseStatus.RETURNED: CaseStatus.LAPSED},
}

OPINION_REQUIRED = frozenset({Decision.RETURN, Decision.REFUSE, Decision.DENY})


class CaseError(ServiceError):
    """A case operation that cannot be done; ``message`` is shown to the user as it is."""

    default_message = "无法办理该业务。"


class TransitionNotAllowed(CaseError):
    default_message = "该业务当前状态下不能进行此操作。"


class CaseAlreadyHandled(CaseError):
    default_message = "该业务已被处理，请刷新页面查看最新状态。"


class CasePermissionDenied(CaseError):
    default_message = "您无权办理该业务。"


class OpinionRequired(CaseError):
    default_message = "请填写审核意见（退回原因）。"


class CorrectionInvalid(CaseError):
    default_message = "补正期限须为 1 至 60 个工作日。"


class DuplicateApplication(CaseError):
    default_message = "您已有一件相同的在办申请。"


class RouteError(CaseError):
    default_message = "无法确定该业务的审核流程。"


def transition_target(
    *,
    status: str,
    decision: str,
    step_order: int | None = None,
    step_count: int = 0,
    step_is_final: bool = False,
    step_decides: bool = False,
    taken_in: bool = False,
    opinion: str = "",
    correction_overdue: bool = False,
) -> str:
    """The status after ``decision`` from ``status``; raises :class:`CaseError` if not allowed.

    ``step_decides``: the current step is the final step of a business whose decider first takes the
    case in (受理) and then makes its named decision (``grant``/``deny``); ``taken_in``: it has
    already taken it in. Accepting at such a step leaves the case ``submitted`` (the caller records
    the taking in). ``correction_overdue``: the case is returned and its correction deadline has passed."""
    table = TRANSITIONS.get(decision)
    if table is None or status not in table:
        raise TransitionNotAllowed()
    if decision == Decision.WITHDRAW and step_order != 0:
        raise TransitionNotAllowed("审核单位已处理，不能撤回。")
    if decision == Decision.APPROVE and step_is_final:
        raise TransitionNotAllowed("该环节须作出受理或不予受理的决定。")
    if decision in (Decision.ACCEPT, Decision.REFUSE) and not step_is_final:
        raise TransitionNotAllowed("该环节不是受理环节。")
    if decision in (Decision.ACCEPT, Decision.REFUSE) and taken_in:
        raise TransitionNotAllowed("该业务已受理，请作出决定。")
    if decision in (Decision.GRANT, Decision.DENY):
        if not (step_is_final and step_decides):
            raise TransitionNotAllowed("该环节不作此决定。")
        if not taken_in:
            raise TransitionNotAllowed("请先受理，再作出决定。")
    if decision == Decision.LAPSE and not correction_overdue:
        raise TransitionNotAllowed("补正期限未过，不能按逾期未补正关闭。")
    if decision == Decision.SUBMIT and status == CaseStatus.RETURNED and correction_overdue:
        raise TransitionNotAllowed("补正期限已过，不能再提交：该申报将按逾期未补正办结，之后可重新申请。")
    if decision in OPINION_REQUIRED and not (opinion or "").strip():
        raise OpinionRequired("退回或作出否定决定时须填写原因。")
    target = table[status]
    if decision == Decision.ACCEPT:
        return CaseStatus.SUBMITTED if step_decides else CaseStatus.ACCEPTED
    if target is None:  # approve
        if step_order is None:
            raise TransitionNotAllowed()
        target = CaseStatus.SUBMITTED if step_order + 1 < step_count else CaseStatus.FINISHED
    return target

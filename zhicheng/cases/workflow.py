"""The transition table of the case engine, enforced in one place: :func:`transition_target`.

=============  =====================  ==========================================================
decision       from                   to
=============  =====================  ==========================================================
save           draft, returned        (unchanged) — the applicant keeps a draft
submit         draft, returned        submitted, at the first step of a freshly resolved route
withdraw       submitted              draft — only while the first step has not acted
approve        submitted              submitted at the next step, or finished at the last step
return         submitted              returned — a reason is required
accept         submitted              accepted — only at a final (受理) step
refuse         submitted              refused — only at a final (受理) step, reason required
=============  =====================  ==========================================================

Besides the status, three guards depend on where the case is:

* ``withdraw`` needs ``current_step_order == 0`` (the first reviewer has not acted: approving
  moves the case on, returning takes it out of ``submitted``);
* ``approve`` is not allowed at a final step (it must accept or refuse), and ``accept``/``refuse``
  only at a final step;
* ``return`` and ``refuse`` need a non-empty opinion.

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
    Decision.ACCEPT: {CaseStatus.SUBMITTED: CaseStatus.ACCEPTED},
    Decision.REFUSE: {CaseStatus.SUBMITTED: CaseStatus.REFUSED},
}

OPINION_REQUIRED = frozenset({Decision.RETURN, Decision.REFUSE})


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


class RouteError(CaseError):
    default_message = "无法确定该业务的审核流程。"


def transition_target(
    *,
    status: str,
    decision: str,
    step_order: int | None = None,
    step_count: int = 0,
    step_is_final: bool = False,
    opinion: str = "",
) -> str:
    """The status after ``decision`` from ``status``; raises :class:`CaseError` if not allowed."""
    table = TRANSITIONS.get(decision)
    if table is None or status not in table:
        raise TransitionNotAllowed()
    if decision == Decision.WITHDRAW and step_order != 0:
        raise TransitionNotAllowed("审核单位已处理，不能撤回。")
    if decision == Decision.APPROVE and step_is_final:
        raise TransitionNotAllowed("该环节须作出受理或不予受理的决定。")
    if decision in (Decision.ACCEPT, Decision.REFUSE) and not step_is_final:
        raise TransitionNotAllowed("该环节不是受理环节。")
    if decision in OPINION_REQUIRED and not (opinion or "").strip():
        raise OpinionRequired("退回或不予受理时须填写原因。")
    target = table[status]
    if target is None:  # approve
        if step_order is None:
            raise TransitionNotAllowed()
        target = CaseStatus.SUBMITTED if step_order + 1 < step_count else CaseStatus.FINISHED
    return target

"""Separation of duties (职责分离), in one module: every rule about who may hold or use a duty.

The services that grant roles, build expert pools, decide cases and set administrator duties call
these checks before they write, so pages, the API and the Django admin (which shows roles and
pools read-only, ``orgs/admin.py`` and ``committees/admin.py``) obey the same rules. Each check
raises :class:`DutyConflict` (a ``ValidationError`` whose message is shown to the person as it is,
with a stable ``code``) and returns nothing when the act is allowed.

Rules (issue 19; SPEC §3 and §11.4; 等保 三权分立 / 最小权限):

* ``self_grant`` — nobody grants a role to themselves, or changes or ends one of their own roles
  (a unit administrator therefore reviews only when *another* administrator grants it);
* ``self_expert`` — nobody puts themselves in an expert pool (a committee office member cannot
  be drawn for the panels their office draws);
* ``own_case`` — no reviewer decides a case of their own (they applied: the applicant's chain
  must be decided by someone else);
* ``self_duty`` / the single ``admin_duty`` field — the three administrator duties (system,
  security, audit) stay apart: one duty per account, set only by the security administrator and
  never on their own account.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DutyConflict(ValidationError):
    """An act refused by a separation-of-duties rule; ``code`` names the rule."""


def _same_person(a, b) -> bool:
    return a is not None and b is not None and getattr(a, "pk", None) is not None and a.pk == b.pk


def role_grant_check(*, actor, user) -> None:
    """Refuse granting (or inviting someone to) a role when ``actor`` is ``user``.

    Raises :class:`DutyConflict` (code ``self_grant``)."""
    if _same_person(actor, user):
        raise DutyConflict("不能为自己设置角色，请由本单位其他管理员办理。", code="self_grant")


def role_change_check(*, actor, membership) -> None:
    """Refuse changing, ending or revoking ``membership`` when it is ``actor``'s own role.

    Raises :class:`DutyConflict` (code ``self_grant``)."""
    if membership is not None and actor is not None and membership.user_id == getattr(actor, "pk", None):
        raise DutyConflict("不能变更或撤销自己的角色，请由本单位其他管理员办理。", code="self_grant")


def expert_pool_add_check(*, actor, user) -> None:
    """Refuse putting ``user`` in an expert pool when ``actor`` is ``user`` (the committee office
    or expert-pool manager would otherwise be drawn for panels they run).

    Raises :class:`DutyConflict` (code ``self_expert``)."""
    if _same_person(actor, user):
        raise DutyConflict("不能将自己加入专家库，请由本评委会其他工作人员办理。", code="self_expert")


def case_decision_check(*, actor, case) -> None:
    """Refuse a reviewer decision (approve, return, accept, refuse) on ``case`` by its applicant.

    Raises :class:`DutyConflict` (code ``own_case``)."""
    if case is not None and actor is not None and case.applicant_id == getattr(actor, "pk", None):
        raise DutyConflict("不能审核本人申报的业务，请由本单位其他审核人员办理。", code="own_case")


def may_decide_case(*, actor, case) -> bool:
    """Whether ``case_decision_check`` lets ``actor`` decide ``case`` (for hiding decision forms)."""
    try:
        case_decision_check(actor=actor, case=case)
    except DutyConflict:
        return False
    return True


def admin_duty_check(*, actor, user) -> None:
    """Refuse setting an administrator duty on the actor's own account.

    Raises :class:`DutyConflict` (code ``self_duty``). That only the security administrator sets
    duties, and that an account holds one duty at most, are checked by the caller and by the
    single ``User.admin_duty`` field."""
    if _same_person(actor, user):
        raise DutyConflict("不能修改自己的管理员职责。", code="self_duty")

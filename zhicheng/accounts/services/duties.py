"""Administrator duties (三权分立: system, security and audit administrator), set only by the
security administrator."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhicheng.audit.services import audit_record
from zhicheng.orgs.permissions import admin_duty_check

from ..models import (
    AdminDuty,
    User,
)


@transaction.atomic
def admin_duty_set(*, actor: User, user: User, duty: str) -> User:
    """Set ``user``'s administrator duty to ``duty`` (``AdminDuty``: none, system, security or audit —
    三权分立, 等保 level 3). Only the security administrator (``actor``) sets duties, never their own
    (``orgs.permissions.admin_duty_check``); one field, so one duty each; the system administrator alone
    gets Django's staff and superuser flags.

    Returns the saved ``User``. Raises ``PermissionDenied`` (``actor`` is not the security
    administrator), ``DutyConflict`` (code ``self_duty``), ``ValidationError``: keyed ``duty``
    (``invalid``), ``unchanged`` (already that duty). Audited (account.admin_duty_change, before and
    after).
    """
    if actor.admin_duty != AdminDuty.SECURITY:
        raise PermissionDenied("only the security administrator sets administrator duties")
    admin_duty_check(actor=actor, user=user)
    if duty not in AdminDuty.values:
        raise ValidationError({"duty": ValidationError("请选择有效的管理员职责。", code="invalid")})
    user = User.objects.select_for_update().get(pk=user.pk)
    before = user.admin_duty
    if before == duty:
        raise ValidationError(f"{user.real_name}的管理员职责已是“{AdminDuty(duty).label}”。", code="unchanged")
    user.admin_duty = duty
    user.is_staff = duty == AdminDuty.SYSTEM
    user.is_superuser = duty == AdminDuty.SYSTEM
    user.full_clean(exclude=["password"])
    user.save(update_fields=["admin_duty", "is_staff", "is_superuser"])
    audit_record(
        action="account.admin_duty_change", actor=actor, obj=user, detail={"before": before, "after": duty},
    )
    return user

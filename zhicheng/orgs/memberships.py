"""Staff roles (``Membership``): an invitation by an administrator of the organisation, accepted or
declined by the person, an end date, revocation, and the daily expiry (decision 0022).

Moved here from ``accounts.services`` (decision 0037): the rules are the organisation's. Every
change is audited (``membership.*``); the person is notified of an invitation in the system."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record

from . import selectors
from .constants import Role
from .models import Membership, Organisation
from .permissions import role_change_check, role_grant_check


def _check_org_admin(*, actor, organisation: Organisation) -> None:
    if not selectors.organisations_managed_by(user=actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied("not an administrator of this organisation")


@transaction.atomic
def membership_grant(
    *, actor, organisation: Organisation, user, role: str, ends_on: dt.date | None = None
) -> Membership:
    """Invite ``user`` to ``role`` (``Role``) at ``organisation`` (the role is in force once they accept,
    ``membership_accept``). ``actor`` must administer the organisation and may not be ``user``
    (zhicheng.orgs.permissions.role_grant_check, 职责分离); the role must suit the organisation's kind
    (``orgs.selectors.roles_grantable_at``, SPEC §3); ``ends_on`` (optional date, not in the past) is
    the last day the role is in force. The person is notified in the system (and by SMS/e-mail).

    Returns the ``Membership`` (pending). Raises ``ValidationError`` (keyed ``role``: ``role_kind``;
    ``exists``, ``pending``; keyed ``ends_on``) or ``DutyConflict`` (``self_grant``);
    ``PermissionDenied`` when ``actor`` does not administer ``organisation``. Audited
    (membership.invite).
    """
    from zhicheng.cases.services import notification_send

    _check_org_admin(actor=actor, organisation=organisation)
    role_grant_check(actor=actor, user=user)
    if role not in selectors.roles_grantable_at(organisation=organisation):
        raise ValidationError(
            {
                "role": ValidationError(
                    f"{organisation.get_kind_display()}不能设置“{Role(role).label}”角色。", code="role_kind"
                )
            }
        )
    _ends_on_check(ends_on)
    membership = Membership.objects.select_for_update().filter(user=user, organisation=organisation, role=role).first()
    if membership is not None and membership.is_active:
        raise ValidationError(f"{user.real_name}已是本单位的{membership.get_role_display()}。", code="exists")
    if membership is not None and membership.is_pending:
        raise ValidationError(
            f"已邀请{user.real_name}担任{membership.get_role_display()}，正等待本人接受。", code="pending"
        )
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role)
    membership.is_active = False
    membership.invited_by, membership.invited_at = actor, timezone.now()
    membership.accepted_at = membership.declined_at = membership.ended_at = None
    membership.ends_on = ends_on
    membership.full_clean()
    membership.save()
    audit_record(
        action="membership.invite", actor=actor, organisation=organisation, obj=membership,
        detail={"user": user.audit_label, "role": role, "ends_on": ends_on.isoformat() if ends_on else ""},
    )
    notification_send(
        user=user, title=f"{organisation.name}邀请您担任{membership.get_role_display()}",
        body=f"{actor.real_name}邀请您担任{organisation.name}的{membership.get_role_display()}"
        + (f"（至 {ends_on:%Y年%m月%d日}）" if ends_on else "") + "。请登录系统，在首页“角色邀请”中接受或拒绝。",
    )
    return membership


def _ends_on_check(ends_on: dt.date | None) -> None:
    if ends_on is not None and ends_on < timezone.localdate():
        raise ValidationError({"ends_on": ValidationError("截止日期不能早于今天。", code="ends_on")})


def _own_pending_invitation(*, user, membership: Membership) -> Membership:
    membership = Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    if membership.user_id != user.pk:
        raise PermissionDenied("not this person's invitation")
    if not membership.is_pending:
        raise ValidationError("该邀请已处理或已被撤回。", code="handled")
    return membership


@transaction.atomic
def membership_accept(*, user, membership: Membership) -> Membership:
    """The invited ``user`` accepts ``membership``: the role is in force from now (until ``ends_on``).
    Returns the ``Membership``. Raises ``PermissionDenied`` for someone else's invitation,
    ``ValidationError`` (code ``handled``) when it is no longer pending. Audited (membership.accept)."""
    membership = _own_pending_invitation(user=user, membership=membership)
    membership.is_active, membership.accepted_at = True, timezone.now()
    membership.save(update_fields=["is_active", "accepted_at"])
    audit_record(
        action="membership.accept", actor=user, organisation=membership.organisation, obj=membership,
        detail={"user": user.audit_label, "role": membership.role},
    )
    return membership


@transaction.atomic
def membership_decline(*, user, membership: Membership) -> Membership:
    """The invited ``user`` declines ``membership``. Returns the ``Membership``. Errors as
    ``membership_accept``. Audited (membership.decline)."""
    membership = _own_pending_invitation(user=user, membership=membership)
    membership.declined_at = timezone.now()
    membership.save(update_fields=["declined_at"])
    audit_record(
        action="membership.decline", actor=user, organisation=membership.organisation, obj=membership,
        detail={"user": user.audit_label, "role": membership.role},
    )
    return membership


@transaction.atomic
def membership_ends_on_set(*, actor, membership: Membership, ends_on: dt.date | None) -> Membership:
    """Set or clear (``ends_on`` None) the last day ``membership`` is in force (a date, not in the past).
    ``actor`` administers the organisation and is not the role's holder (role_change_check).

    Returns the ``Membership``. Raises ``PermissionDenied`` (not an administrator there),
    ``DutyConflict`` (``self_grant``), ``ValidationError`` (``inactive``: the role has ended; keyed
    ``ends_on``). Audited (membership.ends_on) with before/after.
    """
    membership = Membership.objects.select_for_update().select_related("organisation", "user").get(pk=membership.pk)
    _check_org_admin(actor=actor, organisation=membership.organisation)
    role_change_check(actor=actor, membership=membership)
    if not (membership.is_active or membership.is_pending):
        raise ValidationError("该角色已终止。", code="inactive")
    _ends_on_check(ends_on)
    before = membership.ends_on
    membership.ends_on = ends_on
    membership.save(update_fields=["ends_on"])
    audit_record(
        action="membership.ends_on", actor=actor, organisation=membership.organisation, obj=membership,
        detail={"user": membership.user.audit_label, "role": membership.role,
                "before": before.isoformat() if before else "", "after": ends_on.isoformat() if ends_on else ""},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> Membership:
    """End ``membership`` now (or withdraw a pending invitation). ``actor`` administers the organisation
    and is not the holder (role_change_check). Returns the ``Membership``. Raises ``PermissionDenied``
    (not an administrator there), ``DutyConflict`` (``self_grant``), ``ValidationError`` (``inactive``:
    already ended). Audited (membership.revoke, with whether it was an invitation)."""
    membership = Membership.objects.select_for_update().select_related("organisation", "user").get(pk=membership.pk)
    _check_org_admin(actor=actor, organisation=membership.organisation)
    role_change_check(actor=actor, membership=membership)
    if not (membership.is_active or membership.is_pending):
        raise ValidationError("该角色已撤销。", code="inactive")
    was_pending = membership.is_pending
    membership.is_active = False
    membership.ended_at = timezone.now()
    membership.save(update_fields=["is_active", "ended_at"])
    audit_record(
        action="membership.revoke", actor=actor, organisation=membership.organisation, obj=membership,
        detail={"user": membership.user.audit_label, "role": membership.role, "invitation": was_pending},
    )
    return membership


@transaction.atomic
def memberships_expire(*, today: dt.date | None = None) -> int:
    """End every role whose ``ends_on`` is before ``today`` (default the local date; run every 6 hours by
    Celery beat, decision 0022; idempotent). Each is audited (membership.expire, no actor). Returns how
    many ended; raises nothing."""
    today = today or timezone.localdate()
    ended = 0
    for membership in (Membership.objects.select_for_update().filter(is_active=True, ends_on__lt=today)
                       .select_related("organisation", "user")):
        membership.is_active = False
        membership.ended_at = timezone.now()
        membership.save(update_fields=["is_active", "ended_at"])
        audit_record(
            action="membership.expire",
            organisation=membership.organisation,
            obj=membership,
            detail={
                "user": membership.user.audit_label,
                "role": membership.role,
                "ends_on": membership.ends_on.isoformat(),
            },
        )
        ended += 1
    return ended

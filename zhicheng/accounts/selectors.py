"""Reads for accounts, recovery and staff roles. Object-level permission lives here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhicheng.orgs.constants import OrgKind, Role
from zhicheng.orgs.models import Membership, Organisation, in_force_q
from zhicheng.orgs.selectors import organisations_managed_by

from .backends import find_user_by_identifier
from .models import AccountRecovery, AdminDuty, LinkedDocument, User, id_digest, users_holding_documents


def user_find_by_identifier(*, identifier: str) -> User | None:
    """The account for an ID number or a mobile number (exact match on the keyed hash)."""
    return find_user_by_identifier(identifier)


def document_digest(document) -> str:
    """``id_digest`` of a validated ``IdDocument``."""
    return id_digest(document.number, document.document_type, document.nationality)


def user_document_taken(*, document) -> bool:
    """Whether an account holds this (document type, number[, nationality]), as its own document
    or a linked one."""
    return users_holding_documents([document_digest(document)]).exists()


def user_find_by_document(*, document) -> User | None:
    """The account holding this document (its own or a linked one), or None."""
    return users_holding_documents([document_digest(document)]).first()


def linked_documents_of(*, user: User) -> QuerySet[LinkedDocument]:
    return LinkedDocument.objects.filter(user=user).select_related("organisation").order_by("created_at", "id")


def user_phone_taken(*, phone: str, exclude: User | None = None) -> bool:
    from .models import phone_digest

    qs = User.objects.filter(phone_digest=phone_digest(phone))
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


def user_is_protected_from_window_recovery(*, user: User) -> bool:
    """Staff and administrator accounts cannot be recovered at a service window."""
    return bool(user.admin_duty) or user.memberships.filter(is_active=True).exists()


def window_organisations_for(*, user: User) -> QuerySet[Organisation]:
    """HR bureaus at which this user serves at the window."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        in_force_q("memberships__"),
        kind=OrgKind.HR_BUREAU,
        memberships__user=user,
        memberships__role=Role.WINDOW_STAFF,
    ).distinct()


def memberships_visible_to(*, user: User) -> QuerySet[Membership]:
    """Memberships the user may see and manage: those of the organisations they administer."""
    return Membership.objects.filter(organisation__in=organisations_managed_by(user=user)).select_related(
        "user", "organisation"
    )


def invitations_pending_for(*, user: User) -> QuerySet[Membership]:
    """Role invitations waiting for ``user`` to accept or decline (their home page)."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=False, invited_at__isnull=False, accepted_at__isnull=True,
                                  declined_at__isnull=True, ended_at__isnull=True)
        .select_related("organisation", "invited_by")
        .order_by("invited_at", "id")
    )


def memberships_of_organisation(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-is_active", "role", "user__real_name", "id")
    )


def recoveries_of_user(*, user: User) -> QuerySet[AccountRecovery]:
    return AccountRecovery.objects.filter(user=user).select_related("organisation")


def admin_duty_holders() -> QuerySet[User]:
    return User.objects.exclude(admin_duty=AdminDuty.NONE).order_by("admin_duty", "real_name")


# -- failed logins (the security administrator's watch) --------------------------------------


@dataclass(frozen=True)
class LoginAttackRow:
    user: User
    failures: int  # wrong passwords and attempts refused while paused, in the period
    addresses: int  # distinct client addresses they came from
    last_at: datetime
    slowed_now: bool  # over the per-account ceiling: every address pauses after each failure


def login_attacks(*, hours: int = 24, min_failures: int = 3, limit: int = 200) -> list[LoginAttackRow]:
    """Accounts with at least ``min_failures`` failed logins in the last ``hours`` hours, most
    first, read from the audit log (``account.login_failed`` and ``account.locked_out``); for the
    security administrator's page. Addresses are counted, never listed with an identifier."""
    from zhicheng.audit.models import AuditEvent

    from .lockout import account_under_attack

    since = timezone.now() - timedelta(hours=hours)
    rows = (
        AuditEvent.objects.filter(
            action__in=["account.login_failed", "account.locked_out"], object_type="accounts.user",
            created_at__gte=since,
        )
        .exclude(object_id="")
        .values("object_id")
        .annotate(failures=Count("id"), addresses=Count("client_ip", distinct=True), last_at=Max("created_at"))
        .filter(failures__gte=min_failures)
        .order_by("-failures", "-last_at")[:limit]
    )
    rows = list(rows)
    users = User.objects.in_bulk([int(r["object_id"]) for r in rows if r["object_id"].isdigit()])
    return [
        LoginAttackRow(
            user=users[int(r["object_id"])], failures=r["failures"], addresses=r["addresses"], last_at=r["last_at"],
            slowed_now=account_under_attack(account_key=f"u{r['object_id']}"),
        )
        for r in rows
        if r["object_id"].isdigit() and int(r["object_id"]) in users
    ]


# -- second factor (TOTP) --------------------------------------------------------------------


def user_is_staff_or_administrator(*, user: User) -> bool:
    """Staff of any organisation or holders of an administrator duty (the 2FA population)."""
    return bool(user.admin_duty) or user.is_org_staff


def user_requires_two_factor(*, user: User) -> bool:
    """Whether this account must use a second factor (ZHICHENG_REQUIRE_2FA and staff/admin)."""
    if not user.is_authenticated or not settings.ZHICHENG_REQUIRE_2FA:
        return False
    return user_is_staff_or_administrator(user=user)


def totp_device_of(*, user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator (at most one is kept)."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def two_factor_has_device(*, user: User) -> bool:
    """Whether the user has a confirmed authenticator (from the kept identity when the user was
    built from it, zhicheng.accounts.identity; otherwise one query)."""
    if not user.is_authenticated:
        return False
    from .identity import identity_devices

    kept = identity_devices(user)
    if kept is not None:
        return bool(kept)
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_step_for(*, user: User) -> str | None:
    """What an authenticated but unverified session must do next: "verify", "enrol" or nothing.

    Anyone with a confirmed authenticator is asked for a code (even when 2FA is not required:
    that is what a person who enrolled expects); staff and administrators without one must
    enrol when ZHICHENG_REQUIRE_2FA is on.
    """
    if two_factor_has_device(user=user):
        return "verify"
    if user_requires_two_factor(user=user):
        return "enrol"
    return None


def totp_devices_of_staff() -> QuerySet[TOTPDevice]:
    """Confirmed authenticators of staff and administrators, for the security administrator."""
    return (
        TOTPDevice.objects.filter(confirmed=True)
        .filter(Q(user__memberships__is_active=True) | ~Q(user__admin_duty=AdminDuty.NONE))
        .select_related("user")
        .distinct()
        .order_by("user__real_name", "id")
    )

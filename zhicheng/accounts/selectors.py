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
    """The account for what was typed at login or recovery — an ID number, a mobile number or a
    ``doc:<type>:<number>`` identifier — by an exact match on the keyed hash
    (``backends.find_user_by_identifier``); None when there is none. Raises nothing."""
    return find_user_by_identifier(identifier)


def document_digest(document) -> str:
    """``models.id_digest`` (a keyed hash, hex) of a validated ``common.id_documents.IdDocument``: its
    number, type and nationality. Raises nothing."""
    return id_digest(document.number, document.document_type, document.nationality)


def user_document_taken(*, document) -> bool:
    """Whether an account holds ``document`` (a validated ``IdDocument``: type, number[, nationality]), as
    its own document or a linked one (SPEC §3: one account per document). Returns a bool; one query."""
    return users_holding_documents([document_digest(document)]).exists()


def user_find_by_document(*, document) -> User | None:
    """The ``User`` holding ``document`` (a validated ``IdDocument``; their own document or a linked one),
    or None. One query."""
    return users_holding_documents([document_digest(document)]).first()


def linked_documents_of(*, user: User) -> QuerySet[LinkedDocument]:
    """The further identity documents linked to ``user`` at a window (``LinkedDocument``, with their
    organisation), oldest first. A queryset; raises nothing."""
    return LinkedDocument.objects.filter(user=user).select_related("organisation").order_by("created_at", "id")


def user_phone_taken(*, phone: str, exclude: User | None = None) -> bool:
    """Whether another account than ``exclude`` (optional) has the mobile number ``phone`` (normalised, 11
    digits; compared by its keyed hash — a number belongs to one account). Returns a bool; one query."""
    from .models import phone_digest

    qs = User.objects.filter(phone_digest=phone_digest(phone))
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


def user_is_protected_from_window_recovery(*, user: User) -> bool:
    """Whether ``user`` is a staff or administrator account (an administrator duty or an active role),
    which a service window may not recover, change or link documents for: their own administrators do.
    Returns a bool."""
    return bool(user.admin_duty) or user.memberships.filter(is_active=True).exists()


def window_organisations_for(*, user: User) -> QuerySet[Organisation]:
    """The HR bureaus at which ``user`` serves at the window (``Role.WINDOW_STAFF`` in force), as a
    queryset of ``Organisation``; none for an anonymous user."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        in_force_q("memberships__"),
        kind=OrgKind.HR_BUREAU,
        memberships__user=user,
        memberships__role=Role.WINDOW_STAFF,
    ).distinct()


def memberships_visible_to(*, user: User) -> QuerySet[Membership]:
    """The memberships ``user`` may see and manage: those of the organisations they administer
    (``orgs.selectors.organisations_managed_by``), with user and organisation. A queryset; the pages
    answer 404 for any other."""
    return Membership.objects.filter(organisation__in=organisations_managed_by(user=user)).select_related(
        "user", "organisation"
    )


def invitations_pending_for(*, user: User) -> QuerySet[Membership]:
    """Role invitations waiting for ``user`` to accept or decline (their home page): memberships invited,
    not accepted, declined or ended, oldest first, with organisation and inviter. A queryset; none for
    an anonymous user."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=False, invited_at__isnull=False, accepted_at__isnull=True,
                                  declined_at__isnull=True, ended_at__isnull=True)
        .select_related("organisation", "invited_by")
        .order_by("invited_at", "id")
    )


def memberships_of_organisation(*, organisation: Organisation) -> QuerySet[Membership]:
    """Every membership of ``organisation`` (in force, pending and ended), with the user: roles in force
    first, then by role and name. A queryset for the staff page."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-is_active", "role", "user__real_name", "id")
    )


def recoveries_of_user(*, user: User) -> QuerySet[AccountRecovery]:
    """The account recoveries of ``user`` (``AccountRecovery``: self-service or at a window, with the
    organisation). A queryset."""
    return AccountRecovery.objects.filter(user=user).select_related("organisation")


def admin_duty_holders() -> QuerySet[User]:
    """Accounts holding an administrator duty (system, security, audit — 三权分立), by duty then name. A
    queryset for the security administrator's page."""
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
    """Accounts with at least ``min_failures`` failed logins in the last ``hours`` hours (default 24), most
    first, at most ``limit`` rows, read from the audit log (``account.login_failed`` and
    ``account.locked_out``); for the security administrator's page (decision 0013). Returns a list of
    ``LoginAttackRow`` (user, failures, distinct addresses, last attempt, whether the account is slowed
    now). Addresses are counted, never listed with an identifier. Raises nothing."""
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
    """Whether ``user`` is staff of any organisation (a role in force) or holds an administrator duty — the
    population that must use a second factor (等保 level 3). Returns a bool."""
    return bool(user.admin_duty) or user.is_org_staff


def user_requires_two_factor(*, user: User) -> bool:
    """Whether ``user`` must use a second factor: ZHICHENG_REQUIRE_2FA is on and they are staff or an
    administrator (``user_is_staff_or_administrator``). False for an anonymous user. Returns a bool."""
    if not user.is_authenticated or not settings.ZHICHENG_REQUIRE_2FA:
        return False
    return user_is_staff_or_administrator(user=user)


def totp_device_of(*, user: User) -> TOTPDevice | None:
    """The confirmed authenticator (``TOTPDevice``) of ``user`` (at most one is kept), or None (also for an
    anonymous user)."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def two_factor_has_device(*, user: User) -> bool:
    """Whether ``user`` has a confirmed authenticator (from the kept identity when the user was built from
    it, ``zhicheng.accounts.identity``; otherwise one query). False for an anonymous user. Returns a
    bool."""
    if not user.is_authenticated:
        return False
    from .identity import identity_devices

    kept = identity_devices(user)
    if kept is not None:
        return bool(kept)
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_step_for(*, user: User) -> str | None:
    """What an authenticated but unverified session of ``user`` must do next: "verify", "enrol" or None.

    Anyone with a confirmed authenticator is asked for a code (even when 2FA is not required: that is
    what a person who enrolled expects); staff and administrators without one must enrol when
    ZHICHENG_REQUIRE_2FA is on. Raises nothing.
    """
    if two_factor_has_device(user=user):
        return "verify"
    if user_requires_two_factor(user=user):
        return "enrol"
    return None


def totp_devices_of_staff() -> QuerySet[TOTPDevice]:
    """Confirmed authenticators (``TOTPDevice``) of staff and administrators, with the user, by name; a
    queryset for the security administrator's reset page."""
    return (
        TOTPDevice.objects.filter(confirmed=True)
        .filter(Q(user__memberships__is_active=True) | ~Q(user__admin_duty=AdminDuty.NONE))
        .select_related("user")
        .distinct()
        .order_by("user__real_name", "id")
    )

"""The second factor: a TOTP authenticator (RFC 6238) per person.

Staff and administrators must use one when ZHICHENG_REQUIRE_2FA is on (等保 level 3); anyone may
opt in. django-otp keeps the device (key, last used step, persistent throttling); the per-login
wrong-code limit lives in the cache."""

from __future__ import annotations

import math
from base64 import b32encode
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_record
from zhicheng.common.ratelimit import cache_counter_incr

from .. import selectors
from ..models import (
    AdminDuty,
    User,
)
from .shared import _clean_code

TOTP_DEVICE_NAME = "身份验证器"


def two_factor_max_failures() -> int:
    """Wrong second-factor codes allowed in one login before the session is ended (a count):
    ``settings.TWO_FACTOR_MAX_FAILURES`` (environment ``ZHICHENG_2FA_MAX_FAILURES``). Raises nothing."""
    return settings.TWO_FACTOR_MAX_FAILURES


def _two_factor_failure_key(user: User) -> str:
    return f"2fa:fail:{user.pk}"


def two_factor_failures_clear(*, user: User) -> None:
    """Forget ``user``'s count of wrong second-factor codes in this login (kept in the cache for 15
    minutes). Returns nothing; raises nothing."""
    cache.delete(_two_factor_failure_key(user))


def _two_factor_failure_count(user: User) -> int:
    return cache_counter_incr(_two_factor_failure_key(user), timeout=15 * 60)


def totp_secret_base32(device: TOTPDevice) -> str:
    """The authenticator's secret key in base32 without padding (RFC 4648), as authenticator apps read it.
    Raises nothing."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def totp_secret_groups(device: TOTPDevice) -> list[str]:
    """The secret (``totp_secret_base32``) in groups of four characters, as a list, for typing into an
    authenticator app by hand. Raises nothing."""
    secret = totp_secret_base32(device)
    return [secret[i : i + 4] for i in range(0, len(secret), 4)]


def totp_config_url(device: TOTPDevice) -> str:
    """The ``otpauth://totp/`` URL (Key Uri Format; SHA1, the device's digits and period in seconds) for
    the QR code of ``device``. The issuer is ``OTP_TOTP_ISSUER`` (else ``SITE_NAME``); the account label
    is the person's name, never the ID number (django-otp's own ``config_url`` would use USERNAME_FIELD,
    the ID digest). Raises nothing."""
    issuer = str(settings.OTP_TOTP_ISSUER or settings.SITE_NAME).replace(":", "")
    label = f"{issuer}:{device.user.real_name.replace(':', '')}"
    params = urlencode(
        {"secret": totp_secret_base32(device), "algorithm": "SHA1", "digits": device.digits, "period": device.step}
    )
    return f"otpauth://totp/{quote(label)}?{params}&issuer={quote(issuer)}"


def _throttled_message(device: TOTPDevice) -> str | None:
    """django-otp's growing delay after wrong codes (1, 2, 4, 8… seconds), as a Chinese message."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (info or {}).get("locked_until")
    if locked_until is None:
        return "验证码错误次数过多，请稍后再试。"
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    if seconds > 3600:
        return "验证码错误次数过多，已暂停验证。请联系安全管理员重置身份验证器。"
    return f"验证码错误次数较多，请{seconds}秒后再输入新的验证码。"


def _totp_devices_delete(*, user: User) -> int:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    two_factor_failures_clear(user=user)
    return deleted


@transaction.atomic
def two_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The pending (unconfirmed) authenticator of ``user``, created on first use (audited
    account.2fa_enrolment_started); returns the ``TOTPDevice`` whose secret and QR code the page shows.

    Raises ``ValidationError`` (code ``enrolled``) while a confirmed one exists: replacing it needs the
    security administrator's reset (``two_factor_reset``), so a stolen password alone cannot move the
    second factor to another phone.
    """
    User.objects.select_for_update().filter(pk=user.pk).first()  # one pending device per user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError("您已绑定身份验证器。如需更换，请联系安全管理员重置。", code="enrolled")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
        audit_record(action="account.2fa_enrolment_started", actor=user, obj=user)
    return device


def two_factor_enrol_confirm(*, user: User, code: str) -> TOTPDevice:
    """Confirm ``user``'s pending authenticator with a ``code`` from the app (RFC 6238, 6 digits; spaces
    ignored); other devices of the user are removed and the failure count cleared.

    Returns the confirmed ``TOTPDevice``. Raises ``ValidationError`` (code ``bad_code``) when the
    enrolment has lapsed, django-otp's delay after wrong codes applies, or the code is wrong (audited
    account.2fa_enrol_failed). Audited (account.2fa_enrolled).
    """
    failure: str | None = None
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-id").first()
        )
        if device is None or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            failure = "绑定流程已失效，请刷新页面重新扫描二维码。"
        else:
            failure = _throttled_message(device)
            if failure is None and not device.verify_token(_clean_code(code)):
                failure = "验证码不正确。请确认手机时间准确，并输入身份验证器当前显示的6位数字。"
                audit_record(
                    action="account.2fa_enrol_failed", actor=user, obj=user, result=AuditEvent.Result.FAILURE
                )
            elif failure is None:
                device.confirmed = True
                device.full_clean()
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                two_factor_failures_clear(user=user)
                audit_record(action="account.2fa_enrolled", actor=user, obj=user, detail={"device": device.name})
    if failure:
        raise ValidationError(failure, code="bad_code")
    return device


def two_factor_verify(*, user: User, code: str) -> TOTPDevice:
    """Check a login ``code`` (spaces ignored) against ``user``'s confirmed authenticator.

    Returns the ``TOTPDevice`` (the caller marks the session verified; audited account.2fa_verified).
    Raises ``ValidationError`` with code ``bad_code`` (message says how many tries are left; audited
    account.2fa_failed), ``throttled`` (django-otp's growing delay after wrong codes), ``no_device``, or
    ``too_many`` once ``TWO_FACTOR_MAX_FAILURES`` (ZHICHENG_2FA_MAX_FAILURES) wrong codes were entered
    in this login (audited account.2fa_locked): the caller then ends the session, so the password has to
    be entered again.
    """
    failure: ValidationError | None = None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("-id").first()
        if device is None:
            failure = ValidationError("您尚未绑定身份验证器。", code="no_device")
        elif (message := _throttled_message(device)) is not None:
            failure = ValidationError(message, code="throttled")
        elif device.verify_token(_clean_code(code)):
            two_factor_failures_clear(user=user)
            audit_record(action="account.2fa_verified", actor=user, obj=user)
        else:
            count = _two_factor_failure_count(user)
            limit = two_factor_max_failures()
            if count >= limit:
                two_factor_failures_clear(user=user)
                audit_record(
                    action="account.2fa_locked", actor=user, obj=user, result=AuditEvent.Result.DENIED,
                    detail={"failures": count},
                )
                failure = ValidationError(
                    f"验证码连续输错{count}次，已退出登录。请重新输入密码登录。", code="too_many"
                )
            else:
                audit_record(
                    action="account.2fa_failed", actor=user, obj=user, result=AuditEvent.Result.FAILURE,
                    detail={"failures": count},
                )
                failure = ValidationError(f"验证码不正确，还可尝试{limit - count}次。", code="bad_code")
    if failure is not None:
        raise failure
    return device


@transaction.atomic
def two_factor_disable(*, user: User) -> int:
    """A person who opted in turns their authenticator off. Returns how many devices were removed (≥ 1).
    Raises ``ValidationError``: code ``required`` where the second factor is required (staff and
    administrators when ZHICHENG_REQUIRE_2FA is on, 等保 level 3), ``none`` when there is none. Audited
    (account.2fa_disabled)."""
    if selectors.user_requires_two_factor(user=user):
        raise ValidationError("单位工作人员和管理员必须使用身份验证器，不能关闭。", code="required")
    removed = _totp_devices_delete(user=user)
    if not removed:
        raise ValidationError("您没有绑定身份验证器。", code="none")
    audit_record(action="account.2fa_disabled", actor=user, obj=user)
    return removed


@transaction.atomic
def two_factor_reset(*, actor: User, user: User, reason: str) -> int:
    """The security administrator (``actor``) removes ``user``'s authenticator (lost or replaced phone),
    with ``reason`` recorded; the person enrols again at the next login. Returns how many devices were
    removed.

    Raises ``PermissionDenied`` when ``actor`` is not the security administrator, ``ValidationError``:
    ``self`` (never their own; another security administrator does it), keyed ``reason`` (``required``),
    ``none`` (no authenticator to reset). Audited (account.2fa_reset).
    """
    if actor.admin_duty != AdminDuty.SECURITY:
        raise PermissionDenied("only the security administrator resets authenticators")
    if actor.pk == user.pk:
        raise ValidationError("不能重置自己的身份验证器，请由另一位安全管理员办理。", code="self")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError("请填写重置事由。", code="required")})
    user = User.objects.select_for_update().get(pk=user.pk)
    removed = _totp_devices_delete(user=user)
    if not removed:
        raise ValidationError(f"{user.real_name}没有绑定身份验证器，无需重置。", code="none")
    audit_record(action="account.2fa_reset", actor=actor, obj=user, detail={"reason": reason, "devices": removed})
    return removed

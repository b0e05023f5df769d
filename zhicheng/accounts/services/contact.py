"""Changing the phone number or e-mail address, by the person or (through ``window``) at a service
window.

By the person: password again, then a code sent to the NEW number or address, and a notice to the
old one. At a window: ID card seen, reason recorded. Either way the old number stops receiving
codes at once: codes go to ``user.phone``, and every code still pending is ended. A phone number
belongs to one account (the ``unique_phone`` constraint)."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_record
from zhicheng.common import crypto
from zhicheng.common.masking import mask_email, mask_phone
from zhicheng.common.validators import (
    validate_mobile,
)
from zhicheng.outbox.models import MessagePurpose
from zhicheng.outbox.services import email_enqueue, sms_enqueue

from .. import selectors
from ..models import (
    ContactChangeChallenge,
    ContactKind,
    RecoveryChallenge,
    User,
)
from .shared import (
    _clean_code,
    _rate_limit_hit,
    recovery_code_max_attempts,
    recovery_code_minutes,
    recovery_requests_per_address_per_hour,
)

PHONE_TAKEN_MESSAGE = (
    "该手机号码已被其他账号使用，请更换号码。如该号码确为您本人所有，请携带本人证件到人社部门服务窗口办理。"
)


def contact_codes_per_account_per_hour() -> int:
    """Codes sent to a new phone number or e-mail address per account per hour (a count):
    ``settings.CONTACT_CHANGE_CODES_PER_ACCOUNT_PER_HOUR`` (environment
    ``ZHICHENG_CONTACT_CHANGE_CODES_PER_ACCOUNT_PER_HOUR``). Raises nothing."""
    return settings.CONTACT_CHANGE_CODES_PER_ACCOUNT_PER_HOUR


def contact_change_new_value(*, user: User, kind: str, value: str) -> str:
    """The new phone number or e-mail address for ``user``, normalised and checked. ``kind`` is
    ``ContactKind.PHONE`` or ``ContactKind.EMAIL``; ``value`` is what was typed.

    Returns the normalised value (an 11-digit mobile number; an address with its domain in lower case).
    Raises ``ValidationError`` keyed ``new_value``: code ``mobile`` / ``email`` (malformed),
    ``unchanged`` (the one on the account), ``phone_taken`` (another account has it; whose is not said);
    keyed ``kind`` (code ``kind``) for any other kind. Phone numbers are normalised by
    ``common.validators.validate_mobile`` (the one place that knows what a mobile number is).
    """
    from django.core.validators import validate_email

    if kind == ContactKind.PHONE:
        try:
            new = validate_mobile(value)
        except ValidationError as exc:
            raise ValidationError({"new_value": exc}) from None
        if new == user.phone:
            raise ValidationError({"new_value": ValidationError("新号码与当前手机号码相同。", code="unchanged")})
        if selectors.user_phone_taken(phone=new, exclude=user):
            raise ValidationError({"new_value": ValidationError(PHONE_TAKEN_MESSAGE, code="phone_taken")})
        return new
    if kind == ContactKind.EMAIL:
        new = (value or "").strip()
        if "@" in new:
            local, domain = new.rsplit("@", 1)
            new = f"{local}@{domain.lower()}"
        try:
            validate_email(new)
        except ValidationError:
            raise ValidationError(
                {"new_value": ValidationError("请输入有效的电子邮箱地址。", code="email")}
            ) from None
        if new.lower() == (user.email or "").lower():
            raise ValidationError({"new_value": ValidationError("新邮箱与当前电子邮箱相同。", code="unchanged")})
        return new
    raise ValidationError({"kind": ValidationError("请选择要更换的联系方式。", code="kind")})


def _contact_code_hash(user_id: int, code: str) -> str:
    return crypto.lookup_hash(f"contact:{user_id}:{code}")


def _codes_end(*, user: User) -> None:
    """Every code still pending for this account stops working (recovery and contact change)."""
    now = timezone.now()
    RecoveryChallenge.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    ContactChangeChallenge.objects.filter(user=user, used_at__isnull=True).update(used_at=now)


def _send_to(*, kind: str, to: str, subject: str, text: str, user: User, purpose: str,
             valid_minutes: int | None = None) -> None:
    """Through the outbox (decision 0018): an SMS for a phone number, an e-mail otherwise."""
    if kind == ContactKind.PHONE:
        sms_enqueue(phone=to, text=text, purpose=purpose, user=user, valid_minutes=valid_minutes)
    else:
        email_enqueue(to=to, subject=subject, text=text, purpose=purpose, user=user, valid_minutes=valid_minutes)


@transaction.atomic
def contact_change_start(
    *, user: User, kind: str, new_value: str, password: str, client_address: str
) -> ContactChangeChallenge:
    """Check ``password`` (the account's current one) and the new phone number or e-mail address (``kind``,
    ``new_value``; see ``contact_change_new_value``), then send a 6-digit code to the NEW one, valid
    ``RECOVERY_CODE_MINUTES`` minutes, one use. Earlier pending codes of the same kind stop working.
    ``client_address`` is the client IP (for the per-address limit).

    Returns the new ``ContactChangeChallenge`` (its id goes in the session). Raises ``ValidationError``
    keyed ``password`` (``wrong_password``; audited account.contact_change_denied), ``new_value`` (see
    ``contact_change_new_value``) or unkeyed with code ``rate_limited`` (more than
    ``CONTACT_CHANGE_CODES_PER_ACCOUNT_PER_HOUR`` codes for the account, or
    ``RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR`` code requests from the address, in an hour). Audited
    (account.contact_change_code_sent, the new value masked).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(password or ""):
        audit_record(action="account.contact_change_denied", actor=user, obj=user,
                     result=AuditEvent.Result.FAILURE, detail={"kind": kind, "why": "wrong password"})
        raise ValidationError({"password": ValidationError("当前密码不正确。", code="wrong_password")})
    new = contact_change_new_value(user=user, kind=kind, value=new_value)
    if _rate_limit_hit("contact:user", str(user.pk), limit=contact_codes_per_account_per_hour()) or _rate_limit_hit(
        "contact:ip", client_address or "-", limit=recovery_requests_per_address_per_hour()
    ):
        raise ValidationError(
            "获取验证码过于频繁，请一小时后再试；如急需更换手机号码，可携带本人证件到人社部门服务窗口办理。",
            code="rate_limited",
        )
    ContactChangeChallenge.objects.filter(user=user, kind=kind, used_at__isnull=True).update(used_at=timezone.now())
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = recovery_code_minutes()
    now = timezone.now()
    challenge = ContactChangeChallenge(
        user=user, kind=kind, new_value=new, code_hash=_contact_code_hash(user.pk, code),
        created_at=now, expires_at=now + timedelta(minutes=minutes),
    )
    challenge.full_clean()
    challenge.save()
    what = "手机号码" if kind == ContactKind.PHONE else "电子邮箱"
    _send_to(
        kind=kind, to=new, subject=f"更换{what}验证码",
        text=f"【{settings.SITE_NAME}】您正在将账号的{what}更换为本{'号码' if kind == ContactKind.PHONE else '邮箱'}，"
             f"验证码：{code}，{minutes}分钟内有效，仅可使用一次。如非本人操作，请忽略本消息，切勿告诉他人。",
        user=user, purpose=MessagePurpose.CONTACT_CODE, valid_minutes=minutes,
    )
    audit_record(action="account.contact_change_code_sent", actor=user, obj=user,
                 detail={"kind": kind, "to": challenge.masked_new_value})
    return challenge


def _contact_apply(*, user: User, kind: str, new: str) -> str:
    """Put the new phone or e-mail on the (locked) account; returns the old value."""
    if kind == ContactKind.PHONE:
        old = user.phone
        user.set_phone(new)
        try:
            with transaction.atomic():
                user.save(update_fields=["phone", "phone_digest"])
        except IntegrityError:  # taken by another account a moment ago
            raise ValidationError({"new_value": ValidationError(PHONE_TAKEN_MESSAGE, code="phone_taken")}) from None
    else:
        old = user.email
        user.email = new
        user.save(update_fields=["email"])
    _codes_end(user=user)
    return old


def _contact_notices(*, user: User, kind: str, old: str, new: str, how: str) -> None:
    what = "手机号码" if kind == ContactKind.PHONE else "电子邮箱"
    masked_new = mask_phone(new) if kind == ContactKind.PHONE else mask_email(new)
    if old:
        _send_to(
            kind=kind,
            to=old,
            subject=f"账号{what}已更换",
            text=(
                f"【{settings.SITE_NAME}】您的账号{what}已于{timezone.localtime():%Y-%m-%d %H:%M}{how}"
                f"更换为{masked_new}，"
                f"本{'号码' if kind == ContactKind.PHONE else '邮箱'}今后不再接收该账号的验证码。"
                "如非本人操作，请立即携带本人证件到人社部门服务窗口办理。"
            ),
            user=user,
            purpose=MessagePurpose.CONTACT_CHANGED,
        )
    _send_to(
        kind=kind,
        to=new,
        subject=f"账号{what}已更换",
        text=(
            f"【{settings.SITE_NAME}】您的账号{what}已更换为本{'号码' if kind == ContactKind.PHONE else '邮箱'}，"
            "今后验证码将发送到这里。"
        ),
        user=user,
        purpose=MessagePurpose.CONTACT_CHANGED,
    )


def contact_change_confirm(*, user: User, challenge_id: int | None, code: str) -> User:
    """Finish a change started with ``contact_change_start``: ``challenge_id`` (from the session, may be
    None) and the ``code`` typed. A right code puts the new phone or e-mail on the account, ends every
    pending code (the old number gets no more) and sends a notice to the old and the new one. Each try
    counts; ``RECOVERY_CODE_MAX_ATTEMPTS`` wrong tries end the code.

    Returns the ``User``. Raises ``ValidationError`` keyed ``code`` (``bad_code``; a wrong try is
    audited account.contact_change_failed) or ``new_value`` (``phone_taken``, taken a moment ago).
    Audited (account.phone_change or account.email_change, method self, before and after masked).
    """
    failure: str | None = None
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        challenge = (
            ContactChangeChallenge.objects.select_for_update().filter(pk=challenge_id, user=user).first()
            if challenge_id else None
        )
        if challenge is None:
            failure = "验证码不正确或已失效，请重新获取。"
        elif challenge.used_at or challenge.is_expired or challenge.attempts >= recovery_code_max_attempts():
            failure = "验证码已失效（超时、已使用或尝试次数过多），请重新获取。"
        elif not hmac.compare_digest(challenge.code_hash, _contact_code_hash(user.pk, _clean_code(code))):
            challenge.attempts += 1
            challenge.save(update_fields=["attempts"])
            left = recovery_code_max_attempts() - challenge.attempts
            failure = f"验证码不正确，还可尝试{left}次。" if left > 0 else "验证码不正确，该验证码已失效，请重新获取。"
            audit_record(action="account.contact_change_failed", actor=user, obj=user,
                         result=AuditEvent.Result.FAILURE, detail={"kind": challenge.kind})
        else:
            kind, new = challenge.kind, challenge.new_value
            old = _contact_apply(user=user, kind=kind, new=new)
            _contact_notices(user=user, kind=kind, old=old, new=new, how="由本人")
            audit_record(
                action=f"account.{kind}_change", actor=user, obj=user,
                detail={"method": "self", "before": _masked(kind, old), "after": _masked(kind, new)},
            )
    if failure:
        raise ValidationError({"code": ValidationError(failure, code="bad_code")})
    return user


def _masked(kind: str, value: str) -> str:
    return (mask_phone(value) if kind == ContactKind.PHONE else mask_email(value)) if value else ""

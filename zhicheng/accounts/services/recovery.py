"""Self-service account recovery: a 6-digit one-time code to the phone or e-mail on record, then a
new password. Nothing the pages say may tell a known account from an unknown one (issue 18)."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_record
from zhicheng.common import crypto
from zhicheng.common.masking import mask_email, mask_phone
from zhicheng.common.validators import (
    looks_like_mobile,
    normalize_id_number,
    normalize_identifier,
    normalize_phone,
)
from zhicheng.outbox.models import MessagePurpose
from zhicheng.outbox.services import email_enqueue, sms_enqueue

from ..models import (
    AccountRecovery,
    RecoveryChallenge,
    RecoveryChannel,
    RecoveryMethod,
    User,
)
from .shared import (
    _axes_reset,
    _rate_limit_hit,
    _user_password_apply,
    recovery_code_max_attempts,
    recovery_code_minutes,
    recovery_codes_per_account_per_hour,
    recovery_requests_per_address_per_hour,
)

RATE_LIMITED_MESSAGE = "操作过于频繁，请一小时后再试；如急需办理，可携带本人证件到人社部门服务窗口找回账号。"
RECOVERY_SENT_MESSAGE = "若该账号存在，验证码已发送至其预留的手机或邮箱，{minutes}分钟内有效。"
RECOVERY_BAD_CODE_MESSAGE = "验证码不正确，还可尝试{left}次。"
RECOVERY_CODE_SPENT_MESSAGE = "验证码不正确，该验证码已失效，请重新获取。"
RECOVERY_CODE_INVALID_MESSAGE = "验证码已失效（超时、已使用或尝试次数过多），请重新获取。"


def recovery_channels() -> list[tuple[str, str]]:
    """The channels offered, as (``RecoveryChannel`` value, Chinese label) pairs, the same for every
    identifier typed: nothing on the page may tell a known account from an unknown one (issue 18), so no
    masked number or address is shown. Raises nothing."""
    return [
        (RecoveryChannel.SMS, "手机短信（发送到账号预留的手机号码）"),
        (RecoveryChannel.EMAIL, "电子邮件（发送到账号预留的电子邮箱）"),
    ]


def _code_hash(challenge_user_id: int, code: str) -> str:
    return crypto.lookup_hash(f"recovery:{challenge_user_id}:{code}")


@dataclass
class RecoverySendResult:
    challenge: RecoveryChallenge | None  # None when no code went out (the caller says the same thing)


def recovery_identifier_key(identifier: str) -> str:
    """A stable, non-reversible key (32 hex characters of ``crypto.lookup_hash``) for what was typed — a
    mobile number or a document number, normalised first — for the per-identifier rate limit and the
    session. Raises nothing."""
    norm = normalize_phone(identifier) if looks_like_mobile(identifier) else normalize_id_number(identifier)
    return crypto.lookup_hash("recover:" + norm)[:32]


def _recovery_not_sent(*, user: User | None, identifier_masked: str, channel: str, note: str) -> RecoverySendResult:
    audit_record(
        action="account.recovery_code_requested",
        result=AuditEvent.Result.FAILURE,
        **({"obj": user} if user is not None else {"object_type": "accounts.user"}),
        detail={"identifier": identifier_masked, "channel": channel, "note": note},
    )
    return RecoverySendResult(challenge=None)


def recovery_code_send(
    *, user: User | None, identifier_key: str, identifier_masked: str, channel: str, client_address: str
) -> RecoverySendResult:
    """Send a 6-digit one-time code to the phone or e-mail on record, if there is an account and that
    channel is on record; the caller answers the same way whatever happened (``RECOVERY_SENT_MESSAGE``),
    so the answer reveals nothing about the account.

    Arguments: ``user`` (the account found for the identifier, or None), ``identifier_key``
    (``recovery_identifier_key``), ``identifier_masked`` (``mask_identifier``, for the audit log),
    ``channel`` (``RecoveryChannel``), ``client_address`` (the client IP). Returns a
    ``RecoverySendResult`` whose ``challenge`` is the new ``RecoveryChallenge`` (valid
    ``RECOVERY_CODE_MINUTES`` minutes) or None when no code went out (audited
    account.recovery_code_requested, failure, with the reason).

    Limits (``zhicheng.common.ratelimit``, counted before anything else and never rolled back):
    ``RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR`` per client address and
    ``RECOVERY_CODES_PER_ACCOUNT_PER_HOUR`` per typed identifier — these raise ``ValidationError`` (code
    ``rate_limited``), the same for known and unknown identifiers — and, silently, the same number per
    account (an account's phone and ID number are two identifiers, so that limit must not answer
    differently, or it would link them). A code sent is audited (account.recovery_code_sent, the address
    masked); earlier unused codes stop working.
    """
    hourly = recovery_codes_per_account_per_hour()
    if _rate_limit_hit("recovery:ip", client_address or "-", limit=recovery_requests_per_address_per_hour()):
        raise ValidationError(RATE_LIMITED_MESSAGE, code="rate_limited")
    if _rate_limit_hit("recovery:identifier", identifier_key, limit=hourly):
        raise ValidationError(RATE_LIMITED_MESSAGE, code="rate_limited")
    if user is None:
        return _recovery_not_sent(user=None, identifier_masked=identifier_masked, channel=channel,
                                  note="no matching account")
    if _rate_limit_hit("recovery:user", str(user.pk), limit=hourly):
        return _recovery_not_sent(user=user, identifier_masked=identifier_masked, channel=channel,
                                  note="account limit reached")
    if (channel == RecoveryChannel.SMS and not user.phone) or (channel == RecoveryChannel.EMAIL and not user.email):
        return _recovery_not_sent(user=user, identifier_masked=identifier_masked, channel=channel,
                                  note="channel not on record")
    return _recovery_code_issue(user=user, channel=channel)


@transaction.atomic
def _recovery_code_issue(*, user: User, channel: str) -> RecoverySendResult:
    # Earlier unused codes stop working: only the latest code counts.
    RecoveryChallenge.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = recovery_code_minutes()
    now = timezone.now()
    challenge = RecoveryChallenge(
        user=user,
        channel=channel,
        code_hash=_code_hash(user.pk, code),
        created_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    challenge.full_clean()
    challenge.save()
    text = (
        f"【{settings.SITE_NAME}】您正在找回账号，验证码：{code}，{minutes}分钟内有效，仅可使用一次。如非本人操作，"
        "请忽略本消息，切勿告诉他人。"
    )
    if channel == RecoveryChannel.SMS:
        sms_enqueue(phone=user.phone, text=text, purpose=MessagePurpose.RECOVERY_CODE, user=user,
                    valid_minutes=minutes)
        to = mask_phone(user.phone)
    else:
        email_enqueue(to=user.email, subject="找回账号验证码", text=text, purpose=MessagePurpose.RECOVERY_CODE,
                      user=user, valid_minutes=minutes)
        to = mask_email(user.email)
    audit_record(action="account.recovery_code_sent", obj=user, detail={"channel": channel, "to": to})
    return RecoverySendResult(challenge=challenge)


def recovery_decoy_verify(*, attempts: int) -> int:
    """Check a code when no code was sent (unknown account, channel not on record, account limit): always
    wrong, with the same messages and the same number of tries as a real code, so the code step reveals
    nothing either. ``attempts`` is the tries so far (kept in the session).

    Never returns: raises ``ValidationError`` (code ``bad_code``; the message says the tries left, or
    that the code is spent once ``RECOVERY_CODE_MAX_ATTEMPTS`` is passed) — the caller stores ``attempts
    + 1``.
    """
    attempts += 1
    if attempts > recovery_code_max_attempts():
        raise ValidationError(RECOVERY_CODE_INVALID_MESSAGE, code="bad_code")
    left = recovery_code_max_attempts() - attempts
    raise ValidationError(
        RECOVERY_BAD_CODE_MESSAGE.format(left=left) if left > 0 else RECOVERY_CODE_SPENT_MESSAGE, code="bad_code"
    )


def recovery_code_verify(*, challenge_id: int | None, code: str) -> RecoveryChallenge:
    """Check ``code`` (as typed; normalised) against the challenge ``challenge_id`` (from the session, may
    be None). Each try counts, so ``RECOVERY_CODE_MAX_ATTEMPTS`` wrong tries end the code; the
    comparison is in constant time.

    Returns the ``RecoveryChallenge``, now marked verified. Raises ``ValidationError`` (code
    ``bad_code``) for a wrong code (message with the tries left) or a missing, used, expired or spent
    challenge.
    """
    code = normalize_identifier(code)
    failure: str | None = None
    with transaction.atomic():
        challenge = (
            RecoveryChallenge.objects.select_for_update().select_related("user").filter(pk=challenge_id).first()
            if challenge_id
            else None
        )
        if challenge is None:
            failure = RECOVERY_CODE_INVALID_MESSAGE
        elif challenge.used_at or challenge.is_expired or challenge.attempts >= recovery_code_max_attempts():
            failure = RECOVERY_CODE_INVALID_MESSAGE
        else:
            challenge.attempts += 1
            if hmac.compare_digest(challenge.code_hash, _code_hash(challenge.user_id, code)):
                challenge.verified_at = timezone.now()
            else:
                left = recovery_code_max_attempts() - challenge.attempts
                failure = RECOVERY_BAD_CODE_MESSAGE.format(left=left) if left > 0 else RECOVERY_CODE_SPENT_MESSAGE
            challenge.save(update_fields=["attempts", "verified_at"])
    if failure:
        raise ValidationError(failure, code="bad_code")
    return challenge


@transaction.atomic
def recovery_password_set(*, challenge_id: int, new_password: str) -> User:
    """Finish self-service recovery: set ``new_password`` on the account of the verified, unused, unexpired
    challenge ``challenge_id``, mark the challenge used, record an ``AccountRecovery`` (method self) and
    lift the login lockout.

    Returns the ``User``. Raises ``ValidationError``: code ``expired`` (no such verified, live challenge
    — start again) or the password validators' errors. Audited (account.recovery_completed).
    """
    challenge = RecoveryChallenge.objects.select_for_update().select_related("user").filter(pk=challenge_id).first()
    if challenge is None or not challenge.verified_at or challenge.used_at or challenge.is_expired:
        raise ValidationError("找回流程已失效，请重新开始。", code="expired")
    user = challenge.user
    validate_password(new_password, user)
    _user_password_apply(user=user, password=new_password, must_change=False)
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    challenge.used_at = timezone.now()
    challenge.save(update_fields=["used_at"])
    recovery = AccountRecovery(user=user, method=RecoveryMethod.SELF, channel=challenge.channel)
    recovery.full_clean()
    recovery.save()
    _axes_reset(user)
    audit_record(action="account.recovery_completed", obj=user, detail={"method": "self", "channel": challenge.channel})
    return user

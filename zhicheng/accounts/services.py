"""Writes for accounts: registration, login records, recovery, staff roles and administrator duties.

Every change is audited with ``audit_record``; no full ID or phone number goes into the log.
"""

from __future__ import annotations

import datetime as dt
import hmac
import math
import secrets
from base64 import b32encode
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_record
from zhicheng.common import crypto
from zhicheng.common.id_documents import (
    DEFAULT_DOCUMENT_TYPE,
    carries_birth_date,
    document_type_label,
    guess_document_types,
    name_may_be_latin,
    validate_id_document,
)
from zhicheng.common.masking import mask_email, mask_id_number, mask_phone
from zhicheng.common.ratelimit import cache_counter_incr, rate_limit_hit
from zhicheng.common.validators import (
    looks_like_mobile,
    normalize_id_number,
    normalize_identifier,
    normalize_phone,
    validate_mobile,
    validate_person_name,
)
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership, Organisation
from zhicheng.orgs.permissions import admin_duty_check, role_change_check, role_grant_check
from zhicheng.outbox.models import MessagePurpose
from zhicheng.outbox.services import email_enqueue, sms_enqueue

from . import selectors
from .models import (
    AccountRecovery,
    AdminDuty,
    ContactChangeChallenge,
    ContactKind,
    LinkedDocument,
    RecoveryChallenge,
    RecoveryChannel,
    RecoveryMethod,
    User,
)

# -- limits (defined once in config/settings/base.py, from the environment) -------------------


def recovery_code_minutes() -> int:
    return settings.RECOVERY_CODE_MINUTES


def recovery_code_max_attempts() -> int:
    return settings.RECOVERY_CODE_MAX_ATTEMPTS


def recovery_codes_per_account_per_hour() -> int:
    return settings.RECOVERY_CODES_PER_ACCOUNT_PER_HOUR


def recovery_requests_per_address_per_hour() -> int:
    return settings.RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR


def registrations_per_address_per_hour() -> int:
    return settings.REGISTRATIONS_PER_ADDRESS_PER_HOUR


REGISTRATION_LIMITED_MESSAGE = (
    "从您所在的网络注册账号的次数过多，请一小时后再试；如需帮助，可携带本人证件到人社部门服务窗口办理。"
)
CARD_CHECK_REQUIRED = "请先当面核验申请人的证件原件并勾选确认。"
RATE_LIMITED_MESSAGE = "操作过于频繁，请一小时后再试；如急需办理，可携带本人证件到人社部门服务窗口找回账号。"


# -- helpers ---------------------------------------------------------------------------------


def mask_identifier(identifier: str) -> str:
    """A login identifier as it may appear in the audit log: masked phone or document number
    (any type; a ``doc:`` identifier shows its type), else nothing."""
    from .backends import split_document_identifier

    document = split_document_identifier(identifier or "")
    if document is not None:
        document_type, _, number = document
        return f"{document_type_label(document_type)} {mask_id_number(normalize_id_number(number))}"
    if looks_like_mobile(identifier):
        return mask_phone(normalize_phone(identifier))
    number = normalize_id_number(identifier)
    if len(number) == 18 or guess_document_types(number):
        return mask_id_number(number)
    return ""


def _rate_limit_hit(scope: str, subject: str, *, limit: int, window_seconds: int = 3600) -> bool:
    """Count one event of ``subject`` under ``scope``; True when the limit for the window is exceeded."""
    return rate_limit_hit(scope=scope, subject=subject, limit=limit, window=window_seconds).over


def _axes_reset(user: User) -> None:
    """Lift a login lockout once the person has proved who they are."""
    from axes.utils import reset

    reset(username=f"u{user.pk}")


def _user_password_apply(*, user: User, password: str, must_change: bool) -> None:
    user.set_password(password)
    user.must_change_password = must_change
    user.password_changed_at = timezone.now()


# -- registration ----------------------------------------------------------------------------


@transaction.atomic
def registration_rate_limit_hit(*, client_address: str) -> bool:
    """Count one registration attempt (any POST of the form) from this client address; True when
    it is over ``REGISTRATIONS_PER_ADDRESS_PER_HOUR``. Every attempt counts, valid or not, so that
    the "already registered" answer cannot be used to test many ID numbers."""
    return _rate_limit_hit("register:ip", client_address or "-", limit=registrations_per_address_per_hour())


def user_register(
    *, id_number: str, real_name: str, phone: str, password: str, email: str = "",
    id_document_type: str = DEFAULT_DOCUMENT_TYPE, nationality: str = "", birth_date=None, gender: str = "",
) -> User:
    """Create the one account of the person with this identity document (type, number).

    Birth date and sex come from the number when it carries them (居民身份证, 外国人永久居留身份证),
    otherwise ``birth_date`` and ``gender`` are required. Raises ``ValidationError`` keyed by field
    (``id_number`` with code ``id_registered`` when the document already has an account; ``phone``
    with code ``phone_taken``; ``real_name``, ``nationality``, ``birth_date``, ``gender``).
    """
    try:
        document = validate_id_document(id_document_type, id_number, nationality=nationality)
    except ValidationError as exc:
        raise ValidationError({"nationality" if exc.code == "nationality" else "id_number": exc.error_list}) from None
    mobile = validate_mobile(phone)
    if selectors.user_document_taken(document=document):
        raise ValidationError({"id_number": ValidationError("该证件号码已注册。", code="id_registered")})
    if selectors.user_phone_taken(phone=mobile):
        raise ValidationError({"phone": ValidationError("该手机号码已被其他账号使用，请更换号码。", code="phone_taken")})
    try:
        name = validate_person_name(real_name, latin_allowed=name_may_be_latin(document.document_type))
    except ValidationError as exc:
        raise ValidationError({"real_name": exc.error_list}) from None
    if not carries_birth_date(document.document_type):
        if not birth_date:
            raise ValidationError({"birth_date": ValidationError("请填写出生日期。", code="required")})
        if gender not in ("M", "F"):
            raise ValidationError({"gender": ValidationError("请选择性别。", code="required")})
    user = User(real_name=name, email=(email or "").strip())
    user.set_id_document(document, birth_date=birth_date, gender=gender)
    user.set_phone(mobile)
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # registered at the same moment by another request
        raise ValidationError({"id_number": ValidationError("该身份证号码已注册。", code="id_registered")}) from None
    audit_record(action="account.register", actor=None, obj=user, detail={"real_name": user.real_name})
    return user


# -- login -----------------------------------------------------------------------------------


def login_record_success(*, user: User, client_address: str = "") -> None:
    """A successful login: audited; this address's failed-login count for the account is forgotten."""
    from .lockout import password_success_record

    password_success_record(user=user, address=client_address)
    audit_record(action="account.login", actor=user, obj=user)


def login_record_failure(*, identifier: str, locked_out: bool) -> None:
    user = selectors.user_find_by_identifier(identifier=identifier)
    kwargs = {"obj": user} if user is not None else {"object_type": "accounts.user"}
    audit_record(
        action="account.locked_out" if locked_out else "account.login_failed",
        result=AuditEvent.Result.DENIED if locked_out else AuditEvent.Result.FAILURE,
        detail={"identifier": mask_identifier(identifier)},
        **kwargs,
    )


def logout_record(*, user: User) -> None:
    audit_record(action="account.logout", actor=user, obj=user)


@transaction.atomic
def user_password_change(*, user: User, new_password: str) -> User:
    """Set a new password (validated); other sessions end because the session auth hash changes."""
    validate_password(new_password, user)
    was_forced = user.must_change_password
    _user_password_apply(user=user, password=new_password, must_change=False)
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit_record(action="account.password_change", actor=user, obj=user, detail={"forced": was_forced})
    return user


# -- self-service recovery -------------------------------------------------------------------


RECOVERY_SENT_MESSAGE = "若该账号存在，验证码已发送至其预留的手机或邮箱，{minutes}分钟内有效。"
RECOVERY_BAD_CODE_MESSAGE = "验证码不正确，还可尝试{left}次。"
RECOVERY_CODE_SPENT_MESSAGE = "验证码不正确，该验证码已失效，请重新获取。"
RECOVERY_CODE_INVALID_MESSAGE = "验证码已失效（超时、已使用或尝试次数过多），请重新获取。"


def recovery_channels() -> list[tuple[str, str]]:
    """The channels offered, the same for every identifier typed: nothing on the page may tell a
    known account from an unknown one (issue 18), so no masked number or address is shown."""
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
    """A stable, non-reversible key for what was typed (the per-identifier rate limit)."""
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
    """Send a 6-digit one-time code to the phone or e-mail on record, if there is an account and
    that channel is on record; the caller answers the same way whatever happened
    (``RECOVERY_SENT_MESSAGE``), so the answer reveals nothing about the account.

    Limits (``zhicheng.common.ratelimit``, counted before anything else and never rolled back):
    ``RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR`` per client address and
    ``RECOVERY_CODES_PER_ACCOUNT_PER_HOUR`` per typed identifier — these raise
    ``ValidationError`` (code ``rate_limited``), the same for known and unknown identifiers —
    and, silently, the same number per account (an account's phone and ID number are two
    identifiers, so that limit must not answer differently, or it would link them).
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
    text = f"【{settings.SITE_NAME}】您正在找回账号，验证码：{code}，{minutes}分钟内有效，仅可使用一次。如非本人操作，请忽略本消息，切勿告诉他人。"
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
    """Check a code when no code was sent (unknown account, channel not on record, account limit):
    always wrong, with the same messages and the same number of tries as a real code, so the code
    step reveals nothing either. ``attempts`` is the tries so far (kept in the session); raises
    ``ValidationError`` (code ``bad_code``) and returns nothing otherwise — the caller stores
    ``attempts + 1``."""
    attempts += 1
    if attempts > recovery_code_max_attempts():
        raise ValidationError(RECOVERY_CODE_INVALID_MESSAGE, code="bad_code")
    left = recovery_code_max_attempts() - attempts
    raise ValidationError(
        RECOVERY_BAD_CODE_MESSAGE.format(left=left) if left > 0 else RECOVERY_CODE_SPENT_MESSAGE, code="bad_code"
    )


def recovery_code_verify(*, challenge_id: int | None, code: str) -> RecoveryChallenge:
    """Check a code; each try counts, so a few wrong tries end the code. Raises ValidationError."""
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
    """Finish self-service recovery with a verified, unused, unexpired code."""
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


# -- service-window recovery -----------------------------------------------------------------


def _check_window_staff(*, staff: User, organisation: Organisation) -> None:
    if not selectors.window_organisations_for(user=staff).filter(pk=organisation.pk).exists():
        raise PermissionDenied("not window staff at this organisation")


def window_person_lookup(*, staff: User, organisation: Organisation, document) -> User | None:
    """Find a person at the window by the identity document they show (``IdDocument``, any type;
    their own document or a linked one). The look-up itself is audited, the number masked."""
    _check_window_staff(staff=staff, organisation=organisation)
    user = selectors.user_find_by_document(document=document)
    audit_record(
        action="account.window_lookup",
        actor=staff,
        organisation=organisation,
        object_type="accounts.user",
        object_id=str(user.pk) if user else "",
        object_label=user.audit_label if user else "",
        result=AuditEvent.Result.SUCCESS if user else AuditEvent.Result.FAILURE,
        detail={"document_type": str(document.document_type), "id_number": mask_id_number(document.number)},
    )
    return user


_TEMP_ALPHABETS = ("ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "#%+=@")


def temporary_password_generate(*, user: User, length: int = 12) -> str:
    """A random password with all four character classes that passes the configured rules."""
    rng = secrets.SystemRandom()
    everything = "".join(_TEMP_ALPHABETS)
    while True:
        chars = [secrets.choice(a) for a in _TEMP_ALPHABETS]
        chars += [secrets.choice(everything) for _ in range(length - len(chars))]
        rng.shuffle(chars)
        password = "".join(chars)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


@transaction.atomic
def window_recovery_issue(
    *, staff: User, organisation: Organisation, user: User, reason: str, id_card_checked: bool
) -> str:
    """Issue a one-time temporary password after an in-person ID-card check; returns it once."""
    _check_window_staff(staff=staff, organisation=organisation)
    user = User.objects.select_for_update().get(pk=user.pk)
    if selectors.user_is_protected_from_window_recovery(user=user):
        raise ValidationError(
            "该账号为单位工作人员或管理员账号，不能在服务窗口找回。请由其所在单位管理员或安全管理员处理。",
            code="protected",
        )
    if not id_card_checked:
        raise ValidationError({"id_card_checked": ValidationError(CARD_CHECK_REQUIRED, code="required")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError("请填写找回事由。", code="required")})
    password = temporary_password_generate(user=user)
    _user_password_apply(user=user, password=password, must_change=True)
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    recovery = AccountRecovery(
        user=user, method=RecoveryMethod.WINDOW, staff=staff, organisation=organisation,
        reason=reason, id_card_checked=True,
    )
    recovery.full_clean()
    recovery.save()
    _axes_reset(user)
    # An applicant who opted in to an authenticator and lost the phone gets in again too: the
    # in-person ID-card check is stronger than the second factor it replaces.
    two_factor_removed = _totp_devices_delete(user=user)
    audit_record(
        action="account.window_recovery",
        actor=staff,
        organisation=organisation,
        obj=user,
        detail={
            "reason": reason, "id_card_checked": True, "staff": staff.audit_label,
            "organisation": organisation.name, "two_factor_removed": two_factor_removed,
        },
    )
    return password


# -- changing the phone number or e-mail address --------------------------------------------
# By the person (password again, then a code sent to the NEW number or address, and a notice to
# the old one) or at a service window (ID card seen, reason recorded). Either way the old number
# stops receiving codes at once: codes go to ``user.phone``, and every code still pending is
# ended. A phone number belongs to one account (the ``unique_phone`` constraint).

PHONE_TAKEN_MESSAGE = "该手机号码已被其他账号使用，请更换号码。如该号码确为您本人所有，请携带本人证件到人社部门服务窗口办理。"


def contact_codes_per_account_per_hour() -> int:
    return settings.CONTACT_CHANGE_CODES_PER_ACCOUNT_PER_HOUR


def contact_change_new_value(*, user: User, kind: str, value: str) -> str:
    """The new phone number or e-mail address, normalised and checked.

    Raises ``ValidationError`` keyed ``new_value``: code ``mobile`` / ``email`` (malformed),
    ``unchanged`` (the one on the account), ``phone_taken`` (another account has it; whose is
    not said). Phone numbers are normalised by ``common.validators.validate_mobile`` (the one
    place that knows what a mobile number is).
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
    """Check the password and the new phone number or e-mail address, then send a 6-digit code
    to the NEW one (10 minutes, one use). Earlier pending codes of the same kind stop working.

    Raises ``ValidationError`` keyed ``password`` (``wrong_password``), ``new_value`` (see
    ``contact_change_new_value``) or unkeyed with code ``rate_limited`` (more than
    ``CONTACT_CHANGE_CODES_PER_ACCOUNT_PER_HOUR`` codes for the account, or
    ``RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR`` code requests from the address, in an hour).
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
            kind=kind, to=old, subject=f"账号{what}已更换",
            text=f"【{settings.SITE_NAME}】您的账号{what}已于{timezone.localtime():%Y-%m-%d %H:%M}{how}更换为{masked_new}，"
                 f"本{'号码' if kind == ContactKind.PHONE else '邮箱'}今后不再接收该账号的验证码。"
                 "如非本人操作，请立即携带本人证件到人社部门服务窗口办理。",
            user=user, purpose=MessagePurpose.CONTACT_CHANGED,
        )
    _send_to(kind=kind, to=new, subject=f"账号{what}已更换",
             text=f"【{settings.SITE_NAME}】您的账号{what}已更换为本{'号码' if kind == ContactKind.PHONE else '邮箱'}，今后验证码将发送到这里。",
             user=user, purpose=MessagePurpose.CONTACT_CHANGED)


def contact_change_confirm(*, user: User, challenge_id: int | None, code: str) -> User:
    """Finish a change started with ``contact_change_start``: a right code puts the new phone or
    e-mail on the account, ends every pending code (the old number gets no more) and sends a
    notice to the old and the new one. Each try counts; a few wrong tries end the code.

    Raises ``ValidationError`` keyed ``code`` (``bad_code``) or ``new_value`` (``phone_taken``).
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


@transaction.atomic
def window_contact_change(
    *, staff: User, organisation: Organisation, user: User, kind: str, new_value: str, reason: str,
    id_card_checked: bool,
) -> User:
    """Set a new phone number (``kind`` "phone") or e-mail address ("email") at a service window,
    after the staff member has seen the person's identity document (e.g. the number or mailbox on
    record is no longer in use). The old one stops receiving codes at once; a notice goes to both.

    Raises ``PermissionDenied`` (not window staff here) and ``ValidationError``: ``protected``
    (staff and administrator accounts are handled by their own administrators), keyed
    ``id_card_checked`` / ``reason`` (``required``), ``new_value`` (see ``contact_change_new_value``).
    """
    _check_window_staff(staff=staff, organisation=organisation)
    user = User.objects.select_for_update().get(pk=user.pk)
    what = "手机号码" if kind == ContactKind.PHONE else "电子邮箱"
    if selectors.user_is_protected_from_window_recovery(user=user):
        raise ValidationError(
            f"该账号为单位工作人员或管理员账号，不能在服务窗口更换{what}。请由其所在单位管理员或安全管理员处理。",
            code="protected",
        )
    errors = {}
    if not id_card_checked:
        errors["id_card_checked"] = ValidationError(CARD_CHECK_REQUIRED, code="required")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = ValidationError("请填写更换事由。", code="required")
    if errors:
        raise ValidationError(errors)
    new = contact_change_new_value(user=user, kind=kind, value=new_value)
    old = _contact_apply(user=user, kind=kind, new=new)
    _contact_notices(user=user, kind=kind, old=old, new=new, how=f"在{organisation.name}服务窗口")
    audit_record(
        action=f"account.{kind}_change", actor=staff, organisation=organisation, obj=user,
        detail={"method": "window", "before": _masked(kind, old), "after": _masked(kind, new),
                "reason": reason, "id_card_checked": True, "staff": staff.audit_label, "organisation": organisation.name},
    )
    return user


def window_phone_change(
    *, staff: User, organisation: Organisation, user: User, new_phone: str, reason: str, id_card_checked: bool
) -> User:
    """``window_contact_change`` for the phone number."""
    return window_contact_change(
        staff=staff, organisation=organisation, user=user, kind=ContactKind.PHONE, new_value=new_phone,
        reason=reason, id_card_checked=id_card_checked,
    )


def window_email_change(
    *, staff: User, organisation: Organisation, user: User, new_email: str, reason: str, id_card_checked: bool
) -> User:
    """``window_contact_change`` for the e-mail address."""
    return window_contact_change(
        staff=staff, organisation=organisation, user=user, kind=ContactKind.EMAIL, new_value=new_email,
        reason=reason, id_card_checked=id_card_checked,
    )


# -- a further identity document of the same person (service window only) --------------------


@transaction.atomic
def window_document_link(
    *, staff: User, organisation: Organisation, user: User, document_type: str, number: str, nationality: str = "",
    reason: str, id_card_checked: bool,
) -> LinkedDocument:
    """Link a further identity document of the same person to their one account, at a service
    window, after the staff member has seen both cards (SPEC §3: one account per (type, number);
    a 港澳居民 who later gets a 居住证 keeps the account they have). Afterwards the person logs in,
    is found at the window and by the API, by either document.

    Raises ``PermissionDenied`` (not window staff here) and ``ValidationError``: ``protected``
    (staff and administrator accounts), keyed ``number`` (the document's own rules; ``taken``:
    it is this or another account's document — whose is not said), ``nationality``,
    ``id_card_checked`` / ``reason`` (``required``). Audited with the number masked.
    """
    _check_window_staff(staff=staff, organisation=organisation)
    user = User.objects.select_for_update().get(pk=user.pk)
    if selectors.user_is_protected_from_window_recovery(user=user):
        raise ValidationError(
            "该账号为单位工作人员或管理员账号，不能在服务窗口关联证件。请由其所在单位管理员或安全管理员处理。",
            code="protected",
        )
    errors: dict[str, ValidationError] = {}
    try:
        document = validate_id_document(document_type, number, nationality=nationality)
    except ValidationError as exc:
        errors["nationality" if exc.code == "nationality" else "number"] = exc
        document = None
    if not id_card_checked:
        errors["id_card_checked"] = ValidationError(CARD_CHECK_REQUIRED, code="required")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = ValidationError("请填写关联事由。", code="required")
    if document is not None and selectors.user_document_taken(document=document):
        holder = selectors.user_find_by_document(document=document)
        message = (
            "该证件已是此申请人的证件，无需关联。" if holder is not None and holder.pk == user.pk
            else "该证件号码已注册或已关联其他账号，不能关联。请核实后由本人处理原账号（一个证件只能对应一个账号）。"
        )
        errors["number"] = ValidationError(message, code="taken")
    if errors:
        raise ValidationError(errors)
    link = LinkedDocument(
        user=user, document_type=document.document_type, number=document.number, nationality=document.nationality,
        digest=selectors.document_digest(document), staff=staff, organisation=organisation, reason=reason,
        card_checked=True,
    )
    link.full_clean(exclude=["digest"])
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:  # linked to another account a moment ago
        raise ValidationError({"number": ValidationError(
            "该证件号码已注册或已关联其他账号，不能关联。", code="taken")}) from None
    audit_record(
        action="account.document_linked", actor=staff, organisation=organisation, obj=user,
        detail={"document_type": str(document.document_type), "number": mask_id_number(document.number),
                "nationality": document.nationality, "reason": reason, "id_card_checked": True,
                "staff": staff.audit_label, "organisation": organisation.name},
    )
    return link


# -- staff roles -----------------------------------------------------------------------------


def _check_org_admin(*, actor: User, organisation: Organisation) -> None:
    if not selectors.organisations_managed_by(user=actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied("not an administrator of this organisation")


@transaction.atomic
def membership_grant(
    *, actor: User, organisation: Organisation, user: User, role: str, ends_on: dt.date | None = None
) -> Membership:
    """Invite ``user`` to a role at ``organisation`` (the role is in force once they accept,
    ``membership_accept``). ``actor`` must administer the organisation and may not be ``user``
    (zhicheng.orgs.permissions.role_grant_check); the role must suit the organisation's kind;
    ``ends_on`` (optional, not in the past) is the last day the role is in force. The person is
    notified in the system (and by SMS/e-mail). Audited (membership.invite).

    Raises ``ValidationError`` (codes ``role_kind``, ``exists``, ``pending``, ``ends_on``) or
    ``DutyConflict``; ``PermissionDenied`` when ``actor`` does not administer ``organisation``."""
    from zhicheng.cases.services import notification_send

    _check_org_admin(actor=actor, organisation=organisation)
    role_grant_check(actor=actor, user=user)
    if role not in selectors.roles_grantable_at(organisation=organisation):
        raise ValidationError(
            {"role": ValidationError(f"{organisation.get_kind_display()}不能设置“{Role(role).label}”角色。", code="role_kind")}
        )
    _ends_on_check(ends_on)
    membership = Membership.objects.select_for_update().filter(user=user, organisation=organisation, role=role).first()
    if membership is not None and membership.is_active:
        raise ValidationError(f"{user.real_name}已是本单位的{membership.get_role_display()}。", code="exists")
    if membership is not None and membership.is_pending:
        raise ValidationError(f"已邀请{user.real_name}担任{membership.get_role_display()}，正等待本人接受。", code="pending")
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


def _own_pending_invitation(*, user: User, membership: Membership) -> Membership:
    membership = Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    if membership.user_id != user.pk:
        raise PermissionDenied("not this person's invitation")
    if not membership.is_pending:
        raise ValidationError("该邀请已处理或已被撤回。", code="handled")
    return membership


@transaction.atomic
def membership_accept(*, user: User, membership: Membership) -> Membership:
    """The invited person accepts: the role is in force from now (until ``ends_on``). Audited
    (membership.accept). Raises ``PermissionDenied`` for someone else's invitation,
    ``ValidationError`` (code ``handled``) when it is no longer pending."""
    membership = _own_pending_invitation(user=user, membership=membership)
    membership.is_active, membership.accepted_at = True, timezone.now()
    membership.save(update_fields=["is_active", "accepted_at"])
    audit_record(
        action="membership.accept", actor=user, organisation=membership.organisation, obj=membership,
        detail={"user": user.audit_label, "role": membership.role},
    )
    return membership


@transaction.atomic
def membership_decline(*, user: User, membership: Membership) -> Membership:
    """The invited person declines. Audited (membership.decline); errors as ``membership_accept``."""
    membership = _own_pending_invitation(user=user, membership=membership)
    membership.declined_at = timezone.now()
    membership.save(update_fields=["declined_at"])
    audit_record(
        action="membership.decline", actor=user, organisation=membership.organisation, obj=membership,
        detail={"user": user.audit_label, "role": membership.role},
    )
    return membership


@transaction.atomic
def membership_ends_on_set(*, actor: User, membership: Membership, ends_on: dt.date | None) -> Membership:
    """Set or clear the last day a role is in force. ``actor`` administers the organisation and is
    not the role's holder (role_change_check). Audited (membership.ends_on) with before/after."""
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
def membership_revoke(*, actor: User, membership: Membership) -> Membership:
    """End a role now (or withdraw a pending invitation). ``actor`` administers the organisation
    and is not the holder (role_change_check). Audited (membership.revoke)."""
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
    """End every role whose ``ends_on`` is before ``today`` (run daily; idempotent). Each is
    audited (membership.expire, no actor). Returns how many ended."""
    today = today or timezone.localdate()
    ended = 0
    for membership in (Membership.objects.select_for_update().filter(is_active=True, ends_on__lt=today)
                       .select_related("organisation", "user")):
        membership.is_active = False
        membership.ended_at = timezone.now()
        membership.save(update_fields=["is_active", "ended_at"])
        audit_record(
            action="membership.expire", organisation=membership.organisation, obj=membership,
            detail={"user": membership.user.audit_label, "role": membership.role, "ends_on": membership.ends_on.isoformat()},
        )
        ended += 1
    return ended


# -- administrator duties (三权分立) ----------------------------------------------------------


@transaction.atomic
def admin_duty_set(*, actor: User, user: User, duty: str) -> User:
    """Only the security administrator sets duties, never their own; one field, so one duty each."""
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



# -- second factor (TOTP authenticator) ------------------------------------------------------
# Staff and administrators must use one when ZHICHENG_REQUIRE_2FA is on (等保 level 3); anyone
# may opt in. django-otp keeps the device (key, last used step, persistent throttling);
# the per-login wrong-code limit lives in the cache.

TOTP_DEVICE_NAME = "身份验证器"


def two_factor_max_failures() -> int:
    return settings.TWO_FACTOR_MAX_FAILURES


def _two_factor_failure_key(user: User) -> str:
    return f"2fa:fail:{user.pk}"


def two_factor_failures_clear(*, user: User) -> None:
    cache.delete(_two_factor_failure_key(user))


def _two_factor_failure_count(user: User) -> int:
    return cache_counter_incr(_two_factor_failure_key(user), timeout=15 * 60)


def totp_secret_base32(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def totp_secret_groups(device: TOTPDevice) -> list[str]:
    """The secret in groups of four for typing into an authenticator app by hand."""
    secret = totp_secret_base32(device)
    return [secret[i : i + 4] for i in range(0, len(secret), 4)]


def totp_config_url(device: TOTPDevice) -> str:
    """The otpauth:// URL for the QR code. The account label is the person's name, never the
    ID number (django-otp's own ``config_url`` would use USERNAME_FIELD, the ID digest)."""
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


def _clean_code(code: str) -> str:
    return "".join((code or "").split())


def _totp_devices_delete(*, user: User) -> int:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    two_factor_failures_clear(user=user)
    return deleted


@transaction.atomic
def two_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The pending (unconfirmed) authenticator for this user, created on first use.

    Refused while a confirmed one exists: replacing it needs the security administrator's reset,
    so a stolen password alone cannot move the second factor to another phone.
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
    """Confirm the pending authenticator with a code from the app. Raises ValidationError."""
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
    """Check a login code against the user's authenticator.

    Raises ValidationError with code ``bad_code`` (message says how many tries are left),
    ``throttled`` (django-otp's delay after wrong codes), ``no_device``, or ``too_many`` once
    TWO_FACTOR_MAX_FAILURES (ZHICHENG_2FA_MAX_FAILURES) wrong codes were entered: the caller then ends the session, so the
    password has to be entered again.
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
    """A person who opted in turns the authenticator off; not allowed where it is required."""
    if selectors.user_requires_two_factor(user=user):
        raise ValidationError("单位工作人员和管理员必须使用身份验证器，不能关闭。", code="required")
    removed = _totp_devices_delete(user=user)
    if not removed:
        raise ValidationError("您没有绑定身份验证器。", code="none")
    audit_record(action="account.2fa_disabled", actor=user, obj=user)
    return removed


@transaction.atomic
def two_factor_reset(*, actor: User, user: User, reason: str) -> int:
    """The security administrator removes a person's authenticator (lost or replaced phone);
    the person enrols again at the next login. Never their own."""
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

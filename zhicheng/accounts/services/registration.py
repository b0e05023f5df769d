"""Registration: the one account of a person, keyed by their identity document, and the limit on
registrations per client address. Audited (account.register)."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.common.id_documents import (
    DEFAULT_DOCUMENT_TYPE,
    carries_birth_date,
    name_may_be_latin,
    validate_id_document,
)
from zhicheng.common.validators import (
    validate_mobile,
    validate_person_name,
)

from .. import selectors
from ..models import (
    User,
)
from .shared import _rate_limit_hit, registrations_per_address_per_hour

REGISTRATION_LIMITED_MESSAGE = (
    "从您所在的网络注册账号的次数过多，请一小时后再试；如需帮助，可携带本人证件到人社部门服务窗口办理。"
)


@transaction.atomic
def registration_rate_limit_hit(*, client_address: str) -> bool:
    """Count one registration attempt (any POST of the form) from ``client_address`` (the client IP as
    ``common.net.client_ip`` gives it; "" counts as "-").

    Returns True when the address is over ``REGISTRATIONS_PER_ADDRESS_PER_HOUR`` in the current one-hour
    window (``common.ratelimit``; the caller then refuses with ``REGISTRATION_LIMITED_MESSAGE``), else
    False. Raises nothing. Every attempt counts, valid or not, so that the "already registered" answer
    cannot be used to test many ID numbers (decision 0013).
    """
    return _rate_limit_hit("register:ip", client_address or "-", limit=registrations_per_address_per_hour())


def user_register(
    *, id_number: str, real_name: str, phone: str, password: str, email: str = "",
    id_document_type: str = DEFAULT_DOCUMENT_TYPE, nationality: str = "", birth_date=None, gender: str = "",
) -> User:
    """Create the one account of the person with this identity document (type, number) — SPEC §3: one
    account per (document type, number).

    Arguments: ``id_document_type`` (``common.id_documents.IdDocumentType``, default 居民身份证) and
    ``id_number`` (checked by that type's rules: GB 11643 and its check digit for 居民身份证, the 外国人永久居留身份证
    rules, …), ``nationality`` (ISO 3166-1 alpha-3, for the types that carry one), ``real_name``
    (``validate_person_name``; Latin letters only on foreign documents), ``phone`` (an 11-digit mainland
    mobile number), ``password`` (the configured AUTH_PASSWORD_VALIDATORS), ``email`` (optional),
    ``birth_date`` (a date) and ``gender`` ("M" or "F"), required only when the number does not carry
    them (``carries_birth_date``).

    Returns the saved ``User``. Raises ``ValidationError`` keyed by field: ``id_number`` (the document's
    own codes; ``id_registered`` when the document already has an account, also when registered at the
    same moment by another request), ``nationality``, ``phone`` (``mobile``; ``phone_taken``),
    ``real_name``, ``birth_date`` / ``gender`` (``required``), and unkeyed password-validation errors.
    Audited (account.register).
    """
    try:
        document = validate_id_document(id_document_type, id_number, nationality=nationality)
    except ValidationError as exc:
        raise ValidationError({"nationality" if exc.code == "nationality" else "id_number": exc.error_list}) from None
    mobile = validate_mobile(phone)
    if selectors.user_document_taken(document=document):
        raise ValidationError({"id_number": ValidationError("该证件号码已注册。", code="id_registered")})
    if selectors.user_phone_taken(phone=mobile):
        raise ValidationError(
            {"phone": ValidationError("该手机号码已被其他账号使用，请更换号码。", code="phone_taken")}
        )
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

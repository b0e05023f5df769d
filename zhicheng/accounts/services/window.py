"""The service window (HR bureaus' window staff), each after an in-person check of the identity
document: finding a person, a one-time temporary password, a new phone number or e-mail address,
and linking a further identity document of the same person. Staff and administrator accounts are
never handled at a window."""

from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_record
from zhicheng.common.id_documents import (
    validate_id_document,
)
from zhicheng.common.masking import mask_id_number
from zhicheng.orgs.models import Organisation

from .. import selectors
from ..models import (
    AccountRecovery,
    ContactKind,
    LinkedDocument,
    RecoveryMethod,
    User,
)
from .contact import _contact_apply, _contact_notices, _masked, contact_change_new_value
from .shared import _axes_reset, _user_password_apply
from .two_factor import _totp_devices_delete

CARD_CHECK_REQUIRED = "请先当面核验申请人的证件原件并勾选确认。"


def _check_window_staff(*, staff: User, organisation: Organisation) -> None:
    if not selectors.window_organisations_for(user=staff).filter(pk=organisation.pk).exists():
        raise PermissionDenied("not window staff at this organisation")


def window_person_lookup(*, staff: User, organisation: Organisation, document) -> User | None:
    """Find a person at the window of ``organisation`` (an HR bureau where ``staff`` serves at the window)
    by the identity document they show: ``document`` is a validated ``common.id_documents.IdDocument``
    of any type, their own document or a linked one.

    Returns the ``User`` or None. Raises ``PermissionDenied`` when ``staff`` is not window staff there.
    The look-up itself is audited (account.window_lookup, success or failure), the number masked.
    """
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
    """A random password of ``length`` characters (default 12) with all four character classes (capitals,
    small letters, digits, symbols; no look-alike characters) that passes the configured password rules
    for ``user``. Returns it; raises nothing (it draws again until the validators accept one)."""
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
    """Issue a one-time temporary password at the window of ``organisation`` after an in-person check of
    the identity document (``id_card_checked``) and with ``reason`` recorded; the person must change it
    at the next login. Lifts the login lockout and removes an authenticator the person had opted in to
    (the card check is stronger than the second factor it replaces).

    Returns the temporary password, to be shown once and never stored in plain text. Raises
    ``PermissionDenied`` (``staff`` not window staff there) and ``ValidationError``: ``protected``
    (staff and administrator accounts are handled by their own administrators), keyed
    ``id_card_checked`` / ``reason`` (``required``). Records an ``AccountRecovery`` (method window);
    audited (account.window_recovery).
    """
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


@transaction.atomic
def window_contact_change(
    *, staff: User, organisation: Organisation, user: User, kind: str, new_value: str, reason: str,
    id_card_checked: bool,
) -> User:
    """Set a new phone number (``kind`` "phone") or e-mail address ("email") of ``user`` at the window of
    ``organisation``, after ``staff`` has seen the person's identity document (``id_card_checked``) and
    with ``reason`` recorded (e.g. the number or mailbox on record is no longer in use). The old one
    stops receiving codes at once; a notice goes to both.

    Returns the ``User``. Raises ``PermissionDenied`` (not window staff here) and ``ValidationError``:
    ``protected`` (staff and administrator accounts are handled by their own administrators), keyed
    ``id_card_checked`` / ``reason`` (``required``), ``new_value`` (see ``contact_change_new_value``).
    Audited (account.phone_change or account.email_change, method window, before and after masked).
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
        action=f"account.{kind}_change",
        actor=staff,
        organisation=organisation,
        obj=user,
        detail={
            "method": "window",
            "before": _masked(kind, old),
            "after": _masked(kind, new),
            "reason": reason,
            "id_card_checked": True,
            "staff": staff.audit_label,
            "organisation": organisation.name,
        },
    )
    return user


def window_phone_change(
    *, staff: User, organisation: Organisation, user: User, new_phone: str, reason: str, id_card_checked: bool
) -> User:
    """``window_contact_change`` for the phone number (``new_phone``, 11-digit mainland mobile); same
    arguments, return and errors."""
    return window_contact_change(
        staff=staff, organisation=organisation, user=user, kind=ContactKind.PHONE, new_value=new_phone,
        reason=reason, id_card_checked=id_card_checked,
    )


def window_email_change(
    *, staff: User, organisation: Organisation, user: User, new_email: str, reason: str, id_card_checked: bool
) -> User:
    """``window_contact_change`` for the e-mail address (``new_email``); same arguments, return and errors."""
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
    """Link a further identity document of the same person (``document_type``, ``number``, ``nationality``
    for the types that carry one) to ``user``'s one account at the window of ``organisation``, after
    ``staff`` has seen both cards (``id_card_checked``) and with ``reason`` recorded (SPEC §3: one
    account per (type, number); a 港澳居民 who later gets a 居住证 keeps the account they have). Afterwards the
    person logs in, is found at the window and by the API, by either document.

    Returns the saved ``LinkedDocument``. Raises ``PermissionDenied`` (not window staff here) and
    ``ValidationError``: ``protected`` (staff and administrator accounts), keyed ``number`` (the
    document's own rules; ``taken``: it is this or another account's document — whose is not said),
    ``nationality``, ``id_card_checked`` / ``reason`` (``required``). Audited (account.document_linked)
    with the number masked.
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

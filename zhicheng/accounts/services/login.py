"""Login records (success, failure, lockout, logout) and the password change by the person.

No full ID or phone number goes into the audit log: ``mask_identifier`` masks what was typed."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_record
from zhicheng.common.id_documents import (
    document_type_label,
    guess_document_types,
)
from zhicheng.common.masking import mask_id_number, mask_phone
from zhicheng.common.validators import (
    looks_like_mobile,
    normalize_id_number,
    normalize_phone,
)

from .. import selectors
from ..models import (
    User,
)
from .shared import _user_password_apply


def mask_identifier(identifier: str) -> str:
    """A login identifier as it may appear in the audit log: a phone number masked (``138****1234``), a
    document number masked with its type's label when typed as ``doc:<type>:…``, an 18-character or
    otherwise recognised document number masked; "" for anything else. Never the full value. Raises
    nothing."""
    from ..backends import split_document_identifier

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


def login_record_success(*, user: User, client_address: str = "") -> None:
    """Record a successful login of ``user`` from ``client_address`` (the client IP): this address's
    failed-login count for the account is forgotten (``accounts.lockout``, decision 0013) and the login
    is audited (account.login). Returns nothing; raises nothing."""
    from ..lockout import password_success_record

    password_success_record(user=user, address=client_address)
    audit_record(action="account.login", actor=user, obj=user)


def login_record_failure(*, identifier: str, locked_out: bool) -> None:
    """Record a refused login for what was typed as ``identifier``: audited as account.login_failed (result
    failure) or, when ``locked_out`` (axes refused the attempt while paused), account.locked_out (result
    denied), on the matching account if there is one, with the identifier masked (``mask_identifier``).
    Returns nothing; raises nothing. The security administrator's failed-login page reads these rows
    (``selectors.login_attacks``)."""
    user = selectors.user_find_by_identifier(identifier=identifier)
    kwargs = {"obj": user} if user is not None else {"object_type": "accounts.user"}
    audit_record(
        action="account.locked_out" if locked_out else "account.login_failed",
        result=AuditEvent.Result.DENIED if locked_out else AuditEvent.Result.FAILURE,
        detail={"identifier": mask_identifier(identifier)},
        **kwargs,
    )


def logout_record(*, user: User) -> None:
    """Record that ``user`` logged out (audited, account.logout). Returns nothing; raises nothing."""
    audit_record(action="account.logout", actor=user, obj=user)


@transaction.atomic
def user_password_change(*, user: User, new_password: str) -> User:
    """Set ``new_password`` as ``user``'s password (also the forced change after a window recovery) and
    clear ``must_change_password``; other sessions end because the session auth hash changes.

    Returns the saved ``User``. Raises ``ValidationError`` from the configured password validators
    (``accounts.password_validation``). Audited (account.password_change, with whether it was forced).
    """
    validate_password(new_password, user)
    was_forced = user.must_change_password
    _user_password_apply(user=user, password=new_password, must_change=False)
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit_record(action="account.password_change", actor=user, obj=user, detail={"forced": was_forced})
    return user

"""Log in with an identity document number or the mobile phone number, plus the password.

What the person typed is turned into one *login identifier* (``login_identifier``): the number as
typed, or, when they chose a document type on the login page (a foreign passport needs it, with
the nationality), ``doc:<type>:<nationality>:<number>``. The same identifier goes to
``authenticate()``, the lockout key (``lockout.lockout_key``) and the audit record, so a failure
counts against the same account however the person named it (decision 0013).
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from zhicheng.common.id_documents import guess_document_types, normalize_nationality, validate_id_document
from zhicheng.common.validators import looks_like_mobile, normalize_id_number, normalize_identifier, normalize_phone

from .lockout import password_failure_record
from .models import User, id_digest, phone_digest, users_holding_documents

DOCUMENT_PREFIX = "doc:"


def login_identifier(*, username: str, document_type: str = "", nationality: str = "") -> str:
    """The identifier the login form passes on: ``username`` itself when no document type was
    chosen (an ID/document number or a phone number, recognised by its shape), otherwise
    ``doc:<type>:<nationality>:<normal number>``."""
    if not document_type:
        return username or ""
    return f"{DOCUMENT_PREFIX}{document_type}:{normalize_nationality(nationality)}:{normalize_identifier(username)}"


def login_identifier_from_data(data) -> str:
    """``login_identifier`` of a posted login form (``username``, ``id_document_type``, ``nationality``)."""
    return login_identifier(
        username=data.get("username", ""), document_type=data.get("id_document_type", ""),
        nationality=data.get("nationality", ""),
    )


def split_document_identifier(identifier: str) -> tuple[str, str, str] | None:
    """(type, nationality, number) of a ``doc:`` identifier; None for any other identifier."""
    if not identifier.startswith(DOCUMENT_PREFIX):
        return None
    parts = identifier[len(DOCUMENT_PREFIX):].split(":", 2)
    if len(parts) != 3:
        return None
    return parts[0], parts[1], parts[2]


def find_user_by_identifier(identifier: str) -> User | None:
    """The account named by a login identifier: a ``doc:`` identifier (that document, own or
    linked), a mobile number, a digest (Django's admin and USERNAME_FIELD), or a document number
    of any type whose shape it has (a passport needs its nationality, so only through ``doc:``)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    document = split_document_identifier(identifier)
    if document is not None:
        document_type, nationality, number = document
        try:
            valid = validate_id_document(document_type, number, nationality=nationality)
        except ValidationError:
            return None
        return users_holding_documents([id_digest(valid.number, valid.document_type, valid.nationality)]).first()
    if looks_like_mobile(identifier):
        return User.objects.filter(phone_digest=phone_digest(normalize_phone(identifier))).first()
    if len(identifier) == 64 and all(c in "0123456789abcdef" for c in identifier):
        return User.objects.filter(id_number_digest=identifier).first()
    number = normalize_id_number(identifier)
    digests = [id_digest(number, t) for t in guess_document_types(number)] or [id_digest(number)]
    return users_holding_documents(digests).first()


class IdentityBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_user_by_identifier(username)
        if user is None:
            User().set_password(password)  # same work whether or not the account exists
        elif user.check_password(password) and self.user_can_authenticate(user):
            return user
        password_failure_record(request=request, identifier=username)  # before axes sees the failure
        return None

    def get_user(self, user_id):
        """The signed-in user of a session: built from the identity kept per user (one cache read,
        zhicheng.accounts.identity) where an ``identity`` cache is configured, else Django's query."""
        from .identity import identity_enabled, identity_user

        if not identity_enabled():
            return super().get_user(user_id)
        user = identity_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

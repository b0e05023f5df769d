"""Log in with the identity document number or the mobile phone number, plus the password."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from zhicheng.common.id_documents import guess_document_types
from zhicheng.common.validators import looks_like_mobile, normalize_id_number, normalize_phone

from .lockout import password_failure_record
from .models import User, id_digest, phone_digest


def find_user_by_identifier(identifier: str) -> User | None:
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    if looks_like_mobile(identifier):
        return User.objects.filter(phone_digest=phone_digest(normalize_phone(identifier))).first()
    # The ID-number digest is also what Django's admin and USERNAME_FIELD pass in.
    if len(identifier) == 64 and all(c in "0123456789abcdef" for c in identifier):
        return User.objects.filter(id_number_digest=identifier).first()
    # A document number: every document type whose shape it has (a passport needs the nationality,
    # so passport holders log in with their phone number).
    number = normalize_id_number(identifier)
    digests = [id_digest(number, t) for t in guess_document_types(number)] or [id_digest(number)]
    return User.objects.filter(id_number_digest__in=digests).first()


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

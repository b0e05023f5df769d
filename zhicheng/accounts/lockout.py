"""django-axes hooks: the lockout key is a keyed hash of the identifier, never the ID itself."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from zhicheng.common import crypto
from zhicheng.common.validators import normalize_id_number, normalize_phone


def _typed_identifier(credentials) -> str:
    """What the person typed. Django's ``user_login_failed`` signal passes it as ``username``; axes'
    backend passes it under ``AXES_USERNAME_FORM_FIELD`` (by default the model's USERNAME_FIELD,
    here ``id_number_digest``). Both must give the same key, or a locked account could still log in."""
    if not credentials:
        return ""
    wanted = {"username", str(settings.AXES_USERNAME_FORM_FIELD)}
    for key, value in credentials.items():
        if str(key) in wanted and value:
            return str(value)
    return ""


def lockout_key(request, credentials) -> str:
    identifier = _typed_identifier(credentials).strip()
    if not identifier:
        return ""
    from .backends import find_user_by_identifier

    user = find_user_by_identifier(identifier)
    if user is not None:
        return "u" + str(user.pk)  # the same account whether they typed the ID or the phone
    phone = normalize_phone(identifier)
    norm = phone if phone.isdigit() and len(phone) == 11 else normalize_id_number(identifier)
    return "h" + crypto.lookup_hash("login:" + norm)[:32]


def lockout_response(request, credentials, *args, **kwargs):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failures": settings.AXES_FAILURE_LIMIT},
        status=429,
    )

"""django-axes hooks: the lockout key is a keyed hash of the identifier, never the ID itself."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from zhicheng.common import crypto
from zhicheng.common.validators import normalize_id_number, normalize_phone


def lockout_key(request, credentials) -> str:
    identifier = ""
    if credentials:
        identifier = credentials.get("username", "") or ""
    identifier = identifier.strip()
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

"""Bearer tokens of external systems, and the per-system rate limit.

A token is ``zc_`` + 40 random URL-safe characters. It is shown once when issued; the database
keeps only its SHA-256 digest (a token has 240 bits of entropy, so a plain hash is enough — no
key stretching needed) and a short prefix to tell tokens apart.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer

from zhicheng.common.ratelimit import rate_limit_hit as common_rate_limit_hit

from .errors import ApiError
from .models import ApiToken

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "zc_"  # noqa: S105 - the visible start of every token, not a secret
PREFIX_LENGTH = 10
MAX_TOKEN_LENGTH = 200
LAST_USED_PRECISION_SECONDS = 60


def token_generate() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(30)  # 30 bytes → 40 characters


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_prefix(token: str) -> str:
    return token[:PREFIX_LENGTH]


def rate_limit_settings() -> tuple[int, int]:
    """(requests, window seconds) allowed per external system."""
    return (
        settings.EXCHANGE_API_RATE_LIMIT,
        settings.EXCHANGE_API_RATE_WINDOW,
    )


def rate_limit_hit(*, system) -> tuple[bool, int, int]:
    """Count one request of ``system``; (over the limit?, count in this window, seconds to wait).

    zhicheng.common.ratelimit's fixed window, shared by every process of every server.
    """
    limit, window = rate_limit_settings()
    hit = common_rate_limit_hit(scope="exchange:system", subject=str(system.pk), limit=limit, window=window)
    return hit.over, hit.count, hit.retry_after


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: the token's external system, if usable, else 401."""

    openapi_description = "对接系统的访问令牌：Authorization: Bearer zc_…"

    def __call__(self, request):
        value = request.headers.get(self.header, "")
        if not value:
            raise ApiError("token_missing")
        scheme, _, token = value.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError("token_missing")
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token: str):
        if len(token) > MAX_TOKEN_LENGTH:
            raise ApiError("token_invalid")
        api_token = ApiToken.objects.select_related("system", "system__organisation").filter(
            digest=token_digest(token)
        ).first()
        if api_token is None:
            logger.warning("API call with an unknown token (prefix %s)", token_prefix(token))
            raise ApiError("token_invalid")
        system = api_token.system
        code = None
        if api_token.is_revoked:
            code = "token_revoked"
        elif api_token.is_expired:
            code = "token_expired"
        elif not system.is_active:
            code = "system_inactive"
        elif system.is_expired:
            code = "system_expired"
        if code:
            from .services import api_call_audit

            api_call_audit(request=request, system=system, status=401, code=code, token=api_token)
            raise ApiError(code)
        over, count, retry_after = rate_limit_hit(system=system)
        if over:
            limit, window = rate_limit_settings()
            if count == limit + 1:  # one audit row per window, not one per refused call
                from .services import api_call_audit

                api_call_audit(request=request, system=system, status=429, code="rate_limited", token=api_token)
            raise ApiError(
                "rate_limited", f"请求过于频繁：每{window}秒最多{limit}次，请{retry_after}秒后再试。",
                details={"limit": limit, "window_seconds": window, "retry_after": retry_after},
                headers={"Retry-After": str(retry_after)},
            )
        now = timezone.now()
        if (
            api_token.last_used_at is None
            or (now - api_token.last_used_at).total_seconds() > LAST_USED_PRECISION_SECONDS
        ):
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.api_token = api_token
        request.api_system = system
        return api_token

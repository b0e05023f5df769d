"""What the account services share: the limits read from settings (defined once in
``config/settings/base.py``, from the environment), the rate-limit counter, applying a password,
lifting a login lockout and cleaning a typed one-time code."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from zhicheng.common.ratelimit import rate_limit_hit

from ..models import (
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


def _clean_code(code: str) -> str:
    return "".join((code or "").split())

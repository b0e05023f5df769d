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
    """How long a one-time code (account recovery, contact change) stays valid, in minutes:
    ``settings.RECOVERY_CODE_MINUTES`` (environment ``ZHICHENG_RECOVERY_CODE_MINUTES``). Raises nothing."""
    return settings.RECOVERY_CODE_MINUTES


def recovery_code_max_attempts() -> int:
    """How many tries one code allows, right or wrong, before it stops working (a count):
    ``settings.RECOVERY_CODE_MAX_ATTEMPTS`` (environment ``ZHICHENG_RECOVERY_CODE_MAX_ATTEMPTS``).
    Raises nothing."""
    return settings.RECOVERY_CODE_MAX_ATTEMPTS


def recovery_codes_per_account_per_hour() -> int:
    """Recovery codes per typed identifier per hour, and the same number silently per account (a count):
    ``settings.RECOVERY_CODES_PER_ACCOUNT_PER_HOUR`` (environment
    ``ZHICHENG_RECOVERY_CODES_PER_ACCOUNT_PER_HOUR``). Raises nothing."""
    return settings.RECOVERY_CODES_PER_ACCOUNT_PER_HOUR


def recovery_requests_per_address_per_hour() -> int:
    """Code requests (recovery and contact change) per client IP address per hour (a count):
    ``settings.RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR`` (environment
    ``ZHICHENG_RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR``). Raises nothing."""
    return settings.RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR


def registrations_per_address_per_hour() -> int:
    """Registration attempts per client IP address per hour (a count):
    ``settings.REGISTRATIONS_PER_ADDRESS_PER_HOUR`` (environment
    ``ZHICHENG_REGISTRATIONS_PER_ADDRESS_PER_HOUR``). Raises nothing."""
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

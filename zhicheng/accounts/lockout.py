"""Failed logins: a growing delay per (account, client address), and a per-account ceiling that
slows every address down without locking the owner out (issue 18; SPEC §3).

django-axes keeps the failures (``AccessAttempt`` rows per account key and address:
``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``) and refuses a locked pair; this module
gives it the numbers, through the callables named in the settings:

* ``failure_limit``: ``LOCKOUT_FAILURES`` (5) wrong passwords from one address before the first
  pause; after that pause (the pair has already had that many failures in the last 24 hours),
  or while the account is under attack, every wrong password pauses the pair again.
* ``cool_off``: the pause. For a pair past the limit it doubles with every further failure:
  ``LOCKOUT_MINUTES`` (15) × 2^(failures − limit), at most 24 hours. For a new address of an
  account under attack (more than ``LOCKOUT_ACCOUNT_CEILING`` failures from all addresses in the
  last hour) it is ``LOCKOUT_SLOW_SECONDS`` (30) × 2^(failures − 1): the owner who types the
  right password gets in at once, one who mistypes waits seconds.

A locked pair never stops another address. Failures are counted only when a password was checked
(not when axes refused a paused pair), in ``zhicheng.common.ratelimit`` counters keyed by a hash.
The lockout key is a keyed hash of the identifier, never the ID itself.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.shortcuts import render

from zhicheng.common import crypto
from zhicheng.common.net import client_ip
from zhicheng.common.ratelimit import rate_limit_clear, rate_limit_count, rate_limit_hit
from zhicheng.common.validators import looks_like_mobile, normalize_id_number, normalize_phone

PAIR_WINDOW = 24 * 3600  # failures of one (account, address) pair are remembered this long
ACCOUNT_WINDOW = 3600  # the per-account ceiling counts failures from every address over this long
MAX_COOL_OFF = timedelta(hours=24)


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
    """AXES_USERNAME_CALLABLE: ``u<pk>`` for an account (whether the ID or the phone was typed), a
    keyed hash of the normalised identifier otherwise; remembered on the request."""
    identifier = _typed_identifier(credentials).strip()
    if not identifier:
        return ""
    from .backends import find_user_by_identifier

    user = find_user_by_identifier(identifier)
    if user is not None:
        key = "u" + str(user.pk)  # the same account whether they typed the ID or the phone
    else:
        norm = normalize_phone(identifier) if looks_like_mobile(identifier) else normalize_id_number(identifier)
        key = "h" + crypto.lookup_hash("login:" + norm)[:32]
    if request is not None:
        request.zc_lockout_key = key
    return key


def client_address(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address the rate limits and the audit log use (None when the
    request has none, e.g. ``Client.force_login``)."""
    return client_ip(request) or None


def _request_key(request) -> str:
    key = getattr(request, "zc_lockout_key", None)
    if key is None:
        from .backends import login_identifier_from_data

        key = (
            lockout_key(request, {"username": login_identifier_from_data(request.POST)})
            if request.method == "POST"
            else ""
        )
    return key


def _request_address(request) -> str:
    return getattr(request, "axes_ip_address", None) or client_address(request) or ""


def _pair(account_key: str, address: str) -> str:
    return f"{account_key}|{address or 'unknown'}"


def pair_failures(*, account_key: str, address: str) -> int:
    """Wrong passwords for this account from this address in the current 24-hour window."""
    return rate_limit_count(scope="login:pair", subject=_pair(account_key, address), window=PAIR_WINDOW)


def account_failures(*, account_key: str) -> int:
    """Wrong passwords for this account from every address in the current hour."""
    return rate_limit_count(scope="login:account", subject=account_key, window=ACCOUNT_WINDOW)


def account_under_attack(*, account_key: str) -> bool:
    return account_failures(account_key=account_key) >= settings.LOCKOUT_ACCOUNT_CEILING


def pair_cool_off(*, account_key: str, address: str) -> timedelta:
    """The pause for this pair after its latest failure (see the module's docstring)."""
    failures = pair_failures(account_key=account_key, address=address)
    limit = settings.LOCKOUT_FAILURES
    base = timedelta(minutes=settings.LOCKOUT_MINUTES)
    if failures >= limit:
        return min(base * 2 ** (failures - limit), MAX_COOL_OFF)
    if account_key and account_under_attack(account_key=account_key):
        return min(timedelta(seconds=settings.LOCKOUT_SLOW_SECONDS) * 2 ** max(0, failures - 1), base)
    return base


def cool_off(request) -> timedelta:
    """AXES_COOLOFF_TIME."""
    if request is None:
        return timedelta(minutes=settings.LOCKOUT_MINUTES)
    return pair_cool_off(account_key=_request_key(request), address=_request_address(request))


def failure_limit(request, credentials) -> int:
    """AXES_FAILURE_LIMIT: wrong passwords from one address before it pauses."""
    key = lockout_key(request, credentials) if credentials else _request_key(request)
    if not key:
        return settings.LOCKOUT_FAILURES
    if pair_failures(account_key=key, address=_request_address(request)) >= settings.LOCKOUT_FAILURES:
        return 1  # paused before: every further failure pauses again, for twice as long
    if account_under_attack(account_key=key):
        return 1
    return settings.LOCKOUT_FAILURES


def password_failure_record(*, request, identifier: str) -> None:
    """Count a wrong password (the backend checked it): for the pair and for the account. Called by
    ``IdentityBackend`` before Django's ``user_login_failed`` signal, so axes decides on the new counts."""
    if request is None:
        return
    key = lockout_key(request, {"username": identifier})
    if not key:
        return
    rate_limit_hit(scope="login:pair", subject=_pair(key, client_address(request) or ""), limit=0, window=PAIR_WINDOW)
    rate_limit_hit(scope="login:account", subject=key, limit=0, window=ACCOUNT_WINDOW)


def password_success_record(*, user, address: str) -> None:
    """A right password from this address forgets that pair's failures (not other addresses')."""
    rate_limit_clear(scope="login:pair", subject=_pair("u" + str(user.pk), address), window=PAIR_WINDOW)


def _wait_words(delay: timedelta) -> str:
    seconds = int(delay.total_seconds())
    if seconds < 120:
        return f"{seconds} 秒"
    if seconds < 2 * 3600:
        return f"{seconds // 60} 分钟"
    return f"{seconds // 3600} 小时"


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE (axes 8 calls it with the view's response, then the credentials): a
    polite Chinese 429 saying how long this address must wait."""
    key = getattr(request, "zc_lockout_key", "") or (
        lockout_key(request, credentials) if isinstance(credentials, dict) else _request_key(request)
    )
    delay = pair_cool_off(account_key=key, address=_request_address(request))
    return render(
        request,
        "accounts/locked_out.html",
        {
            "wait": _wait_words(delay),
            "under_attack": bool(key) and account_under_attack(account_key=key)
            and pair_failures(account_key=key, address=_request_address(request)) < settings.LOCKOUT_FAILURES,
        },
        status=429,
    )

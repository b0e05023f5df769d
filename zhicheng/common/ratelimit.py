"""Rate limits and failure counters: the one implementation, shared by every process.

Counters live in Django's default cache: the database cache in the embedded set-up
(``zhicheng.common.cache.DatabaseCache``), Redis in production. On every backend the window is
what the caller asked for: Redis ``INCR`` with ``EXPIRE NX``, the local-memory cache's and our
database cache's ``incr()`` all keep the expiry set when the counter was created (Django's stock
database cache did not: its ``incr()`` re-saved the counter with the default 300 s, so hourly
limits reset after five minutes; issue 18). A system check (``zhicheng.E001``) refuses a cache
backend whose ``incr()`` is not known to keep the expiry.

Used by registration, account recovery, public certificate verification, the exchange API and
the 2FA failure counter.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache  # ours (common/cache.py) subclasses it

from zhicheng.common import crypto

# Backends whose incr() keeps the key's expiry (checked at start-up, zhicheng/common/checks.py).
COUNTER_SAFE_BACKENDS = (
    "zhicheng.common.cache.DatabaseCache",
    "zhicheng.common.cache.RedisCache",
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
)


def _redis_client():
    """The redis-py client behind Django's Redis cache backend, or None for other backends."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)


def cache_counter_incr(key: str, *, timeout: int) -> int:
    """Add one to the counter under ``key``; its new value.

    The counter is created with ``timeout`` seconds to live, and later increments do not move
    that expiry (on Redis, the local-memory cache and ``zhicheng.common.cache.DatabaseCache``).
    """
    client = _redis_client()
    if client is not None:
        # One round trip: INCR creates the key at 1; EXPIRE NX sets the lifetime only when the
        # key has none yet, so the window is not pushed forward by later requests. (Django's
        # Redis serializer stores integers as plain integers, so cache.get() reads the same value.)
        full_key = cache.make_and_validate_key(key)
        pipe = client.pipeline(transaction=True)
        pipe.incr(full_key)
        pipe.expire(full_key, timeout, nx=True)
        value, _ = pipe.execute()
        return int(value)
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


@dataclass(frozen=True)
class RateLimitHit:
    """One counted event: ``over`` the limit?, the ``count`` in this window, and ``retry_after``
    seconds until the window ends."""

    over: bool
    count: int
    retry_after: int


def _window_key(scope: str, subject: str, slot: int) -> str:
    # A keyed hash: no address, ID or phone number is ever a cache key.
    return f"rl:{scope}:{crypto.lookup_hash(f'rl:{scope}:{subject}')[:32]}:{slot}"


def rate_limit_hit(*, scope: str, subject: str, limit: int, window: int) -> RateLimitHit:
    """Count one event of ``subject`` (a client address, an account, a typed identifier…) under
    ``scope`` (``"register:ip"``, ``"recovery:user"``…) and say whether it is over ``limit``.

    Fixed windows of ``window`` seconds aligned to the clock: at most ``limit`` events are let
    through per window, so at most ``2 × limit`` in any ``window`` seconds that straddle two
    windows. Every call counts, including those over the limit.
    """
    now = time.time()
    slot = int(now // window)
    ends_in = (slot + 1) * window - now
    count = cache_counter_incr(_window_key(scope, subject, slot), timeout=math.ceil(ends_in) + 5)
    return RateLimitHit(over=count > limit, count=count, retry_after=max(1, math.ceil(ends_in)))


def rate_limit_count(*, scope: str, subject: str, window: int) -> int:
    """The events of ``subject`` counted so far in the current window (nothing is counted)."""
    return int(cache.get(_window_key(scope, subject, int(time.time() // window))) or 0)


def rate_limit_clear(*, scope: str, subject: str, window: int) -> None:
    """Forget the events of ``subject`` in the current window (after a success, e.g. a right 2FA code)."""
    cache.delete(_window_key(scope, subject, int(time.time() // window)))

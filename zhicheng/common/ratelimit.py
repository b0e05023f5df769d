"""A counter in the Django cache, shared by every process (database cache or Redis).

The building block of the rate limits (registration, recovery, certificate verification, the
exchange API) and of failure counters (2FA codes).
"""

from __future__ import annotations

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache  # ours (common/cache.py) subclasses it


def _redis_client():
    """The redis-py client behind Django's Redis cache backend, or None for other backends."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)


def cache_counter_incr(key: str, *, timeout: int) -> int:
    """Add one to the counter under ``key`` (created with ``timeout`` seconds to live); its new value."""
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

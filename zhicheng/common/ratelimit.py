"""A counter in the Django cache, shared by every process (database cache or Redis).

The building block of the rate limits (registration, recovery, certificate verification, the
exchange API) and of failure counters (2FA codes).
"""

from __future__ import annotations

from django.core.cache import cache


def cache_counter_incr(key: str, *, timeout: int) -> int:
    """Add one to the counter under ``key`` (created with ``timeout`` seconds to live); its new value."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1

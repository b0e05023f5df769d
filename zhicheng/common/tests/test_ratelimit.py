"""The shared counter behind every rate limit, on the test cache and on Redis (one round trip)."""

import socket
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings

from zhicheng.common.ratelimit import cache_counter_incr


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_counter_counts_on_the_default_cache():
    key = f"test:{uuid.uuid4().hex}"
    assert [cache_counter_incr(key, timeout=60) for _ in range(3)] == [1, 2, 3]
    assert cache.get(key) == 3


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_counter_on_redis_is_one_pipeline_and_keeps_its_first_expiry():
    redis_cache = {"default": {"BACKEND": "zhicheng.common.cache.RedisCache",
                               "LOCATION": "redis://127.0.0.1:6379/7", "KEY_PREFIX": f"t{uuid.uuid4().hex[:8]}"}}
    with override_settings(CACHES=redis_cache):
        from zhicheng.common.ratelimit import _redis_client

        client = _redis_client()
        assert client is not None and _redis_client() is client  # one client per pool, not one per call
        key = "counter"
        full_key = cache.make_and_validate_key(key)
        assert cache_counter_incr(key, timeout=100) == 1
        client.expire(full_key, 50)  # as if time had passed: a later hit must not push it back to 100
        assert cache_counter_incr(key, timeout=100) == 2
        assert 0 < client.ttl(full_key) <= 50
        assert cache.get(key) == 2  # Django reads the same integer
        cache.delete(key)

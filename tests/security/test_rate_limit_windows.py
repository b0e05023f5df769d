"""Rate-limit windows hold on every cache backend (issue 18, finding 3).

The attack: on the database cache (the embedded default) a counter created for an hour was saved
again by ``incr()`` with Django's default 300 s, so 10 registrations, a pause of six minutes and
10 more all passed a limit of 10 per hour. Each test below moves the clock past five minutes
inside the window and must still see the limit, on the local-memory cache, on the embedded
default (the database cache as configured in ``config/settings/base.py``) and on Redis (database 8).
"""

from __future__ import annotations

import math
import socket
import time
import uuid
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings

from config.settings import base as base_settings
from zhicheng.accounts import services as account_services
from zhicheng.accounts.services import two_factor as two_factor_services
from zhicheng.common.ratelimit import rate_limit_hit

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/8"


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


class Clock:
    """Moves ``time.time()`` and the database cache's ``now`` together; on Redis, whose clock is the
    server's, the same move is applied to the time-to-live of this test's keys."""

    def __init__(self, monkeypatch, redis_prefix: str | None = None):
        self.offset = 0.0
        self.redis_prefix = redis_prefix
        real_time = time.time
        monkeypatch.setattr(time, "time", lambda: real_time() + self.offset)
        fake_now = lambda: datetime.fromtimestamp(time.time(), tz=UTC)  # noqa: E731
        monkeypatch.setattr("django.core.cache.backends.db.tz_now", fake_now)
        monkeypatch.setattr("zhicheng.common.cache.tz_now", fake_now, raising=False)

    def to_window_start(self, window: int) -> None:
        """Just after the start of a ``window``-second window, so a move of minutes stays inside it."""
        now = time.time()
        self.advance(math.ceil(now / window) * window - now + 1)

    def advance(self, seconds: float) -> None:
        self.offset += seconds
        if self.redis_prefix:
            from zhicheng.common.ratelimit import _redis_client

            client = _redis_client()
            for key in client.scan_iter(f"{self.redis_prefix}:*"):
                ttl = client.pttl(key)
                if ttl > 0:
                    left = ttl - int(seconds * 1000)
                    client.pexpire(key, left) if left > 0 else client.delete(key)


def _backends():
    yield pytest.param({"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl-test"}, id="locmem")
    embedded = dict(base_settings.CACHES["default"])
    if "redis" not in embedded["BACKEND"].lower():
        embedded["LOCATION"] = "zc_test_ratelimit_cache"
    yield pytest.param(embedded, id="embedded-default-" + embedded["BACKEND"].rsplit(".", 1)[-1])
    yield pytest.param(
        {"BACKEND": "zhicheng.common.cache.RedisCache", "LOCATION": REDIS_URL},
        id="redis",
        marks=pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379"),
    )


@pytest.fixture(params=list(_backends()))
def backend_clock(request, monkeypatch):
    config = dict(request.param)
    prefix = None
    if "redis" in config["BACKEND"].lower():
        prefix = f"t{uuid.uuid4().hex[:8]}"
        config["KEY_PREFIX"] = prefix
    caches = {"default": config, "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=caches):
        if config["BACKEND"].endswith("DatabaseCache"):
            call_command("createcachetable", verbosity=0)
        cache.clear()
        yield Clock(monkeypatch, redis_prefix=prefix)
        cache.clear()


def test_registration_limit_holds_after_five_minutes(backend_clock, settings):
    settings.REGISTRATIONS_PER_ADDRESS_PER_HOUR = 10
    backend_clock.to_window_start(3600)
    hits = [account_services.registration_rate_limit_hit(client_address="198.51.100.7") for _ in range(10)]
    assert hits == [False] * 10
    for _minutes in (6, 6, 6):  # 18 minutes later, still inside the hour
        backend_clock.advance(6 * 60)
        assert account_services.registration_rate_limit_hit(client_address="198.51.100.7") is True
    # another address has its own count
    assert account_services.registration_rate_limit_hit(client_address="198.51.100.8") is False


def test_any_window_holds_after_five_minutes_and_ends_with_the_window(backend_clock):
    backend_clock.to_window_start(3600)
    assert [rate_limit_hit(scope="t", subject="s", limit=3, window=3600).over for _ in range(3)] == [False] * 3
    backend_clock.advance(40 * 60)
    hit = rate_limit_hit(scope="t", subject="s", limit=3, window=3600)
    assert hit.over and hit.count == 4
    assert 19 * 60 <= hit.retry_after <= 20 * 60
    backend_clock.advance(21 * 60)  # the next window
    assert rate_limit_hit(scope="t", subject="s", limit=3, window=3600).count == 1


def test_two_factor_failures_still_count_after_five_minutes(backend_clock, cast):
    user = cast["unit_reviewer"]
    backend_clock.to_window_start(15 * 60)
    first = two_factor_services._two_factor_failure_count(user)
    backend_clock.advance(6 * 60)
    assert two_factor_services._two_factor_failure_count(user) == first + 1


def test_a_cache_whose_incr_resets_the_expiry_is_refused_at_start_up():
    stock = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}}
    with override_settings(CACHES=stock):
        assert "zhicheng.E001" in {message.id for message in run_checks(tags=["security"])}
    assert "zhicheng.E001" not in {message.id for message in run_checks(tags=["security"])}

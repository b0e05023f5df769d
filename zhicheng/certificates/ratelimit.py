"""Per-address limit on public certificate look-ups (fixed window in the Django cache)."""

from __future__ import annotations

import time

from django.conf import settings

from zhicheng.common.net import client_ip
from zhicheng.common.ratelimit import cache_counter_incr


def verify_limit() -> tuple[int, int]:
    """(look-ups, window seconds); settings CERTIFICATE_VERIFY_LIMIT / CERTIFICATE_VERIFY_WINDOW_SECONDS."""
    return (
        int(getattr(settings, "CERTIFICATE_VERIFY_LIMIT", 20)),
        int(getattr(settings, "CERTIFICATE_VERIFY_WINDOW_SECONDS", 600)),
    )


def verify_rate_limited(request) -> bool:
    """Count one look-up from this client; True when it is over the limit."""
    limit, window = verify_limit()
    bucket = int(time.time() // window)
    key = f"certificates:verify:{client_ip(request) or 'unknown'}:{bucket}"
    return cache_counter_incr(key, timeout=window + 5) > limit

"""Start-up checks of settings that, when wrong, would silently weaken a security control."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


@register("security")
def rate_limit_cache_check(app_configs=None, **kwargs):
    """zhicheng.E001: the default cache holds the rate-limit counters; its ``incr()`` must keep
    the counter's expiry (zhicheng/common/ratelimit.py), or limits reset early."""
    from zhicheng.common.ratelimit import COUNTER_SAFE_BACKENDS

    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in COUNTER_SAFE_BACKENDS:
        return []
    return [
        Error(
            f"CACHES['default'] uses {backend}, whose incr() is not known to keep a counter's expiry: "
            "rate limits would reset early.",
            hint="Use zhicheng.common.cache.DatabaseCache (embedded) or CACHE_URL=redis://… (production).",
            id="zhicheng.E001",
        )
    ]

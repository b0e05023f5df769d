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


@register("security")
def explicit_secrets_check(app_configs=None, **kwargs):
    """zhicheng.E002: in production (``ZHICHENG_GENERATE_SECRETS`` off) the secret key and the
    field-encryption key come from the environment or secret files; none is generated silently."""
    missing = list(settings.MISSING_SECRETS)
    return [
        Error(
            f"{name} is not set: production does not generate keys.",
            hint=f"Set {name} in the environment, or {name}_FILE to a file that holds it (docs/operations.md).",
            id="zhicheng.E002",
        )
        for name in missing
    ]


def startup_refuse_on_errors() -> None:
    """Run this module's checks and raise ``ImproperlyConfigured`` on any error; called by the WSGI
    application, which Django's check framework does not run (gunicorn would start otherwise)."""
    from django.core.exceptions import ImproperlyConfigured

    errors = [*rate_limit_cache_check(), *explicit_secrets_check()]
    if errors:
        raise ImproperlyConfigured("; ".join(f"{e.id}: {e.msg}" for e in errors))

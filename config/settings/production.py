"""Production profile: everything from the environment, secure transport only.

Keys are never generated here: ``DJANGO_SECRET_KEY``, ``ZHICHENG_FIELD_KEY`` and ``ZHICHENG_AUDIT_KEY`` come from the
environment or from ``…_FILE`` secret files, or the system refuses to start (check zhicheng.E002,
run by ``check --deploy``, ``migrate`` and the WSGI application).
"""

import os

os.environ["ZHICHENG_GENERATE_SECRETS"] = "false"  # read by base.py below

from config.env import env_bool, env_int  # noqa: E402

from .base import *  # noqa: E402, F403

DEBUG = False
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
ZHICHENG_REQUIRE_2FA = env_bool("ZHICHENG_REQUIRE_2FA", True)
DEV_OUTBOX_ENABLED = False  # never: it shows recovery codes (issue 18)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# A worker runs: each new version of a kept document is rendered ahead by it (decision 0025).
KEPT_RENDER_AHEAD = env_bool("ZHICHENG_KEPT_RENDER_AHEAD", not CELERY_TASK_ALWAYS_EAGER)

# Sessions and the identity kept per user (issue 23; zhicheng.accounts.identity): with Redis, a
# signed-in request costs one cache round trip: its session (written through to the database, so a
# Redis restart logs nobody out) read together with the person's account, roles and authenticators
# (zhicheng.accounts.sessions: one MGET; both must be in the same cache alias).
# Without Redis (DatabaseCache) both stay in the database as before.
if CACHE_URL.startswith("redis://"):  # noqa: F405 - from base
    SESSION_ENGINE = "zhicheng.accounts.sessions"
    CACHES["identity"] = {"BACKEND": "zhicheng.common.cache.RedisCache", "LOCATION": CACHE_URL}  # noqa: F405
    SESSION_CACHE_ALIAS = "identity"

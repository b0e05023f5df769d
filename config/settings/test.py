"""Test settings: the same as base, with a fast password hasher and an in-memory cache."""

import os
import tempfile
from pathlib import Path

from config.env import env_bool

from .base import *  # noqa: F403

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"},
    # The identity kept per user (zhicheng.accounts.identity), as production keeps it in Redis.
    "identity": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "identity"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Eager unless told otherwise: the Celery worker test (tests/test_celery_worker.py) starts a real worker with false.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
# No PDF is rendered behind a test's back at each submission; a test of the render-ahead turns it on.
KEPT_RENDER_AHEAD = False

# Audit checkpoints: none written behind a test's back (a test that wants them sets its own file,
# zhicheng/audit/tests/conftest.py::checkpoint_file), and none shared between test processes.
AUDIT_CHECKPOINT_EVERY = 0
AUDIT_CHECKPOINT_FILE = Path(tempfile.gettempdir()) / f"zhicheng-test-audit-{os.getpid()}" / "audit_checkpoints.jsonl"

"""Settings shared by every environment.

Everything comes from environment variables with embedded defaults that give a working
single-machine system: SQLite under ``var/``, console e-mail and SMS, tasks run eagerly.
Production differs only by environment (see ``production.py`` and docs/operations.md).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from config.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything the system writes under var/ (the SQLite database, generated keys, uploaded files,
# backups) is readable by its own user only: directories 0700, files 0600.
VAR_DIR = Path(env("ZHICHENG_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
if VAR_DIR.stat().st_uid == os.getuid():
    VAR_DIR.chmod(0o700)

# Production (config/settings/production.py) sets this to false: keys then come only from the
# environment or secret files, and a missing one is system check error zhicheng.E002.
GENERATE_MISSING_SECRETS = env_bool("ZHICHENG_GENERATE_SECRETS", True)
MISSING_SECRETS: list[str] = []


def private_file_create(path: Path, content: str = "") -> None:
    """Create ``path`` readable and writable by this user only (0600 from the first byte)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)


def _secret_from_file(name: str, filename: str, nbytes: int = 50) -> str:
    """``name`` from the environment or ``name_FILE``; else, outside production, one generated once
    and kept under var/ with mode 0600; in production, "" and ``name`` in MISSING_SECRETS."""
    value = env(name)
    if value:
        return value
    if not GENERATE_MISSING_SECRETS:
        MISSING_SECRETS.append(name)
        return ""
    path = VAR_DIR / filename
    if not path.exists():
        private_file_create(path, secrets.token_urlsafe(nbytes))
    return path.read_text(encoding="utf-8").strip()


# A missing key never silently becomes a known one: the placeholder is random, and the start-up
# check refuses to run with it (zhicheng/common/checks.py).
SECRET_KEY = _secret_from_file("DJANGO_SECRET_KEY", "secret_key") or "missing-" + secrets.token_urlsafe(50)
# Key for encrypting ID and phone numbers at rest and for their keyed lookup hashes.
FIELD_ENCRYPTION_KEY = _secret_from_file("ZHICHENG_FIELD_KEY", "field_key", 32)
# Key sealing every audit row and checkpoint (HMAC-SHA256, zhicheng/audit/sealing.py). Whoever can
# write to the database must not be able to read it. After a rotation the old keys, separated by
# commas or new lines, only verify what was sealed under them.
AUDIT_KEY = _secret_from_file("ZHICHENG_AUDIT_KEY", "audit_key", 32)
AUDIT_OLD_KEYS = env("ZHICHENG_AUDIT_OLD_KEYS", "")

DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "csp",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "zhicheng.common",
    "zhicheng.audit",
    "zhicheng.accounts",
    "zhicheng.orgs",
    "zhicheng.catalog",
    "zhicheng.profiles",
    "zhicheng.cases",
    "zhicheng.businesses",
    "zhicheng.committees",
    "zhicheng.certificates",
    "zhicheng.documents",
    "zhicheng.exchange",
    "zhicheng.workcalendar",
    "zhicheng.announcements",
    "zhicheng.paper_materials",
    "zhicheng.pre_evaluation",
    "zhicheng.fees",  # 评审费: above committees, beside pre_evaluation
    "zhicheng.stats",
    "zhicheng.integrity",  # integrity records (诚信档案): above committees and certificates
    "zhicheng.outbox",
    "zhicheng.operations",  # the scheduled jobs and reference data: above the domain apps
    "zhicheng.demo",  # load_demo_data: above everything, imported by nothing
    # Last, so that the project's copies of its widget templates win (zhicheng/common/templates/django/forms/):
    # with FORM_RENDERER below, an empty choice reads 请选择 everywhere, not Django's dashes.
    "django.forms",
]

MIDDLEWARE = [
    "zhicheng.common.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zhicheng.accounts.middleware.SessionMiddleware",  # Django's, with the identity hint (one round trip)
    "zhicheng.common.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhicheng.accounts.middleware.OTPMiddleware",  # django-otp's, with the device from the kept identity
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhicheng.accounts.middleware.PasswordChangeRequiredMiddleware",
    "zhicheng.accounts.middleware.TwoFactorMiddleware",
    "zhicheng.common.middleware.NoStoreForPersonalDataMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The plainest widgets rendered in Python, the same HTML as Django's templates (zhicheng/common/form_renderer.py);
# the others through TEMPLATES, so that the project's copies of Django's widget templates win (django.forms last
# in INSTALLED_APPS): an empty choice reads 请选择.
FORM_RENDERER = "zhicheng.common.form_renderer.FastRenderer"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhicheng.common.context_processors.site",
            ],
            # {% url %} keeping the addresses it has worked out (zhicheng/common/template_urls.py, issue 23).
            "builtins": ["zhicheng.common.template_urls"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhicheng.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound on the server and statements prepared after a few executions: PostgreSQL parses
    # a page's multi-join queries once per connection (each run is still planned for its own parameters,
    # below; docs/benchmarks.md). Behind a connection pooler in
    # transaction mode that cannot keep prepared statements, set DATABASE_PREPARE_THRESHOLD=0.
    _threshold = env_int("DATABASE_PREPARE_THRESHOLD", 2)
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": _threshold if _threshold > 0 else None,
        # Pages read a few rows by index: no parallel workers (their start-up cost a misestimated queue query
        # ~4 ms at full scale); the statistics count asks for them in its own transaction (zhicheng/common/db.py).
        # Prepared statements are planned for their parameters every time: after five runs PostgreSQL may switch
        # to one generic plan, which for the plans list and the lapsed cases read hundreds of thousands of rows
        # (2 → 351 ms and 1 → 264 ms at full scale; decision 0039).
        "options": f"-c max_parallel_workers_per_gather={env_int('DATABASE_PARALLEL_WORKERS', 0)}"
        " -c plan_cache_mode=force_custom_plan",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the database with the process's umask (0644 as a rule) and gives its -wal and
    # -shm files the database file's mode: create it empty with 0600 first.
    _sqlite_path = Path(DATABASES["default"]["NAME"])
    if _sqlite_path.parent == VAR_DIR and not _sqlite_path.exists():
        private_file_create(_sqlite_path)
    elif _sqlite_path.parent == VAR_DIR and _sqlite_path.stat().st_uid == os.getuid():
        _sqlite_path.chmod(0o600)
    # BEGIN IMMEDIATE serialises writers, so "lock before you transition" holds on SQLite too.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "zhicheng.accounts.backends.IdentityBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD_MIN_LENGTH = env_int("ZHICHENG_PASSWORD_MIN_LENGTH", 8)
PASSWORD_MIN_CLASSES = env_int("ZHICHENG_PASSWORD_MIN_CLASSES", 3)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "zhicheng.accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "zhicheng.accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "zhicheng.accounts.password_validation.CharacterClassValidator"},
    {"NAME": "zhicheng.accounts.password_validation.PersonalDataValidator"},
]
# TOTP second factor for staff and administrators (on in production settings).
ZHICHENG_REQUIRE_2FA = env_bool("ZHICHENG_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "广东省职称系统"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "common:home"
LOGOUT_REDIRECT_URL = "common:home"

# Idle sessions end after this many seconds without a request. The expiry is pushed forward at
# most once a minute (zhicheng.common.middleware.IdleSessionMiddleware), not written on every view.
SESSION_COOKIE_AGE = env_int("ZHICHENG_SESSION_IDLE_MINUTES", 30) * 60
SESSION_TOUCH_SECONDS = env_int("ZHICHENG_SESSION_TOUCH_SECONDS", 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False

# Failed logins (zhicheng/accounts/lockout.py, django-axes): counted per (account, client address)
# with a pause that doubles after the first LOCKOUT_FAILURES; an account with more than
# LOCKOUT_ACCOUNT_CEILING failures in an hour from all addresses pauses any address after each
# failure for LOCKOUT_SLOW_SECONDS (doubling), so the owner is slowed, never locked out by others.
LOCKOUT_FAILURES = env_int("ZHICHENG_LOCKOUT_FAILURES", 5)
LOCKOUT_MINUTES = env_int("ZHICHENG_LOCKOUT_MINUTES", 15)
LOCKOUT_ACCOUNT_CEILING = env_int("ZHICHENG_LOCKOUT_ACCOUNT_CEILING", 10)
LOCKOUT_SLOW_SECONDS = env_int("ZHICHENG_LOCKOUT_SLOW_SECONDS", 30)
AXES_FAILURE_LIMIT = "zhicheng.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = "zhicheng.accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "zhicheng.accounts.lockout.lockout_key"
AXES_CLIENT_IP_CALLABLE = "zhicheng.accounts.lockout.client_address"
# Attempts at a paused pair are refused without checking the password and count for nothing.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Each attempt row expires with its own pause (the pauses differ per pair).
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_LOCKOUT_CALLABLE = "zhicheng.accounts.lockout.lockout_response"

# Content-Security-Policy: nothing from outside the server and no inline scripts, in every mode.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env("ZHICHENG_MEDIA_ROOT", str(VAR_DIR / "media")))  # never served directly
# Uploaded files and their folders: readable by this user only (Django's default is 0644 files).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
UPLOAD_MAX_BYTES = env_int("ZHICHENG_UPLOAD_MAX_MB", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "noreply@zhicheng.gd.gov.cn")
# Pluggable SMS backend; the embedded default writes to the console and the development outbox.
SMS_BACKEND = env("ZHICHENG_SMS_BACKEND", "zhicheng.common.messaging.ConsoleSmsBackend")
DEV_OUTBOX_ENABLED = env_bool("ZHICHENG_DEV_OUTBOX", True)
# The outbox shows recovery codes: only a signed-in system administrator sees it, or whoever enters
# this token on the page (./manage.sh run makes one and prints it). Production never has the outbox.
DEV_OUTBOX_TOKEN = env("ZHICHENG_DEV_OUTBOX_TOKEN", "")

CACHE_URL = env("CACHE_URL", "")
if CACHE_URL.startswith("redis://"):
    CACHES = {"default": {"BACKEND": "zhicheng.common.cache.RedisCache", "LOCATION": CACHE_URL}}
else:
    # Our DatabaseCache keeps a counter's expiry on incr() (Django's re-saves it with 300 s), and
    # culls only beyond MAX_ENTRIES live entries, so rate-limit counters are not evicted early.
    CACHES = {
        "default": {
            "BACKEND": "zhicheng.common.cache.DatabaseCache",
            "LOCATION": "zhicheng_cache",
            "OPTIONS": {"MAX_ENTRIES": env_int("ZHICHENG_CACHE_MAX_ENTRIES", 100_000)},
        }
    }
# Rendered fragments that are the same for everyone and change only with the code (the work
# queue's empty filter form): kept per process, so a new release never serves an old one.
CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
# Task results are not needed (the outbox row is the record), but a result backend lets operators
# inspect tasks; empty means none.
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # keep the masking log filters of LOGGING
# A worker that dies mid-task leaves the task on the broker for another worker (tasks are idempotent).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True

# Kept documents (zhicheng/common/kept.py, decision 0025): the PDFs are rendered once per version and
# served from MEDIA_ROOT. With a worker (CELERY_TASK_ALWAYS_EAGER off) a new version is rendered ahead by
# the task zhicheng.common.kept_render as soon as it commits; in the embedded default the first download
# renders it (submitting a case never waits for a PDF).
# The statistics page's figures are counted at most once per this many seconds per organisation and filters
# (zhicheng.stats.selectors.stats_report_kept); 0 counts them on every request.
STATS_KEPT_SECONDS = env_int("ZHICHENG_STATS_KEPT_SECONDS", 600)
# Pages kept per person (zhicheng/common/kept_pages.py, issue 23): with an identity cache (Redis), the
# workbench is served from its kept copy until something it shows changes; off builds every page.
KEPT_PAGES = env_bool("ZHICHENG_KEPT_PAGES", True)
#: Parallel workers per gather for counting work (the statistics report), where pages use none.
DATABASE_PARALLEL_WORKERS_COUNTING = env_int("DATABASE_PARALLEL_WORKERS_COUNTING", 2)
KEPT_RENDER_AHEAD = env_bool("ZHICHENG_KEPT_RENDER_AHEAD", not CELERY_TASK_ALWAYS_EAGER)
# A render takes half a second of a worker: on deadline day, ZHICHENG_KEPT_QUEUE=documents and a worker of
# its own (celery -A config worker -Q documents) keep renders from delaying the outbox's messages.
CELERY_TASK_ROUTES = {"zhicheng.common.kept_render": {"queue": env("ZHICHENG_KEPT_QUEUE", CELERY_TASK_DEFAULT_QUEUE)}}

# The transactional outbox (zhicheng/outbox, decision 0018): attempts per message, the backoff between
# them (base seconds, doubled each time, capped), how long a worker's claim on a message lasts, and how
# often the sweep dispatches messages whose attempt is due.
OUTBOX_MAX_ATTEMPTS = env_int("ZHICHENG_OUTBOX_MAX_ATTEMPTS", 8)
OUTBOX_RETRY_BASE_SECONDS = env_int("ZHICHENG_OUTBOX_RETRY_BASE_SECONDS", 60)
OUTBOX_RETRY_MAX_SECONDS = env_int("ZHICHENG_OUTBOX_RETRY_MAX_SECONDS", 3600)
OUTBOX_CLAIM_SECONDS = env_int("ZHICHENG_OUTBOX_CLAIM_SECONDS", 300)
OUTBOX_SWEEP_SECONDS = env_int("ZHICHENG_OUTBOX_SWEEP_SECONDS", 60)
# 评审费 (decision 0035): the payment provider in use (zhicheng/fees/providers.py; only "offline" ships) and
# the largest bank reconciliation file the committee office may import.
FEE_PAYMENT_PROVIDER = env("ZHICHENG_FEE_PAYMENT_PROVIDER", "offline")
FEE_IMPORT_MAX_BYTES = env_int("ZHICHENG_FEE_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
FEE_IMPORT_MAX_ROWS = env_int("ZHICHENG_FEE_IMPORT_MAX_ROWS", 5000)
# Reminders go out this many working days (official calendar) before a correction or stage deadline.
REMINDER_WORKING_DAYS = env_int("ZHICHENG_REMINDER_WORKING_DAYS", 2)

# Signed checkpoints of the audit chain head, kept outside the database (zhicheng/audit/checkpoints.py):
# appended to a file and, if set, sent to syslog (``/dev/log``, ``udp://host:514``, ``tcp://host:514``);
# written after every ``…_EVERY`` audit events (0: never), by ``manage.py audit_checkpoint`` and by
# Celery beat every ``…_SECONDS``.
AUDIT_CHECKPOINT_FILE = Path(env("ZHICHENG_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit_checkpoints.jsonl")))
AUDIT_CHECKPOINT_SYSLOG = env("ZHICHENG_AUDIT_CHECKPOINT_SYSLOG", "")
AUDIT_CHECKPOINT_EVERY = env_int("ZHICHENG_AUDIT_CHECKPOINT_EVERY", 100)
AUDIT_CHECKPOINT_SECONDS = env_int("ZHICHENG_AUDIT_CHECKPOINT_SECONDS", 300)
CELERY_BEAT_SCHEDULE = {
    "audit-checkpoint": {"task": "zhicheng.audit.checkpoint", "schedule": AUDIT_CHECKPOINT_SECONDS},
    "memberships-expire": {"task": "zhicheng.accounts.memberships_expire", "schedule": 6 * 3600},
    "outbox-sweep": {"task": "zhicheng.outbox.sweep", "schedule": OUTBOX_SWEEP_SECONDS},
    # Stage deadlines passed, corrections overdue, reminders: once a day in the morning (local time).
    "deadlines-daily": {"task": "zhicheng.cases.deadlines_daily",
                        "schedule": crontab(hour=env_int("ZHICHENG_DEADLINES_HOUR", 8), minute=0)},
}

# Client address for audit and rate limits comes only from this header set by a trusted proxy.
TRUSTED_PROXY_IP_HEADER = env("ZHICHENG_TRUSTED_PROXY_IP_HEADER", "")

# Public certificate verification: lookups per client address per window.
CERTIFICATE_VERIFY_LIMIT = env_int("ZHICHENG_CERTIFICATE_VERIFY_LIMIT", 20)
CERTIFICATE_VERIFY_WINDOW_SECONDS = env_int("ZHICHENG_CERTIFICATE_VERIFY_WINDOW_SECONDS", 600)
# How long the QR verification page of a certificate is kept rendered for anonymous visitors
# (every change to the certificate drops it at once; certificates/public_page.py).
CERTIFICATE_PUBLIC_PAGE_SECONDS = env_int("ZHICHENG_CERTIFICATE_PUBLIC_PAGE_SECONDS", 300)
# Days an API write's stored answer is kept for replays (manage.py prune_idempotency_records).
EXCHANGE_IDEMPOTENCY_DAYS = env_int("ZHICHENG_IDEMPOTENCY_DAYS", 30)
# Old keys still accepted for signatures (QR links on printed certificates) after a key rotation.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", "")

# Registration attempts per client address per hour (the "already registered" answer must not
# become an oracle for ID numbers).
REGISTRATIONS_PER_ADDRESS_PER_HOUR = env_int("ZHICHENG_REGISTRATIONS_PER_ADDRESS_PER_HOUR", 10)
# Account recovery by one-time code (accounts/services/recovery.py): a code's life and tries, codes per
# account and requests per client address per hour.
RECOVERY_CODE_MINUTES = env_int("ZHICHENG_RECOVERY_CODE_MINUTES", 10)
RECOVERY_CODE_MAX_ATTEMPTS = env_int("ZHICHENG_RECOVERY_CODE_MAX_ATTEMPTS", 5)
RECOVERY_CODES_PER_ACCOUNT_PER_HOUR = env_int("ZHICHENG_RECOVERY_CODES_PER_ACCOUNT_PER_HOUR", 5)
RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR = env_int("ZHICHENG_RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR", 20)
# Codes sent to a new phone number or e-mail address per account per hour (changing contacts).
CONTACT_CHANGE_CODES_PER_ACCOUNT_PER_HOUR = env_int("ZHICHENG_CONTACT_CHANGE_CODES_PER_ACCOUNT_PER_HOUR", 5)
# Wrong second-factor codes in one login before the session is ended.
TWO_FACTOR_MAX_FAILURES = env_int("ZHICHENG_2FA_MAX_FAILURES", 5)

# Exchange API: requests per external system per window.
EXCHANGE_API_RATE_LIMIT = env_int("ZHICHENG_API_RATE_LIMIT", 600)
EXCHANGE_API_RATE_WINDOW = env_int("ZHICHENG_API_RATE_WINDOW_SECONDS", 60)
# Exchange API: the largest request body (a batch of 500 holders with every text at its maximum
# and escaped as \uXXXX is about 1.2 MB); larger bodies get 413 payload_too_large.
EXCHANGE_API_MAX_BODY_BYTES = env_int("ZHICHENG_API_MAX_BODY_KB", 2048) * 1024

# The benchmark's floor view /bench/floor/ (bench/run.py switches it on; never in service).
BENCH_FLOOR = env_bool("ZHICHENG_BENCH_FLOOR", False)

SITE_NAME = "广东省职称网上申报系统"
DEFAULT_PUBLIC_BASE_URL = env("ZHICHENG_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_personal_data": {"()": "zhicheng.common.logging.MaskPersonalDataFilter"},
        "request_id": {"()": "zhicheng.common.logging.RequestIdFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_personal_data", "request_id"],
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["console"], "level": env("ZHICHENG_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
    },
}

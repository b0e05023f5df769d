"""System checks of the audit key (``manage.py check`` and every start of the application)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

from .sealing import MIN_KEY_LENGTH, split_keys


@register(Tags.security)
def audit_key_check(app_configs=None, **kwargs):
    """The audit key seals every audit row: it must be long enough to resist guessing."""
    problems = []
    missing = "ZHICHENG_AUDIT_KEY" in settings.MISSING_SECRETS  # zhicheng.E002 says so
    if not missing and len(settings.AUDIT_KEY) < MIN_KEY_LENGTH:
        problems.append(Error(
            f"ZHICHENG_AUDIT_KEY is shorter than {MIN_KEY_LENGTH} characters.",
            hint='Generate one with: python -c "import secrets; print(secrets.token_urlsafe(32))"',
            id="audit.E001",
        ))
    if any(len(k) < MIN_KEY_LENGTH for k in split_keys(settings.AUDIT_OLD_KEYS)):
        problems.append(Error(
            f"A key in ZHICHENG_AUDIT_OLD_KEYS is shorter than {MIN_KEY_LENGTH} characters "
            "(keys are separated by commas, spaces or new lines).",
            id="audit.E002",
        ))
    return problems

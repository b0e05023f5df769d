"""Masking of personal data for display and logs: ``440105********123X``, ``138****5678``."""

from __future__ import annotations


def mask_id_number(value: str | None) -> str:
    """Any identity document number: ``440105********123X`` (18), ``KAZ110*****3105`` (15),
    ``H1*****78`` (港澳 permit), ``12****78`` (台湾 permit); shorter than 8: all stars."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    if len(value) < 15:
        return value[:2] + "*" * (len(value) - 4) + value[-2:]
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_email(value: str | None) -> str:
    if not value or "@" not in value:
        return value or ""
    local, domain = value.split("@", 1)
    return (local[:1] + "***" + "@" + domain) if local else value

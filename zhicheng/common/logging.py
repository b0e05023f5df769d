"""Logging filters: never write a full ID or phone number to a log."""

from __future__ import annotations

import logging
import re

from .masking import mask_id_number, mask_phone
from .middleware import current_request_id

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")


def _looks_like_id_number(value: str) -> bool:
    """A province prefix and a real birth date: certificate numbers (starting 19/20) don't match."""
    from .validators import PROVINCE_PREFIXES, id_number_birth_date

    if value[:2] not in PROVINCE_PREFIXES:
        return False
    try:
        birth = id_number_birth_date(value)
    except ValueError:
        return False
    return 1900 <= birth.year <= 2100


def mask_text(text: str) -> str:
    text = _ID.sub(lambda m: mask_id_number(m.group(1)) if _looks_like_id_number(m.group(1)) else m.group(1), text)
    return _PHONE.sub(lambda m: mask_phone(m.group(1)), text)


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not hide the record
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True

"""Logging filters: never write a full ID or phone number to a log.

Two rules, one per kind of text:

* **messages** (``mask_text``): an 18-character ID number with a province prefix and a real birth
  date, and an 11-digit mobile number, are masked wherever they stand (certificate numbers,
  which also have 18 characters, stay readable);
* **request paths and query strings** (``mask_url``), as access logs write them: any component
  that holds an ID-like string (15 digits, or 17 digits and a digit or ``X``) or a phone-like one
  (11 digits starting with 1) is masked, also when it was typed with spaces, hyphens or
  full-width digits or is percent-encoded. A URL is written by the browser before the server
  sees it, so nothing is assumed about what it holds.

``MaskPersonalDataFilter`` applies both to every record of the project's handlers (Django's
request logging included); ``zhicheng.common.gunicorn.MaskingGunicornLogger`` applies
``mask_url`` to gunicorn's access log.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from urllib.parse import quote, unquote_plus

from .masking import mask_id_number, mask_phone
from .middleware import current_request_id

# \d also matches full-width digits: a number typed full-width is masked too.
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXxＸｘ])(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")


def _looks_like_id_number(value: str) -> bool:
    """A province prefix and a real birth date: certificate numbers (starting 19/20) don't match."""
    from .validators import PROVINCE_PREFIXES, id_number_birth_date, normalize_identifier

    value = normalize_identifier(value)
    if value[:2] not in PROVINCE_PREFIXES:
        return False
    try:
        birth = id_number_birth_date(value)
    except ValueError:
        return False
    return 1900 <= birth.year <= 2100


def _mask_plain(text: str) -> str:
    text = _ID.sub(lambda m: mask_id_number(m.group(1)) if _looks_like_id_number(m.group(1)) else m.group(1), text)
    return _PHONE.sub(lambda m: mask_phone(m.group(1)), text)


# In URLs: any ID-like or phone-like run, whatever its region or date.
_URL_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_URL_PHONE = re.compile(r"(?<![0-9A-Za-z])(1\d{10})(?![0-9A-Za-z])")
_URL_SEPARATORS = re.compile(r"([/?&=;#,]+)")
_TYPED_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fc\uff0d]+")
_COUNTRY_CODE = re.compile(r"(?:\+|00)?86(?=1\d{10}(?![0-9A-Za-z]))")
_URL_TOKEN = re.compile(r"(?:^|(?<=[\s\"'(]))((?:https?://[^\s\"'/]+)?/[^\s\"']*|\?[^\s\"']+)")


def _mask_url_component(component: str) -> str:
    if not any(ch.isdigit() for ch in component) and "%" not in component:
        return component
    decoded = unquote_plus(component)
    typed = _TYPED_SEPARATORS.sub("", unicodedata.normalize("NFKC", decoded))
    typed = _COUNTRY_CODE.sub("", typed)
    masked = _URL_ID.sub(lambda m: mask_id_number(m.group(1)), typed)
    masked = _URL_PHONE.sub(lambda m: mask_phone(m.group(1)), masked)
    if masked == typed:
        return component
    return quote(masked, safe="*")


def mask_url(url: str) -> str:
    """A path with its query string (or a full URL), with every component that holds an ID-like
    or phone-like string masked (``q=440105********123X``); other components are kept as sent."""
    if not url:
        return url
    return "".join(
        part if _URL_SEPARATORS.fullmatch(part) else _mask_url_component(part)
        for part in _URL_SEPARATORS.split(url)
    )


def mask_text(text: str) -> str:
    """A log message with personal data masked: every path or URL in it by ``mask_url``, the
    rest by the narrower message rule."""
    text = _URL_TOKEN.sub(lambda m: mask_url(m.group(1)), text)
    return _mask_plain(text)


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

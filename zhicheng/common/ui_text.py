"""The rule for text shown in the Chinese user interface: no English words, except a short list.

Checked by the crawl (``tests/crawl``) on every page people reach, and by
``zhicheng/common/tests/test_ui_text.py`` on every label, help text, choice and message that models
and forms declare (where such text enters the pages). Codes shown to people (a country's ISO 3166
code, a command, a model label) belong inside ``<code>`` or an element with ``translate="no"``,
which the crawl does not read; ``english_words`` also skips e-mail addresses, URLs, paths, file
names and tokens holding digits, which are data, not interface text.
"""

from __future__ import annotations

import re

#: English words that belong in the Chinese UI: file formats, standards and brand or product names,
#: key names. Compared case-insensitively.
ALLOWED_WORDS: frozenset[str] = frozenset(
    w.lower()
    for w in (
        # file formats and units
        "PDF",
        "Excel",
        "xlsx",
        "Word",
        "docx",
        "JPG",
        "JPEG",
        "PNG",
        "CSV",
        "JSON",
        "KB",
        "MB",
        # standards, protocols and identifiers
        "API",
        "OpenAPI",
        "ISO",
        "GB",
        "ID",
        "URL",
        "QR",
        "HTTP",
        "HTTPS",
        "IP",
        "OTP",
        "TOTP",
        "SHA",
        "UTC",
        "ISBN",
        "ISSN",
        "DOI",
        "ORCID",
        "SCI",
        "EI",
        "SSCI",
        "CSSCI",
        "Bearer",
        "Token",
        # brand and product names
        "htmx",
        "Chrome",
        "Chromium",
        "Edge",
        "Firefox",
        "Safari",
        "WPS",
        "Microsoft",
        "Google",
        "Authenticator",
        "FreeOTP",
        "Android",
        "iOS",
        "App",
        # key names
        "Ctrl",
        "Shift",
        "Enter",
        "Tab",
    )
)

_DATA = re.compile(
    r"[\w.+*-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses, masked ones (z***@example.com) too
    r"|https?://\S+"  # URLs
    r"|\.?/[\w/.-]+"  # paths and commands run from the project directory
    r"|[\w-]+\.(?:pdf|png|jpe?g|xlsx|csv|json|txt)\b"  # file names
    r"|（[A-Z]{2,3}）"  # an ISO 3166 country code after the country's Chinese name
    r"|\b[\w-]*\d[\w-]*\b",  # numbers, certificate and document numbers
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str) -> list[str]:
    """The English words of ``text`` (two or more Latin letters) not in :data:`ALLOWED_WORDS`, in order.

    Args:
        text: the visible text of a page, or one label / help text / message.
    Returns:
        The offending words as they appear (may repeat); empty when the text follows the rule.
    """
    text = _DATA.sub(" ", str(text))
    return [w for w in _WORD.findall(text) if w.lower() not in ALLOWED_WORDS]

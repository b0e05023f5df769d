"""Addresses in plain text (a notification's body) shown as links, safely.

Messages name pages of this system by their public address (``ZHICHENG_PUBLIC_BASE_URL`` + path, e.g. the
公示 page in "公示名单中有您" messages) or by their path. On the pages they read as links; only addresses of
this site become links, and the link is the path alone (so it follows whatever host the reader is on); any
other address stays text. The text is escaped first: nothing in it becomes markup.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .next_url import is_safe_next

#: An address: a URL up to a space, a quote, an angle bracket or Chinese punctuation; or a path of this
#: site after a space, Chinese text or the start ("/evaluation/notices/5/").
_ADDRESS = re.compile(r"https?://[^\s<>\"'，。；、：）】」]+|(?<![\w/.:])/[A-Za-z][\w\-./]*(?:\?[^\s<>\"'，。；、）】」]*)?")
#: ASCII punctuation that ends a sentence rather than the address.
_TRAILING = ".,;:!?)]"


def _site_path(address: str) -> str | None:
    """The same-site path an address points at, or None (another host, a scheme other than http(s), a path
    this site does not serve)."""
    if address.startswith(("http://", "https://")):
        parts = urlsplit(address)
        if parts.netloc.lower() != urlsplit(settings.DEFAULT_PUBLIC_BASE_URL).netloc.lower():
            return None
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    else:
        path = address
    if not is_safe_next(path, host=urlsplit(settings.DEFAULT_PUBLIC_BASE_URL).netloc or "localhost"):
        return None
    try:
        resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return path


def link_site_addresses(text: str) -> SafeString:
    """``text`` escaped, with every address of this site in it made a link to its path.

    Args:
        text: plain text (a notification's body); may hold any characters.
    Returns:
        Safe HTML: the escaped text, where ``https://<public host>/path/`` or ``/path/`` of a page this site
        serves reads ``<a href="/path/">…</a>`` (the address as written is the link's text). Addresses of
        other hosts, unknown paths and anything else stay escaped text.
    """
    text = str(text or "")
    out: list[str] = []
    last = 0
    for match in _ADDRESS.finditer(text):
        address = match.group(0).rstrip(_TRAILING)
        end = match.start() + len(address)
        path = _site_path(address)
        if path is None:
            continue
        out.append(escape(text[last:match.start()]))
        out.append(f'<a href="{escape(path)}">{escape(address)}</a>')
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every part is escaped above

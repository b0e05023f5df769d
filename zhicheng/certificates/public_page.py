"""The QR code's verification page for anonymous visitors, kept rendered in the shared cache.

A certificate's public page (no form, nothing per visitor) is the same for everyone who scans
its QR code, and on results day thousands of employers scan the same few thousand codes. The
page is rendered once and kept for ``CERTIFICATE_PUBLIC_PAGE_SECONDS``; every service that
changes a certificate (report issued, void, replace) forgets it once its transaction commits, so
a voided certificate never shows as valid from the cache. Logged-in visitors get a fresh page
(their navigation is on it). The rate limit still counts every request.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction


def public_page_key(pk: int, number: str) -> str:
    # The number too: a page can never be served for another certificate, even from a cache that
    # two databases share (a staging copy next to production, the benchmark's two data sets).
    return f"certificates:public-page:{pk}:{number}"


def public_page_get(pk: int, number: str) -> bytes | None:
    return cache.get(public_page_key(pk, number))


def public_page_keep(pk: int, number: str, content: bytes) -> None:
    cache.set(public_page_key(pk, number), content, timeout=public_page_seconds())


def public_page_seconds() -> int:
    return settings.CERTIFICATE_PUBLIC_PAGE_SECONDS


def public_page_forget_on_commit(certificate) -> None:
    """Drop the kept page after the changing transaction commits (a reader in between would
    otherwise put the old state back)."""
    key = public_page_key(certificate.pk, certificate.number)
    transaction.on_commit(lambda: cache.delete(key))

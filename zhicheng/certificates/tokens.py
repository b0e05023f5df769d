"""Signed verification tokens for the QR code on an e-certificate.

The token carries the certificate id and number, signed with the project secret and a salt of
its own; it does not expire (a printed certificate is verified for decades) and it carries no
personal data. A voided certificate's token still opens the page, which then says "voided".
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "zhicheng.certificates.verify"


def verification_token_make(certificate) -> str:
    return signing.dumps({"i": certificate.pk, "n": certificate.number}, salt=SALT, compress=True)


def verification_token_read(token: str) -> tuple[int, str] | None:
    """(id, number) from a token, or None when it is not one of ours."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int) or not isinstance(data.get("n"), str):
        return None
    return data["i"], data["n"]


def verification_url(certificate) -> str:
    """The absolute public URL the QR code points to."""
    path = reverse("certificates:verify_token", args=[verification_token_make(certificate)])
    return settings.DEFAULT_PUBLIC_BASE_URL.rstrip("/") + path

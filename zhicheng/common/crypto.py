"""Authenticated encryption of personal data at rest, and keyed hashes for exact lookup.

AES-256-GCM with a random nonce; the key and a separate lookup key are derived with HKDF from
``settings.FIELD_ENCRYPTION_KEY`` (environment, file, or generated once under var/).
Ciphertexts carry a version prefix so that keys can be rotated.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_PREFIX = "v1:"


@lru_cache(maxsize=4)
def _keys(master: str) -> tuple[bytes, bytes]:
    def derive(info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"zhicheng", info=info).derive(master.encode())

    return derive(b"field-encryption"), derive(b"lookup-hash")


def _enc_key() -> bytes:
    return _keys(settings.FIELD_ENCRYPTION_KEY)[0]


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_enc_key()).encrypt(nonce, plaintext.encode("utf-8"), b"zhicheng")
    return _PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str) -> str:
    if not token.startswith(_PREFIX):
        raise ValueError("unknown ciphertext version")
    raw = base64.b64decode(token[len(_PREFIX) :])
    return AESGCM(_enc_key()).decrypt(raw[:12], raw[12:], b"zhicheng").decode("utf-8")


def lookup_hash(value: str) -> str:
    """Keyed hash (HMAC-SHA256) of a normalised value, for unique constraints and exact search."""
    key = _keys(settings.FIELD_ENCRYPTION_KEY)[1]
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()

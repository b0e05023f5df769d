"""Sealing audit rows and checkpoints with HMAC-SHA256 under a key the database does not hold.

The key comes from ``ZHICHENG_AUDIT_KEY`` (or ``ZHICHENG_AUDIT_KEY_FILE``; the embedded default
generates ``var/audit_key``, mode 0600). Each row stores the **key id** it was sealed under — the
first 16 hex digits of HMAC-SHA256(key, "zhicheng-audit-key-id"), so the id follows the key and
cannot be left stale by a rotation. Keys of earlier rotations (``ZHICHENG_AUDIT_OLD_KEYS``) are
kept only to verify what was sealed under them; new rows and checkpoints use the current key.

Someone who can write to the database but does not hold a key cannot produce a row hash (or a
checkpoint signature) that verifies: that is the whole point. Someone who holds the key can; see
docs/decisions/0015-audit-sealing-and-checkpoints.md for what is and is not detected.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from functools import lru_cache

from django.conf import settings

KEY_ID_LENGTH = 16
MIN_KEY_LENGTH = 32

_KEY_ID_INFO = b"zhicheng-audit-key-id"
_ROW_DOMAIN = b"zhicheng-audit-row\n"
_CHECKPOINT_DOMAIN = b"zhicheng-audit-checkpoint\n"

# The fields a row's hash covers: all of them except the id (its position is covered by
# ``prev_hash``) and the hash itself.
HASHED_FIELDS = (
    "created_at", "actor_id", "actor_label", "organisation_id", "action", "object_type",
    "object_id", "object_label", "result", "detail", "client_ip", "request_id", "prev_hash", "key_id",
)


class UnknownAuditKey(LookupError):
    """A row or checkpoint names a key id that is neither the current key nor an old one."""


def _as_bytes(key: str | bytes) -> bytes:
    return key if isinstance(key, bytes) else key.encode("utf-8")


def key_id_of(key: str | bytes) -> str:
    """The id stored with everything sealed under ``key`` (16 hex digits; reveals nothing of it)."""
    return hmac.new(_as_bytes(key), _KEY_ID_INFO, hashlib.sha256).hexdigest()[:KEY_ID_LENGTH]


def split_keys(value: str | list | tuple) -> tuple[str, ...]:
    """Old keys as configured: a list, or one string separated by commas, spaces or new lines."""
    if isinstance(value, str):
        value = re.split(r"[\s,]+", value)
    return tuple(k.strip() for k in value if k and k.strip())


@lru_cache(maxsize=8)
def _keyring(current: str, old: tuple[str, ...]) -> tuple[str, dict[str, bytes]]:
    ring = {key_id_of(k): _as_bytes(k) for k in old}
    current_id = key_id_of(current)
    ring[current_id] = _as_bytes(current)
    return current_id, ring


def _configured() -> tuple[str, dict[str, bytes]]:
    return _keyring(settings.AUDIT_KEY, split_keys(settings.AUDIT_OLD_KEYS))


def current_key_id() -> str:
    """The id of the key new rows and checkpoints are sealed under."""
    return _configured()[0]


def known_key_ids() -> list[str]:
    """Ids of every configured key, current first."""
    current, ring = _configured()
    return [current, *(k for k in ring if k != current)]


def key_for(key_id: str) -> bytes:
    """The key with this id. Raises :class:`UnknownAuditKey` if none is configured."""
    ring = _configured()[1]
    try:
        return ring[key_id]
    except KeyError:
        raise UnknownAuditKey(key_id) from None


def _row_payload(event) -> bytes:
    payload = {}
    for name in HASHED_FIELDS:
        value = getattr(event, name)
        if name == "created_at":
            value = value.isoformat()
        payload[name] = value
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")


def seal(event, *, key: str | bytes) -> str:
    """HMAC-SHA256 of an audit row's fields (``HASHED_FIELDS``, its ``prev_hash`` included) under ``key``."""
    return hmac.new(_as_bytes(key), _ROW_DOMAIN + _row_payload(event), hashlib.sha256).hexdigest()


def event_hash(event) -> str:
    """The hash a row must carry: :func:`seal` under the configured key named by ``event.key_id``.

    Raises :class:`UnknownAuditKey` when that key is not configured (a forged key id, an empty one
    — rows are never unsealed — or an old key that was dropped from ``ZHICHENG_AUDIT_OLD_KEYS``).
    """
    return seal(event, key=key_for(event.key_id))


def checkpoint_signature(fields: dict, *, key_id: str) -> str:
    """HMAC-SHA256 of a checkpoint's fields (canonical JSON, ``sig`` excluded) under the key ``key_id``."""
    body = {k: v for k, v in fields.items() if k != "sig"}
    blob = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hmac.new(key_for(key_id), _CHECKPOINT_DOMAIN + blob, hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two hex digests."""
    return hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))

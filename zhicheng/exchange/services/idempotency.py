"""Idempotency of the API's writes (docs/api.md, 幂等): one stored answer per (system, Idempotency-Key)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.common.bulk import insert_unless_conflict

from ..models import ExternalSystem, IdempotencyRecord
from .errors import ExchangeError

_KEY_SHAPE = re.compile(r"^[\x21-\x7e]{1,200}$")


class _KeyTaken(Exception):
    """Another request holds (or held) this Idempotency-Key."""


def request_hash(*, endpoint: str, payload: Any) -> str:
    """SHA-256 (hex) of an endpoint and its canonical JSON payload (sorted keys, no spaces).

    Two writes under one Idempotency-Key are the same request only if their hashes match; otherwise the
    second is 422 ``idempotency_key_reused`` (docs/api.md)."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{endpoint}\n{canonical}".encode()).hexdigest()


def idempotency_key_check(key: str | None) -> str:
    """Return the Idempotency-Key header of a write, checked: 1–200 printable ASCII characters.

    Raises ``ExchangeError("idempotency_key_missing")`` when absent and
    ``ExchangeError("idempotency_key_invalid")`` when malformed (both 400 at the API's edge; docs/api.md,
    error catalogue)."""
    if key is None or key == "":
        raise ExchangeError("idempotency_key_missing")
    if not _KEY_SHAPE.match(key):
        raise ExchangeError("idempotency_key_invalid")
    return key


def _replay(record: IdempotencyRecord, wanted_hash: str) -> tuple[int, dict, bool]:
    """The stored answer of the first request with this key, if this one is the same request."""
    if record.request_hash != wanted_hash:
        raise ExchangeError(
            "idempotency_key_reused",
            details={"first_used_at": timezone.localtime(record.created_at).isoformat(timespec="seconds"),
                     "endpoint": record.endpoint},
        )
    return record.status, record.body, True


def idempotent_write(
    *, system: ExternalSystem, key: str | None, endpoint: str, payload: Any,
    change: Callable[[], tuple[int, dict]],
) -> tuple[int, dict, bool]:
    """Run ``change`` once per (system, key): (status, body, replayed?).

    The record is inserted first, inside the same transaction as the change: a concurrent
    request with the same key waits on the unique index, then finds the committed record and
    gets the stored answer. An error rolls everything back, record included (a failed request
    does not use up its key).

    Args:
        system: the calling system (keys are per system); key: the Idempotency-Key header as sent;
        endpoint: the audit action of the endpoint (``api_action``); payload: the parsed JSON body;
        change: does the write and returns (HTTP status, JSON body) to store and answer.

    Raises ``ExchangeError``: ``idempotency_key_missing`` / ``idempotency_key_invalid`` (the key),
    ``idempotency_key_reused`` (the same key with a different endpoint or body, ``details`` with
    ``first_used_at`` and ``endpoint``), ``idempotency_conflict`` (the first request with the key is
    still running); and whatever ``change`` raises.
    """
    key = idempotency_key_check(key)
    wanted = request_hash(endpoint=endpoint, payload=payload)
    try:
        with transaction.atomic():
            # One statement claims the key: a replay finds it taken at once, a concurrent first
            # request makes this wait until that one commits (taken) or rolls back (ours).
            record = IdempotencyRecord(system=system, key=key, endpoint=endpoint, request_hash=wanted)
            if not insert_unless_conflict(record):
                raise _KeyTaken
            status, body = change()
            record.status = status
            record.body = body
            record.save(update_fields=["status", "body"])
    except _KeyTaken:
        existing = IdempotencyRecord.objects.filter(system=system, key=key).first()
        if existing is None or not existing.status:
            raise ExchangeError("idempotency_conflict") from None
        return _replay(existing, wanted)
    return status, body, False


def idempotency_records_prune(*, older_than_days: int | None = None, actor=None) -> int:
    """Delete the stored answers older than ``older_than_days`` (setting
    ``EXCHANGE_IDEMPOTENCY_DAYS``, 30 by default); after that a key counts as new. Audited."""
    days = older_than_days if older_than_days is not None else settings.EXCHANGE_IDEMPOTENCY_DAYS
    if days < 1:
        raise ValueError("keep idempotency records for at least one day")
    cutoff = timezone.now() - dt.timedelta(days=days)
    with transaction.atomic():
        deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
        audit_record(
            action="exchange.idempotency_prune", actor=actor, object_type="exchange.idempotencyrecord",
            detail={"older_than_days": days, "deleted": deleted},
        )
    return deleted

"""Writing to the audit log. Call ``audit_record`` from services, inside their transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from zhicheng.common.logging import mask_text
from zhicheng.common.middleware import current_client_ip, current_request_id

from .models import AuditChainHead, AuditEvent

HASHED_FIELDS = (
    "created_at", "actor_id", "actor_label", "organisation_id", "action", "object_type",
    "object_id", "object_label", "result", "detail", "client_ip", "request_id", "prev_hash",
)


def event_hash(event: AuditEvent) -> str:
    payload = {}
    for name in HASHED_FIELDS:
        value = getattr(event, name)
        if name == "created_at":
            value = value.isoformat()
        payload[name] = value
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _scrub(detail: Any) -> Any:
    """No full ID or phone number reaches the log, whatever a caller passes."""
    if isinstance(detail, dict):
        return {k: _scrub(v) for k, v in detail.items()}
    if isinstance(detail, list | tuple):
        return [_scrub(v) for v in detail]
    if isinstance(detail, str):
        return mask_text(detail)
    return detail


def _actor_label(actor) -> str:
    if actor is None:
        return ""
    return getattr(actor, "audit_label", str(actor))[:100]


@transaction.atomic(savepoint=False)  # part of the caller's transaction: all or nothing
def audit_record(
    *,
    action: str,
    actor=None,
    organisation=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    result: str = AuditEvent.Result.SUCCESS,
    detail: dict | None = None,
) -> AuditEvent:
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    event = AuditEvent(
        created_at=timezone.now(),
        actor=actor,
        actor_label=_actor_label(actor),
        organisation=organisation,
        action=action,
        object_type=object_type[:64],
        object_id=object_id[:64],
        object_label=mask_text(object_label)[:200],
        result=result,
        detail=_scrub(detail or {}),
        client_ip=current_client_ip.get(),
        request_id=current_request_id.get() if current_request_id.get() != "-" else "",
        prev_hash=head.last_hash,
    )
    event.row_hash = event_hash(event)
    event.save(force_insert=True)
    head.last_hash = event.row_hash
    head.save(update_fields=["last_hash"])
    return event


@dataclass(frozen=True)
class ChainBreak:
    """One broken link found by ``audit_chain_breaks``; ``event_id`` is None for the chain head."""

    event_id: int | None
    kind: str  # "link", "hash" or "head"
    message: str


def audit_chain_breaks() -> list[ChainBreak]:
    """Walk the whole chain in id order and describe every broken link.

    The head is read first: rows chained afterwards by concurrent transactions do not cause a
    false alarm, and its hash must belong to one of the rows read, otherwise the newest rows
    were deleted (which the links alone cannot show).
    """
    head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
    breaks: list[ChainBreak] = []
    prev = ""
    head_seen = not head
    any_rows = False
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        any_rows = True
        if event.prev_hash != prev:
            breaks.append(ChainBreak(event.id, "link", f"#{event.id}: 与上一条记录的链接不符（可能有记录被删除或插入）"))
        if event_hash(event) != event.row_hash:
            breaks.append(ChainBreak(event.id, "hash", f"#{event.id}: 内容与其哈希不符（记录被修改）"))
        if head and event.row_hash == head:
            head_seen = True
        prev = event.row_hash
    if any_rows and head is None:
        breaks.append(ChainBreak(None, "head", "链头记录缺失（审计链头被删除）"))
    elif not head_seen:
        breaks.append(ChainBreak(None, "head", "链头指向的记录不存在（最新的记录可能被删除）"))
    return breaks


def audit_verify_chain() -> list[str]:
    """Return a description of every broken link (empty when the chain is intact)."""
    return [b.message for b in audit_chain_breaks()]

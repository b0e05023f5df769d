"""Writing to the audit log and checking it. Call ``audit_record`` from services, inside their
transaction; ``audit_chain_check`` verifies every row's seal, the links, the head and the
checkpoints kept outside the database (docs/decisions/0015-audit-sealing-and-checkpoints.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from zhicheng.common.db import commit_without_flush
from zhicheng.common.logging import mask_text
from zhicheng.common.middleware import current_client_ip, current_request_id

from . import sealing
from .checkpoints import Checkpoint, audit_checkpoint_after_events, audit_checkpoints_read
from .models import AuditChainHead, AuditEvent
from .sealing import HASHED_FIELDS, event_hash  # noqa: F401 - part of this module's interface


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
    """Append one event to the audit trail, sealed and chained (decision 0015).

    Args:
        action: a dotted code with a Chinese label in ``audit/labels.py`` (e.g. ``case.approve``).
        actor: the user acting, or None for the system; an anonymous user is recorded as None.
        organisation: the organisation acted for; obj: the object acted on (type, id and label are
            taken from it unless given); object_label is masked (no full ID or phone numbers).
        result: ``AuditEvent.Result``; detail: JSON-safe facts, scrubbed of secrets and masked.

    The row takes the chain head under a row lock, so events are totally ordered; its hash is an
    HMAC-SHA256 under the audit key over the row and the previous hash. Every
    ``ZHICHENG_AUDIT_CHECKPOINT_EVERY`` events a checkpoint is written after commit. Returns the event."""
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
        key_id=sealing.current_key_id(),
    )
    event.row_hash = event_hash(event)
    event.save(force_insert=True)
    head.last_hash = event.row_hash
    head.save(update_fields=["last_hash"])
    every = settings.AUDIT_CHECKPOINT_EVERY
    if every > 0 and event.id % every == 0:
        transaction.on_commit(audit_checkpoint_after_events)
    return event


def audit_record_read(**event) -> AuditEvent:
    """``audit_record(**event)`` for an event that records a *read* (an access log row: a reviewer opened an
    applicant's full record, a paper form was downloaded, the audit log was looked at), in a transaction of
    its own that commits without waiting for the disk flush (``zhicheng.common.db.commit_without_flush``,
    decision 0039): the page does not wait for the disk, the row is sealed and chained like any other.
    Called inside a transaction already begun it is simply part of it. Takes and raises what
    ``audit_record`` does; returns the event."""
    with commit_without_flush():
        return audit_record(**event)


@dataclass(frozen=True)
class ChainBreak:
    """One problem found by ``audit_chain_check``; ``event_id`` is None when no single row is at fault.

    ``kind``: "link" (rows deleted or inserted before this one), "hash" (the row does not match its
    seal), "key" (sealed under a key that is not configured), "checkpoint" (the database no longer
    matches a checkpoint), "head" (the chain head) or "checkpoint_file" (the checkpoints themselves).
    """

    event_id: int | None
    kind: str
    message: str


@dataclass
class ChainReport:
    """What ``audit_chain_check`` found, and what it could rely on."""

    breaks: list[ChainBreak] = field(default_factory=list)
    rows: int = 0
    last_row_id: int = 0
    checkpoints: int = 0
    last_checkpoint: Checkpoint | None = None
    rows_after_checkpoint: int = 0
    checkpoint_file: str = ""

    @property
    def intact(self) -> bool:
        return not self.breaks

    @property
    def first_bad_row(self) -> int | None:
        return next((b.event_id for b in self.breaks if b.event_id is not None), None)


def _row_breaks(event: AuditEvent, *, prev: str, checkpoints) -> list[ChainBreak]:
    """The problems of one row: its link to the row before (``prev``, its hash), its seal, and the
    hashes the ``checkpoints`` naming it recorded."""
    breaks = []
    if event.prev_hash != prev:
        breaks.append(ChainBreak(event.id, "link", f"#{event.id}: 与上一条记录的链接不符（可能有记录被删除或插入）"))
    try:
        sealed = sealing.same(event_hash(event), event.row_hash)
    except sealing.UnknownAuditKey:
        breaks.append(
            ChainBreak(
                event.id,
                "key",
                f"#{event.id}: 签名密钥“{event.key_id or '无'}”不是已配置的审计密钥（记录被伪造，或旧密钥未配置）",
            )
        )
    else:
        if not sealed:
            breaks.append(ChainBreak(event.id, "hash", f"#{event.id}: 内容与其密钥签名不符（记录被修改）"))
    for cp in checkpoints:
        if not sealing.same(cp.last_hash, event.row_hash):
            breaks.append(
                ChainBreak(
                    event.id,
                    "checkpoint",
                    f"#{event.id}: 与检查点 {cp.seq}（{cp.at_local}）记录的签名不符（记录在检查点之后被改写）",
                )
            )
    return breaks


def _missing_row_breaks(report: ChainReport, unmatched: dict[int, list[Checkpoint]]) -> list[ChainBreak]:
    """The checkpoints whose row was not found: deleted inside the chain, or the newest rows deleted."""
    breaks = []
    missing = sorted((cp for cps in unmatched.values() for cp in cps), key=lambda cp: cp.seq)
    inner = [cp for cp in missing if cp.last_id <= report.last_row_id]
    for cp in inner:
        breaks.append(
            ChainBreak(None, "checkpoint", f"检查点 {cp.seq}（{cp.at_local}）记录的 #{cp.last_id} 不存在（记录被删除）")
        )
    beyond = [cp for cp in missing if cp.last_id > report.last_row_id]
    if beyond:
        cp = beyond[0]
        if report.rows:
            what = f"现存最新记录为 #{report.last_row_id}：#{report.last_row_id} 之后的记录缺失（被删除）"
        else:
            what = "现在没有任何记录：全部记录缺失（被删除）"
        breaks.append(
            ChainBreak(None, "checkpoint", f"检查点 {cp.seq}（{cp.at_local}）时最新记录为 #{cp.last_id}，{what}")
        )
    return breaks


def audit_chain_check(*, checkpoint_file: Path | str | None = None) -> ChainReport:
    """Walk the whole chain in id order and report every problem, the first bad row first.

    Each row must carry the hash of the row before it and its own seal — HMAC-SHA256 under the
    configured key its ``key_id`` names (``sealing.event_hash``); a row rewritten and re-linked by
    someone without the key fails here. Each checkpoint in ``checkpoint_file`` (default
    ``settings.AUDIT_CHECKPOINT_FILE``) must be signed, in sequence, and name a row that still
    exists with the checkpointed hash: deleting the newest rows and moving the head back fails
    here ("rows after #N are missing"). The checkpoints are read first and the head before the
    rows, so rows chained concurrently during a check raise no false alarm.
    """
    path = Path(checkpoint_file or settings.AUDIT_CHECKPOINT_FILE)
    checkpoints, file_problems = audit_checkpoints_read(path)
    head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
    report = ChainReport(checkpoint_file=str(path), checkpoints=len(checkpoints),
                         last_checkpoint=checkpoints[-1] if checkpoints else None)
    by_row: dict[int, list[Checkpoint]] = {}
    for cp in checkpoints:
        by_row.setdefault(cp.last_id, []).append(cp)
    covered_until = max((cp.last_id for cp in checkpoints), default=0)
    breaks = report.breaks
    prev = ""
    head_seen = not head
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        report.rows += 1
        report.last_row_id = event.id
        if event.id > covered_until:
            report.rows_after_checkpoint += 1
        breaks.extend(_row_breaks(event, prev=prev, checkpoints=by_row.pop(event.id, ())))
        if head and event.row_hash == head:
            head_seen = True
        prev = event.row_hash
    by_row.pop(0, None)  # checkpoints of an empty chain name no row
    breaks.extend(_missing_row_breaks(report, by_row))
    if report.rows and head is None:
        breaks.append(ChainBreak(None, "head", "链头记录缺失（审计链头被删除）"))
    elif not head_seen:
        breaks.append(ChainBreak(None, "head", "链头指向的记录不存在（最新的记录可能被删除）"))
    breaks.extend(ChainBreak(None, "checkpoint_file", f"{p.message}（{path}）") for p in file_problems)
    return report


def audit_chain_breaks(*, checkpoint_file: Path | str | None = None) -> list[ChainBreak]:
    """The problems of ``audit_chain_check``, the first bad row first (empty when all is intact)."""
    return audit_chain_check(checkpoint_file=checkpoint_file).breaks


def audit_verify_chain() -> list[str]:
    """Return a description of every problem (empty when the chain is intact)."""
    return [b.message for b in audit_chain_breaks()]

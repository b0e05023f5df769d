"""Signed checkpoints of the audit chain, kept outside the database.

A checkpoint says "at time T the newest audit row was #N with hash H", signed with HMAC-SHA256
under the audit key (``sealing.checkpoint_signature``) and linked to the checkpoint before it
(``prev`` is that one's signature). Each is one line::

    zhicheng-audit-checkpoint {"at": "...", "key_id": "...", "last_hash": "...", "last_id": 1234,
                               "prev": "...", "reason": "events", "seq": 57, "sig": "...", "v": 1}

appended to ``settings.AUDIT_CHECKPOINT_FILE`` (created 0600, one writer at a time under an
exclusive ``flock``, fsynced) and, when ``settings.AUDIT_CHECKPOINT_SYSLOG`` is set, sent to
syslog, so that a copy lives on another machine. The verifier (``services.audit_chain_check``)
reads the file — or a copy collected from syslog: any line containing the marker counts — and
requires every checkpointed row to exist with the checkpointed hash. Deleting the newest rows and
moving the chain head back is then reported as "rows after #N are missing", which the chain in
the database alone cannot show.
"""

from __future__ import annotations

import fcntl
import json
import logging
import logging.handlers
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone

from . import sealing
from .models import AuditEvent

logger = logging.getLogger(__name__)

MARKER = "zhicheng-audit-checkpoint"
VERSION = 1
REASONS = ("command", "events", "interval")
_TAIL_BYTES = 8192


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    at: str
    last_id: int  # 0: the chain was empty
    last_hash: str
    key_id: str
    prev: str
    reason: str
    sig: str

    def fields(self) -> dict:
        return {
            "v": VERSION, "seq": self.seq, "at": self.at, "last_id": self.last_id,
            "last_hash": self.last_hash, "key_id": self.key_id, "prev": self.prev,
            "reason": self.reason, "sig": self.sig,
        }

    def line(self) -> str:
        return f"{MARKER} {json.dumps(self.fields(), sort_keys=True, ensure_ascii=False, separators=(',', ':'))}"

    @property
    def at_local(self) -> str:
        """The time in Beijing time, to the second, for messages."""
        from datetime import datetime

        return timezone.localtime(datetime.fromisoformat(self.at)).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class CheckpointProblem:
    line_no: int
    message: str


def _parse(line: str) -> dict | None:
    start = line.find(MARKER)
    if start < 0:
        return None
    raw = line[start + len(MARKER):].strip()
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    return data


def _checkpoint_from(data: dict) -> Checkpoint:
    return Checkpoint(
        seq=int(data["seq"]), at=str(data["at"]), last_id=int(data["last_id"]), last_hash=str(data["last_hash"]),
        key_id=str(data["key_id"]), prev=str(data["prev"]), reason=str(data.get("reason", "")), sig=str(data["sig"]),
    )


def audit_checkpoints_read(path: Path | str | None = None) -> tuple[list[Checkpoint], list[CheckpointProblem]]:
    """Read and check the checkpoints in ``path`` (default: ``settings.AUDIT_CHECKPOINT_FILE``).

    Returns the checkpoints whose signature verifies, in file order, and a problem for every line
    that does not parse, does not verify, or breaks the sequence (a checkpoint removed, reordered or
    inserted). A missing file is no problem: it means no checkpoint was written yet.
    """
    path = Path(path or settings.AUDIT_CHECKPOINT_FILE)
    checkpoints: list[Checkpoint] = []
    problems: list[CheckpointProblem] = []
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return [], []
    previous: Checkpoint | None = None
    with handle:
        for line_no, line in enumerate(handle, start=1):
            try:
                data = _parse(line)
                if data is None:
                    continue
                cp = _checkpoint_from(data)
            except (ValueError, KeyError, TypeError):
                problems.append(
                    CheckpointProblem(line_no, f"检查点文件第 {line_no} 行无法识别（文件被改动或写入中断）")
                )
                continue
            try:
                valid = sealing.same(sealing.checkpoint_signature(data, key_id=cp.key_id), cp.sig)
            except sealing.UnknownAuditKey:
                problems.append(CheckpointProblem(
                    line_no, f"检查点 {cp.seq}（第 {line_no} 行）的签名密钥 {cp.key_id} 未配置，无法校验"))
                continue
            if not valid:
                problems.append(
                    CheckpointProblem(line_no, f"检查点 {cp.seq}（第 {line_no} 行）签名不符（检查点被伪造或改动）")
                )
                continue
            expected_seq = previous.seq + 1 if previous else 1
            expected_prev = previous.sig if previous else ""
            if cp.seq != expected_seq or cp.prev != expected_prev:
                problems.append(
                    CheckpointProblem(
                        line_no,
                        f"检查点 {cp.seq}（第 {line_no} 行）与前一个检查点不衔接（应为检查点 {expected_seq}："
                        "检查点被删除、插入或调换）",
                    )
                )
            checkpoints.append(cp)
            previous = cp
    return checkpoints, problems


def _last_checkpoint_in(handle_fd: int) -> Checkpoint | None:
    """The last well-formed checkpoint line of an open file (only its tail is read)."""
    size = os.lseek(handle_fd, 0, os.SEEK_END)
    start = max(0, size - _TAIL_BYTES)
    os.lseek(handle_fd, start, os.SEEK_SET)
    tail = os.read(handle_fd, size - start).decode("utf-8", "replace")
    for line in reversed(tail.splitlines()):
        try:
            data = _parse(line)
            if data is not None:
                return _checkpoint_from(data)
        except (ValueError, KeyError, TypeError):
            continue
    return None


def _newest_row() -> tuple[int, str]:
    row = AuditEvent.objects.order_by("-id").values_list("id", "row_hash").first()
    return row if row else (0, "")


def audit_checkpoint_write(*, reason: str, only_if_changed: bool = False) -> Checkpoint | None:
    """Append a signed checkpoint of the newest committed audit row to the checkpoint file, and
    send it to syslog if configured.

    Args: ``reason`` — one of ``REASONS`` (recorded in the checkpoint); ``only_if_changed`` —
    write nothing (and return None) when the newest row is the one the last checkpoint names.
    Raises ``OSError`` when the file cannot be written (a syslog failure is only logged).
    Source: docs/decisions/0015-audit-sealing-and-checkpoints.md.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown checkpoint reason {reason!r}")
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        last_id, last_hash = _newest_row()  # read under the lock: checkpoints never go backwards
        previous = _last_checkpoint_in(fd)
        if only_if_changed and previous is not None and previous.last_id == last_id and previous.last_hash == last_hash:
            return None
        key_id = sealing.current_key_id()
        fields = {
            "v": VERSION, "seq": previous.seq + 1 if previous else 1,
            "at": timezone.now().replace(microsecond=0).isoformat(),
            "last_id": last_id, "last_hash": last_hash, "key_id": key_id,
            "prev": previous.sig if previous else "", "reason": reason,
        }
        fields["sig"] = sealing.checkpoint_signature(fields, key_id=key_id)
        checkpoint = _checkpoint_from(fields)
        os.write(fd, (checkpoint.line() + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)  # releases the lock
    _send_to_syslog(checkpoint)
    return checkpoint


def _syslog_handler(target: str) -> logging.Handler:
    if target.startswith(("udp://", "tcp://")):
        url = urlparse(target)
        kind = socket.SOCK_DGRAM if url.scheme == "udp" else socket.SOCK_STREAM
        return logging.handlers.SysLogHandler(
            address=(url.hostname or "127.0.0.1", url.port or 514),
            facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV, socktype=kind,
        )
    return logging.handlers.SysLogHandler(address=target, facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV)


def _send_to_syslog(checkpoint: Checkpoint) -> None:
    target = settings.AUDIT_CHECKPOINT_SYSLOG
    if not target:
        return
    handler = None
    try:
        handler = _syslog_handler(target)
        handler.ident = "zhicheng: "
        handler.emit(logging.makeLogRecord({"msg": checkpoint.line(), "levelno": logging.INFO, "levelname": "INFO"}))
    except OSError:
        logger.exception("audit checkpoint %s not sent to syslog %s", checkpoint.seq, target)
    finally:
        if handler is not None:
            handler.close()


def audit_checkpoint_after_events() -> None:
    """The ``on_commit`` hook of ``audit_record``: write a checkpoint, never fail the request."""
    try:
        audit_checkpoint_write(reason="events", only_if_changed=True)
    except Exception:
        logger.exception("audit checkpoint after events not written")

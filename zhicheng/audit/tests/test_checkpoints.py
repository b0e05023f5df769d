"""Signed checkpoints outside the database: the file, its signatures and sequence, syslog, the
periodic and per-events hooks, key rotation."""

from __future__ import annotations

import json
import socket
import stat

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import connection

from zhicheng.audit import sealing
from zhicheng.audit.checkpoints import MARKER, audit_checkpoint_write, audit_checkpoints_read
from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_chain_check, audit_record
from zhicheng.audit.tasks import audit_checkpoint_periodic

from .helpers import append_only_guard_lifted

pytestmark = pytest.mark.django_db

OTHER_KEY = "a-second-audit-key-for-rotation-tests-0123456789"


def _events(n: int) -> list[AuditEvent]:
    return [audit_record(action="test.event", detail={"i": i}) for i in range(n)]


def _lines(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_checkpoint_is_a_signed_line_in_a_private_file(checkpoint_file):
    events = _events(3)
    cp = audit_checkpoint_write(reason="command")
    assert (cp.seq, cp.last_id, cp.last_hash, cp.prev) == (1, events[-1].id, events[-1].row_hash, "")
    assert stat.S_IMODE(checkpoint_file.stat().st_mode) == 0o600
    (line,) = _lines(checkpoint_file)
    assert line.startswith(MARKER + " ")
    data = json.loads(line[len(MARKER):])
    assert data["key_id"] == sealing.current_key_id()
    assert data["sig"] == sealing.checkpoint_signature(data, key_id=data["key_id"])
    assert audit_checkpoints_read() == ([cp], [])


def test_checkpoints_form_a_sequence(checkpoint_file):
    _events(1)
    first = audit_checkpoint_write(reason="command")
    _events(1)
    second = audit_checkpoint_write(reason="command")
    assert (second.seq, second.prev) == (2, first.sig)
    assert audit_chain_check().intact


def test_only_if_changed_skips_a_checkpoint_of_the_same_head(checkpoint_file):
    _events(2)
    assert audit_checkpoint_write(reason="interval", only_if_changed=True).seq == 1
    assert audit_checkpoint_write(reason="interval", only_if_changed=True) is None
    _events(1)
    assert audit_checkpoint_write(reason="interval", only_if_changed=True).seq == 2


def test_an_edited_checkpoint_is_reported(checkpoint_file):
    events = _events(3)
    audit_checkpoint_write(reason="command")
    line = _lines(checkpoint_file)[0]
    # Someone with the file but not the key moves the checkpoint back to an older row.
    forged = line.replace(f'"last_id":{events[-1].id}', f'"last_id":{events[0].id}').replace(
        events[-1].row_hash, events[0].row_hash)
    checkpoint_file.write_text(forged + "\n", encoding="utf-8")
    report = audit_chain_check()
    assert [b.kind for b in report.breaks] == ["checkpoint_file"]
    assert "检查点 1（第 1 行）签名不符" in report.breaks[0].message


def test_a_removed_checkpoint_and_a_garbled_line_are_reported(checkpoint_file):
    for _ in range(3):
        _events(1)
        audit_checkpoint_write(reason="command")
    lines = _lines(checkpoint_file)
    checkpoint_file.write_text("\n".join([lines[0], lines[2], MARKER + " {not json"]) + "\n", encoding="utf-8")
    messages = [b.message for b in audit_chain_check().breaks]
    assert any("检查点 3（第 2 行）与前一个检查点不衔接（应为检查点 2" in m for m in messages)
    assert any("第 3 行无法识别" in m for m in messages)


def test_a_missing_checkpoint_file_is_no_break_but_is_said(checkpoint_file, capsys):
    _events(2)
    report = audit_chain_check()
    assert report.intact and report.checkpoints == 0 and report.last_checkpoint is None
    call_command("verify_audit_chain")
    assert "检查点：无" in capsys.readouterr().out


def test_a_key_holder_rewriting_a_checkpointed_row_is_still_caught(checkpoint_file):
    """The checkpoint does not depend on the rows: with the key one can re-seal a row, but not
    change what a checkpoint outside the database says about it."""
    events = _events(3)
    audit_checkpoint_write(reason="command")
    row = events[-1]
    row.action = "forged.with.the.key"
    row.row_hash = sealing.event_hash(row)
    with append_only_guard_lifted(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET action = %s, row_hash = %s WHERE id = %s",
                    [row.action, row.row_hash, row.id])
        cur.execute("UPDATE audit_auditchainhead SET last_hash = %s", [row.row_hash])
    breaks = audit_chain_check().breaks
    assert [(b.event_id, b.kind) for b in breaks] == [(row.id, "checkpoint")]
    assert "与检查点 1" in breaks[0].message


def test_the_command_writes_on_demand_and_if_changed(checkpoint_file, capsys):
    events = _events(2)
    call_command("audit_checkpoint")
    assert f"已写入检查点 1：最新记录 #{events[-1].id}" in capsys.readouterr().out
    call_command("audit_checkpoint", "--if-changed")
    assert "未写入" in capsys.readouterr().out
    call_command("audit_checkpoint")  # on demand: always
    assert len(_lines(checkpoint_file)) == 2


def test_the_command_fails_loudly_when_the_file_cannot_be_written(settings, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("x")
    settings.AUDIT_CHECKPOINT_FILE = blocked / "checkpoints.jsonl"
    with pytest.raises(CommandError, match="检查点文件无法写入"):
        call_command("audit_checkpoint")


def test_every_n_events_a_checkpoint_is_written_after_commit(
    checkpoint_file, settings, django_capture_on_commit_callbacks
):
    settings.AUDIT_CHECKPOINT_EVERY = 3
    events = []
    for _ in range(7):  # each in its own transaction
        with django_capture_on_commit_callbacks(execute=True):
            events += _events(1)
    checkpoints, problems = audit_checkpoints_read()
    assert problems == []
    assert [cp.last_id for cp in checkpoints] == [e.id for e in events if e.id % 3 == 0]
    assert {cp.reason for cp in checkpoints} == {"events"}


def test_a_failing_checkpoint_never_fails_the_audited_request(settings, tmp_path, django_capture_on_commit_callbacks):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("x")
    settings.AUDIT_CHECKPOINT_FILE = blocked / "checkpoints.jsonl"
    settings.AUDIT_CHECKPOINT_EVERY = 1
    with django_capture_on_commit_callbacks(execute=True):
        event = audit_record(action="test.event")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_periodic_task_is_scheduled_and_writes_only_when_there_is_news(checkpoint_file, settings):
    assert settings.CELERY_BEAT_SCHEDULE["audit-checkpoint"]["task"] == audit_checkpoint_periodic.name
    assert settings.CELERY_BEAT_SCHEDULE["audit-checkpoint"]["schedule"] == settings.AUDIT_CHECKPOINT_SECONDS
    _events(1)
    assert audit_checkpoint_periodic.delay().get() == 1
    assert audit_checkpoint_periodic.delay().get() is None
    assert audit_checkpoints_read()[0][0].reason == "interval"


@pytest.fixture
def syslog_server():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(5)
    yield sock
    sock.close()


def test_checkpoints_go_to_syslog_and_a_collected_copy_verifies(checkpoint_file, settings, syslog_server, tmp_path):
    settings.AUDIT_CHECKPOINT_SYSLOG = f"udp://127.0.0.1:{syslog_server.getsockname()[1]}"
    events = _events(3)
    cp = audit_checkpoint_write(reason="command")
    received = syslog_server.recv(65536).decode("utf-8")
    assert received.startswith("<") and "zhicheng: " in received and cp.line() in received

    # The local file is gone with the server; the copy collected by the log host still tells.
    checkpoint_file.unlink()
    collected = tmp_path / "loghost.log"
    collected.write_text(
        f"Nov 30 21:00:00 web1 {received.strip()}\nNov 30 21:00:01 web1 sshd[1]: unrelated\n", encoding="utf-8"
    )
    with append_only_guard_lifted(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].id])
        cur.execute("UPDATE audit_auditchainhead SET last_hash = %s", [events[-2].row_hash])
    assert audit_chain_check().intact  # without the checkpoint, the truncation is invisible
    with pytest.raises(CommandError, match="1 处异常"):
        call_command("verify_audit_chain", "--checkpoints", str(collected))


def test_key_rotation_keeps_old_rows_verifiable(checkpoint_file, settings):
    old_id = sealing.current_key_id()
    before = _events(2)
    audit_checkpoint_write(reason="command")
    settings.AUDIT_OLD_KEYS = settings.AUDIT_KEY
    settings.AUDIT_KEY = OTHER_KEY
    after = _events(2)
    audit_checkpoint_write(reason="command")
    assert {e.key_id for e in before} == {old_id}
    assert {e.key_id for e in after} == {sealing.key_id_of(OTHER_KEY)} != {old_id}
    assert audit_chain_check().intact

    # Dropping the old key too early leaves its rows and checkpoints unverifiable, and says so.
    settings.AUDIT_OLD_KEYS = ""
    breaks = audit_chain_check().breaks
    bad = {b.event_id for b in breaks if b.kind == "key"}
    assert {e.id for e in before} <= bad and not {e.id for e in after} & bad
    assert any(b.kind == "checkpoint_file" and "未配置" in b.message for b in breaks)


def test_short_audit_keys_fail_the_system_check(settings):
    settings.AUDIT_KEY = "short"
    settings.AUDIT_OLD_KEYS = "also-short, " + OTHER_KEY
    ids = {m.id for m in run_checks()}
    assert {"audit.E001", "audit.E002"} <= ids

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_chain_breaks, audit_record, audit_verify_chain

from .helpers import append_only_guard_lifted

pytestmark = pytest.mark.django_db


def _three_events(cast):
    for i in range(3):
        audit_record(action="test.event", actor=cast["applicant_a"], detail={"i": i, "id": "44010519900101123X"})
    assert audit_verify_chain() == []
    return list(AuditEvent.objects.order_by("-id")[:3])[::-1]


def test_chain_detects_hand_edit(cast):
    event = _three_events(cast)[1]
    assert event.detail["id"] == "440105********123X"  # never a full ID number
    # The database refuses the edit; a DBA has to lift the guard first, as they could.
    with append_only_guard_lifted(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", event.id])
    assert AuditEvent.objects.get(pk=event.pk).action == "forged"
    problems = audit_verify_chain()
    assert problems == [f"#{event.id}: 内容与其密钥签名不符（记录被修改）"]
    with pytest.raises(CommandError):
        call_command("verify_audit_chain")


def test_chain_detects_deleted_row_in_the_middle(cast):
    first, middle, last = _three_events(cast)
    with append_only_guard_lifted(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [middle.id])
    breaks = audit_chain_breaks()
    assert [(b.event_id, b.kind) for b in breaks] == [(last.id, "link")]


def test_chain_detects_deleted_newest_row(cast):
    *_, last = _three_events(cast)
    with append_only_guard_lifted(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [last.id])
    breaks = audit_chain_breaks()
    assert [b.kind for b in breaks] == ["head"]


def test_verify_command_reports_intact_chain(cast, capsys):
    _three_events(cast)
    call_command("verify_audit_chain")
    assert "完整" in capsys.readouterr().out

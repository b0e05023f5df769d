import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_record, audit_verify_chain

pytestmark = pytest.mark.django_db


def test_chain_detects_hand_edit(cast):
    for i in range(3):
        audit_record(action="test.event", actor=cast["applicant_a"], detail={"i": i, "id": "44010519900101123X"})
    assert audit_verify_chain() == []
    event = AuditEvent.objects.order_by("id")[1]
    assert event.detail["id"] == "440105********123X"  # never a full ID number
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", event.id])
    problems = audit_verify_chain()
    assert any(f"#{event.id}" in p for p in problems)
    with pytest.raises(CommandError):
        call_command("verify_audit_chain")

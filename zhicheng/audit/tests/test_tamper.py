"""Attacks by someone who can write to the database (owner, DBA, a stolen connection) but does not
hold the audit key: both must be reported, with the first bad row.

(a) delete the newest events and move the chain head back to the new newest row;
(b) change one event and recompute every later hash and the head with the project's own code.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_chain_breaks, audit_record, event_hash

from .helpers import append_only_guard_lifted

pytestmark = pytest.mark.django_db

ATTACKER_KEY = "the-attacker-does-not-hold-the-real-key-0123456789"


def _events(cast, n: int) -> list[AuditEvent]:
    return [
        audit_record(action="test.event", actor=cast["applicant_a"], detail={"i": i}) for i in range(n)
    ]


def _rehash_from(event_id: int, *, action: str | None = None, key_id: str | None = None) -> None:
    """Change row ``event_id`` and re-link every later row and the head with the project's own
    hash function, as someone would who has the code and the database but not the audit key."""
    rows = list(AuditEvent.objects.filter(id__gte=event_id).order_by("id"))
    prev = AuditEvent.objects.filter(id__lt=event_id).order_by("-id").values_list("row_hash", flat=True).first() or ""
    with append_only_guard_lifted(), connection.cursor() as cur:
        for row in rows:
            if row.id == event_id and action:
                row.action = action
            if key_id is not None:
                row.key_id = key_id
                cur.execute("UPDATE audit_auditevent SET key_id = %s WHERE id = %s", [key_id, row.id])
            row.prev_hash = prev
            row.row_hash = _attacker_hash(row)
            prev = row.row_hash
            cur.execute(
                "UPDATE audit_auditevent SET action = %s, prev_hash = %s, row_hash = %s WHERE id = %s",
                [row.action, row.prev_hash, row.row_hash, row.id],
            )
        cur.execute("UPDATE audit_auditchainhead SET last_hash = %s", [prev])


def _attacker_hash(row: AuditEvent) -> str:
    """The project's hash function, given the only key the attacker has: their own."""
    with override_settings(AUDIT_KEY=ATTACKER_KEY, AUDIT_OLD_KEYS=[]):
        try:
            return event_hash(row)
        except LookupError:  # the row names the real key, which the attacker's settings lack
            from zhicheng.audit.sealing import seal

            return seal(row, key=ATTACKER_KEY)


def test_rewriting_event_100_and_rehashing_the_rest_is_reported_at_event_100(cast):
    events = _events(cast, 105)
    target = events[99]
    _rehash_from(target.id, action="forged.by.dba")
    assert AuditEvent.objects.get(pk=target.pk).action == "forged.by.dba"

    breaks = audit_chain_breaks()
    assert breaks, "the rewritten chain must not pass verification"
    assert breaks[0].event_id == target.id
    assert breaks[0].kind == "hash"
    assert all(b.event_id is None or b.event_id >= target.id for b in breaks)
    with pytest.raises(CommandError):
        call_command("verify_audit_chain")


def test_rewritten_rows_relabelled_with_an_unknown_key_id_are_reported(cast):
    events = _events(cast, 6)
    target = events[2]
    from zhicheng.audit.sealing import key_id_of

    _rehash_from(target.id, action="forged.by.dba", key_id=key_id_of(ATTACKER_KEY))
    breaks = audit_chain_breaks()
    assert breaks and breaks[0].event_id == target.id


def test_rewritten_rows_relabelled_as_unsealed_are_reported(cast):
    """Rows without a key id (the format before sealing) are not accepted either."""
    events = _events(cast, 6)
    target = events[2]
    _rehash_from(target.id, action="forged.by.dba", key_id="")
    breaks = audit_chain_breaks()
    assert breaks and breaks[0].event_id == target.id


def test_deleting_the_newest_event_and_moving_the_head_is_reported(cast, checkpoint_file):
    events = _events(cast, 5)
    call_command("audit_checkpoint")
    victim, new_last = events[-1], events[-2]
    with append_only_guard_lifted(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [victim.id])
        cur.execute("UPDATE audit_auditchainhead SET last_hash = %s", [new_last.row_hash])

    breaks = audit_chain_breaks()
    assert [b.kind for b in breaks] == ["checkpoint"]
    assert f"#{new_last.id} 之后的记录缺失" in breaks[0].message
    with pytest.raises(CommandError):
        call_command("verify_audit_chain")


def test_deleting_several_newest_events_behind_an_older_checkpoint_is_reported(cast, checkpoint_file):
    events = _events(cast, 3)
    call_command("audit_checkpoint")
    events += _events(cast, 3)
    call_command("audit_checkpoint")
    events += _events(cast, 2)  # after the last checkpoint
    keep = events[1]
    with append_only_guard_lifted(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id > %s", [keep.id])
        cur.execute("UPDATE audit_auditchainhead SET last_hash = %s", [keep.row_hash])

    breaks = audit_chain_breaks()
    assert [b.kind for b in breaks] == ["checkpoint"]
    assert f"#{keep.id} 之后的记录缺失" in breaks[0].message
    assert "检查点 1" in breaks[0].message  # the first checkpoint whose rows are gone


def test_the_verify_page_reports_the_rewritten_row(cast, client):
    events = _events(cast, 8)
    target = events[3]
    _rehash_from(target.id, action="forged.by.dba")
    client.force_login(cast["audit_admin"])
    response = client.post("/audit/verify/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="verify-broken"' in html
    assert f"#{target.id}" in html
    assert "哈希链完整" not in html

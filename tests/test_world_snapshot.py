"""Putting the test world back (tests/world/snapshot.py) leaves the database's rules on."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from tests.world.snapshot import world_snapshot_restore, world_snapshot_take
from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="session_replication_role is PostgreSQL's"),
]


def test_a_restore_inside_a_test_transaction_leaves_triggers_and_foreign_keys_firing():
    # A test whose transaction had begun before the world was put back (after a transactional test) ran with
    # no trigger at all: the append-only tests then saw their UPDATE pass.
    world_snapshot_take()
    assert world_snapshot_restore()
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
    event = audit_record(action="case.view_record", object_type="cases.case", object_id="1")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(result="failure")

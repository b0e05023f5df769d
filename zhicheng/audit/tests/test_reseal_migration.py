"""Migration audit/0003 re-seals the rows written before it (plain SHA-256) under the audit key,
after checking them the old way and recording what it found."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from zhicheng.audit import sealing
from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_chain_check, audit_record

reseal = importlib.import_module("zhicheng.audit.migrations.0003_sealed_rows")

BEFORE = [("audit", "0002_append_only")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _write_legacy_rows(apps, n: int, *, tamper: int | None = None) -> list[int]:
    """Rows as audit/0002 wrote them: SHA-256 chain without a key."""
    Event = apps.get_model("audit", "AuditEvent")
    Head = apps.get_model("audit", "AuditChainHead")
    prev, ids = "", []
    start = timezone.now() - dt.timedelta(days=3)
    for i in range(n):
        row = Event(created_at=start + dt.timedelta(minutes=i), action="legacy.event", detail={"i": i},
                    actor_label="旧记录", prev_hash=prev)
        row.row_hash = reseal.legacy_hash(row)
        if i == tamper:
            row.action = "edited.before.the.migration"  # naive edit: hash no longer fits
        row.save(force_insert=True)
        prev = row.row_hash
        ids.append(row.id)
    Head.objects.update_or_create(pk=1, defaults={"last_hash": prev})
    return ids


@pytest.fixture
def at_0002(transactional_db, checkpoint_file):
    apps = _migrate(BEFORE)
    with connection.cursor() as cur:  # start from rows the old code wrote only (the world has some)
        # Test databases let these through (TRUNCATE on PostgreSQL, DELETE in SQLite's in-memory one).
        cur.execute(
            "TRUNCATE audit_auditevent" if connection.vendor == "postgresql" else "DELETE FROM audit_auditevent"
        )
        cur.execute("DELETE FROM audit_auditchainhead")
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_old_rows_are_resealed_and_the_check_is_recorded(at_0002):
    ids = _write_legacy_rows(at_0002, 4)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    report = audit_chain_check()
    assert report.intact, [b.message for b in report.breaks]
    rows = list(AuditEvent.objects.order_by("id"))
    assert [r.id for r in rows[:4]] == ids
    assert {r.key_id for r in rows} == {sealing.current_key_id()}
    marker = rows[-1]
    assert marker.action == "audit.chain_resealed" and marker.result == "success"
    assert marker.detail["rows"] == 4 and marker.detail["first_id"] == ids[0] and marker.detail["last_id"] == ids[-1]
    assert marker.detail["legacy_problems"] == 0
    audit_record(action="test.after")  # the chain goes on from the re-sealed head
    assert audit_chain_check().intact


def test_problems_of_the_old_chain_are_recorded_not_hidden(at_0002):
    ids = _write_legacy_rows(at_0002, 3, tamper=1)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    marker = AuditEvent.objects.latest("id")
    assert marker.action == "audit.chain_resealed" and marker.result == "failure"
    assert marker.detail["legacy_problems"] == 1
    assert marker.detail["first_problems"] == [f"#{ids[1]}: 内容与其哈希不符"]
    assert audit_chain_check().intact  # from here on the re-sealed rows are protected


def test_resealed_rows_are_append_only_again(at_0002):
    from django.db import DatabaseError, transaction

    ids = _write_legacy_rows(at_0002, 2)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=ids[0]).update(action="x")

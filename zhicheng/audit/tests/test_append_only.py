"""The database itself refuses to change or delete audit records."""

import pytest
from django.db import DatabaseError, connection, transaction

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_record, audit_verify_chain

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


@pytest.fixture
def event(cast):
    return audit_record(action="test.event", actor=cast["applicant_a"], detail={"n": 1})


def _refused(sql, params=()):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params)


def test_plain_update_is_refused(event):
    _refused("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", event.id])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_orm_update_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(result="failure")
    assert audit_verify_chain() == []


@on_postgres
@pytest.mark.postgres
def test_plain_delete_is_refused_on_postgres(event):
    _refused("DELETE FROM audit_auditevent WHERE id = %s", [event.id])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@on_postgres
@pytest.mark.postgres
def test_truncate_is_refused_on_postgres(event):
    with transaction.atomic():
        with connection.cursor() as cur:
            # Outside test databases this is always on; see migration 0002.
            cur.execute("SET LOCAL zhicheng.audit_guard_truncate = 'on'")
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # else PostgreSQL refuses first, for another reason
        _refused("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@on_postgres
@pytest.mark.postgres
def test_postgres_triggers_are_installed():
    with connection.cursor() as cur:
        cur.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass AND NOT tgisinternal "
            "AND tgenabled = 'O' ORDER BY tgname"
        )
        names = [row[0] for row in cur.fetchall()]
    assert names == ["audit_auditevent_no_delete", "audit_auditevent_no_truncate", "audit_auditevent_no_update"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers")
def test_sqlite_delete_guard_exists_and_spares_only_in_memory_databases():
    with connection.cursor() as cur:
        cur.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_auditevent_no_delete'")
        (sql,) = cur.fetchone()
    assert "RAISE(ABORT" in sql and "pragma_database_list" in sql


def test_inserting_still_works(event):
    audit_record(action="test.event", detail={"n": 2})
    assert AuditEvent.objects.filter(action="test.event").count() == 2
    assert audit_verify_chain() == []

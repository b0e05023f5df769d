"""The database itself refuses to change or delete audit records."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.append_only import postgres_only, postgres_triggers, refused, sqlite_triggers, truncate_refused
from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_record, audit_verify_chain

pytestmark = pytest.mark.django_db

@pytest.fixture
def event(cast):
    return audit_record(action="test.event", actor=cast["applicant_a"], detail={"n": 1})


def test_plain_update_is_refused(event):
    refused("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", event.id])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_orm_update_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(result="failure")
    assert audit_verify_chain() == []


@postgres_only
def test_plain_delete_is_refused_on_postgres(event):
    refused("DELETE FROM audit_auditevent WHERE id = %s", [event.id])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@postgres_only
def test_truncate_is_refused_on_postgres(event):
    truncate_refused("audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@postgres_only
def test_postgres_triggers_are_installed():
    assert postgres_triggers("audit_auditevent") == [
        "audit_auditevent_no_delete", "audit_auditevent_no_truncate", "audit_auditevent_no_update",
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers")
def test_sqlite_delete_guard_exists_and_spares_only_in_memory_databases():
    sql = sqlite_triggers("audit_auditevent")["audit_auditevent_no_delete"]
    assert "RAISE(ABORT" in sql and "pragma_database_list" in sql


def test_inserting_still_works(event):
    audit_record(action="test.event", detail={"n": 2})
    assert AuditEvent.objects.filter(action="test.event").count() == 2
    assert audit_verify_chain() == []

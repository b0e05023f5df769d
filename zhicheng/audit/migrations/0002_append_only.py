# The audit log is append-only in the database itself, not only in the application.
#
# PostgreSQL: BEFORE UPDATE / BEFORE DELETE row triggers and a BEFORE TRUNCATE statement trigger
# raise an exception. A DBA who must intervene (e.g. to purge records older than the retention
# period) does it by hand as the table owner or a superuser: ALTER TABLE audit_auditevent
# DISABLE TRIGGER ..., the operation, ENABLE TRIGGER ... (see docs/guide/audit.md).
#
# The test runner empties all tables between transactional tests with one TRUNCATE; in a
# database whose name starts with "test_" (Django's test databases) TRUNCATE is therefore let
# through unless the session sets zhicheng.audit_guard_truncate = 'on' (the guard's own test
# does). UPDATE and DELETE are refused everywhere.
#
# SQLite (the embedded default): BEFORE UPDATE and BEFORE DELETE triggers with RAISE(ABORT).
# The DELETE trigger spares in-memory databases (the test suite's), because Django empties
# tables with DELETE there. Note: on SQLite a later migration that alters this table rebuilds
# it and thereby drops these triggers; such a migration must create them again.

from django.db import migrations

PG_FUNCTION = "audit_auditevent_append_only"
PG_TRIGGERS = {
    "audit_auditevent_no_update": "BEFORE UPDATE ON audit_auditevent FOR EACH ROW",
    "audit_auditevent_no_delete": "BEFORE DELETE ON audit_auditevent FOR EACH ROW",
    "audit_auditevent_no_truncate": "BEFORE TRUNCATE ON audit_auditevent FOR EACH STATEMENT",
}

PG_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND left(current_database(), 5) = 'test_'
       AND coalesce(current_setting('zhicheng.audit_guard_truncate', true), '') <> 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = 'audit_auditevent is append-only: ' || TG_OP || ' refused',
        HINT = 'Audit records are never changed or deleted by the application.';
END;
$$;
"""

SQLITE_TRIGGERS = {
    "audit_auditevent_no_update": (
        "CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent "
        "BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: UPDATE refused'); END;"
    ),
    "audit_auditevent_no_delete": (
        "CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent "
        "WHEN (SELECT file FROM pragma_database_list WHERE name = 'main') <> '' "
        "BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: DELETE refused'); END;"
    ),
}


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION_SQL)
        for name, when in PG_TRIGGERS.items():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON audit_auditevent")
            schema_editor.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {PG_FUNCTION}()")
    elif vendor == "sqlite":
        for name, sql in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
            schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for name in PG_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON audit_auditevent")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()")
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]

"""Database triggers that make a table append-only (INSERT only), for migrations to install.

The application's own ``save``/``delete`` guards stop mistakes in code; these stop everything
else that goes through the database: ``QuerySet.update()``/``delete()``, raw SQL, a shell, a
cascade from a parent row. Only the table's owner or a superuser can get round them
(``ALTER TABLE … DISABLE TRIGGER`` on PostgreSQL, ``DROP TRIGGER`` on SQLite).

* PostgreSQL: ``BEFORE UPDATE``/``BEFORE DELETE`` row triggers and a ``BEFORE TRUNCATE``
  statement trigger call one function, ``zhicheng_append_only()``, that raises. In a database
  whose name starts with ``test_`` (Django's test databases, emptied with one ``TRUNCATE``
  between transactional tests) TRUNCATE passes unless the session sets
  ``zhicheng.audit_guard_truncate = 'on'``; a production database is never called ``test_…``.
* SQLite: ``BEFORE UPDATE``/``BEFORE DELETE`` triggers with ``RAISE(ABORT)``; the DELETE trigger
  spares in-memory databases (the test suite's, which Django empties with DELETE). A later
  migration that alters such a table on SQLite rebuilds it and drops its triggers: it must call
  :func:`append_only_install` again.

The audit table has its own, older triggers of the same design (``audit/0002_append_only``).
"""

from __future__ import annotations

PG_FUNCTION = "zhicheng_append_only"

PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND left(current_database(), 5) = 'test_'
       AND coalesce(current_setting('zhicheng.audit_guard_truncate', true), '') <> 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = TG_TABLE_NAME || ' is append-only: ' || TG_OP || ' refused',
        HINT = 'These records are never changed or deleted by the application.';
END;
$$;
"""


def pg_triggers(table: str) -> dict[str, str]:
    return {
        f"{table}_no_update": f"BEFORE UPDATE ON {table} FOR EACH ROW",
        f"{table}_no_delete": f"BEFORE DELETE ON {table} FOR EACH ROW",
        f"{table}_no_truncate": f"BEFORE TRUNCATE ON {table} FOR EACH STATEMENT",
    }


def sqlite_triggers(table: str) -> dict[str, str]:
    return {
        f"{table}_no_update": (
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END;"
        ),
        f"{table}_no_delete": (
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "  # noqa: S608 - constant table name
            "WHEN (SELECT file FROM pragma_database_list WHERE name = 'main') <> '' "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END;"
        ),
    }


def append_only_install(schema_editor, table: str) -> None:
    """Install (or re-install) the append-only triggers on ``table``.

    Args: a migration's ``schema_editor`` and the table name (a constant, never user input).
    Idempotent. Other database vendors are left alone.
    """
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION_SQL)
        for name, when in pg_triggers(table).items():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {PG_FUNCTION}()")
    elif vendor == "sqlite":
        for name, sql in sqlite_triggers(table).items():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
            schema_editor.execute(sql)


def append_only_uninstall(schema_editor, table: str) -> None:
    """Remove the triggers of :func:`append_only_install` from ``table`` (the function stays:
    other tables may use it)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for name in pg_triggers(table):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    elif vendor == "sqlite":
        for name in sqlite_triggers(table):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")

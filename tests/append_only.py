"""Checks of the tables the database keeps append-only (the audit log, the case history): what a test
writes as raw SQL is refused by the database's own triggers, not only by the models' guards."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction


def refused(sql: str, params=()) -> None:
    """Run ``sql`` with ``params`` in its own transaction and expect the database to refuse it
    (``DatabaseError`` mentioning ``append-only``)."""
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params)


def truncate_refused(table: str) -> None:
    """Expect ``TRUNCATE table`` to be refused (PostgreSQL), with the truncate guard on as it is outside
    test databases (audit migration 0002) and constraints checked at once (else PostgreSQL refuses first,
    for another reason)."""
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("SET LOCAL zhicheng.audit_guard_truncate = 'on'")
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        refused(f"TRUNCATE {table}")


def postgres_triggers(table: str) -> list[str]:
    """The names of ``table``'s enabled triggers (PostgreSQL), sorted."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal "
            "AND tgenabled = 'O' ORDER BY tgname",
            [table],
        )
        return [row[0] for row in cur.fetchall()]


def sqlite_triggers(table: str) -> dict[str, str]:
    """``table``'s triggers (SQLite): name → the SQL that made it."""
    with connection.cursor() as cur:
        cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        return dict(cur.fetchall())


def postgres_only(test):
    """Mark ``test`` as needing PostgreSQL (``-m postgres``), skipped on another database."""
    return pytest.mark.postgres(pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")(test))

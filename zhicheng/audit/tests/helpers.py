"""Test helpers: acting on the audit table the way a DBA with hands on the database could."""

from __future__ import annotations

import importlib
from contextlib import contextmanager

from django.db import connection

guard = importlib.import_module("zhicheng.audit.migrations.0002_append_only")


@contextmanager
def append_only_guard_lifted():
    """Lift the database's append-only guard (PostgreSQL: DISABLE TRIGGER as owner/superuser)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of rows inserted in this transaction would block ALTER TABLE.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name in guard.PG_TRIGGERS:
                cur.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {name}")
        else:
            for name in guard.SQLITE_TRIGGERS:
                cur.execute(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                for name in guard.PG_TRIGGERS:
                    cur.execute(f"ALTER TABLE audit_auditevent ENABLE TRIGGER {name}")
            else:
                for sql in guard.SQLITE_TRIGGERS.values():
                    cur.execute(sql)

"""A copy of the loaded world, taken once per test process and put back after a transactional test.

A transactional test (the browser walks, the live server) empties every table when it ends; the next
database test needs the world again. Building it through the services (``load_world``: the reference data
and ``tests.world.load.world_load``) takes seconds each time; putting back the rows it wrote takes a
fraction of that. So the first load of a process is followed by :func:`world_snapshot_take` (every
non-empty table's rows, as the database holds them), and later loads by :func:`world_snapshot_restore`,
which puts those rows back exactly — same ids, same hashes of the audit chain — in one transaction:

* PostgreSQL: ``COPY … TO STDOUT`` / ``COPY … FROM STDIN`` in binary, with ``session_replication_role =
  replica`` for the transaction (no trigger fires, foreign keys included: the rows were consistent when
  taken), then each id sequence moved up to the largest id if it is below it;
* SQLite: ``SELECT *`` and ``executemany`` of the rows (foreign keys are deferred to the commit).

Rows the flush's ``post_migrate`` made again (content types, permissions) are deleted first, so that the
ids are the snapshot's. The content-type cache is cleared afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction


@dataclass
class _Table:
    name: str
    columns: list[str]
    rows: list[tuple] = field(default_factory=list)  # SQLite
    copy: bytes = b""  # PostgreSQL, binary COPY


_SNAPSHOT: dict[str, list[_Table]] = {}  # by database name: one per test database of this process


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> list[str]:
    skip = {"django_migrations", "sqlite_sequence"}
    return [t for t in connection.introspection.table_names(include_views=False) if t not in skip]


def world_snapshot_take() -> None:
    """Copy every non-empty table of the default database (after the world was loaded and committed)."""
    taken: list[_Table] = []
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {_quote(table)} LIMIT 1")
            if cursor.fetchone() is None:
                continue
            columns = [c[0] for c in cursor.description]
            item = _Table(table, columns)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {_quote(table)} TO STDOUT (FORMAT BINARY)") as copy:
                    item.copy = b"".join(bytes(chunk) for chunk in copy)
            else:
                cursor.execute(f"SELECT * FROM {_quote(table)}")
                item.rows = cursor.fetchall()
            taken.append(item)
    _SNAPSHOT[connection.settings_dict["NAME"]] = taken


def world_snapshot_restore() -> bool:
    """Put the snapshot of this database back into its emptied tables; False if there is none (the
    caller then loads the world the long way). Raises whatever the database raises (nothing is kept
    half-done: one transaction)."""
    taken = _SNAPSHOT.get(connection.settings_dict["NAME"])
    if taken is None:
        return False
    from django.contrib.contenttypes.models import ContentType

    with transaction.atomic(), connection.cursor() as cursor:
        postgres = connection.vendor == "postgresql"
        if postgres:
            cursor.execute("SET LOCAL session_replication_role = replica")
        for item in taken:
            cursor.execute(f"DELETE FROM {_quote(item.name)}")
        for item in taken:
            columns = ", ".join(_quote(c) for c in item.columns)
            if postgres:
                with cursor.cursor.copy(f"COPY {_quote(item.name)} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(item.copy)
            else:
                marks = ", ".join(["%s"] * len(item.columns))
                cursor.executemany(f"INSERT INTO {_quote(item.name)} ({columns}) VALUES ({marks})", item.rows)
        if postgres:
            _sequences_catch_up(cursor, [item.name for item in taken if "id" in item.columns])
            # back to firing triggers now, not at commit: when a test's own transaction had already begun, this
            # block is a savepoint of it, and the test would otherwise run with no trigger and no foreign key
            cursor.execute("SET LOCAL session_replication_role = origin")
    ContentType.objects.clear_cache()
    return True


def _sequences_catch_up(cursor, tables: list[str]) -> None:
    """Each ``id`` sequence of ``tables`` (tables with an ``id`` column) at least at the table's largest id
    (never moved down)."""
    for table in tables:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [_quote(table)])
        row = cursor.fetchone()
        if not row or not row[0]:
            continue
        cursor.execute(
            f"SELECT setval(%s, GREATEST((SELECT last_value FROM {row[0]}), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {_quote(table)})))", [row[0]])

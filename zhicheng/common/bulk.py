"""One multi-row INSERT for rows a service has already built and validated.

``QuerySet.bulk_create`` prepares every value through four layers of field methods; for a batch
of 100 certificates (26 columns) that was ~12 ms of Python, spent while the certificate counter
row is locked (docs/benchmarks.md, API batches). Here each column's preparation is chosen once
per batch: plain text, integer and foreign-key columns go to the driver as they are, every other
field (dates, times, encrypted text, JSON…) through its own ``get_db_prep_save``. Defaults are
already on the instances (Django applies them when a model is instantiated).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router

from .kept_pages import kept_pages_forget_objects

_PLAIN = (
    models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.BigIntegerField,
    models.AutoField, models.BigAutoField, models.fields.AutoFieldMixin,
)
_PREP_METHODS = ("get_prep_value", "get_db_prep_value", "get_db_prep_save")


def _plain_methods(cls: type) -> bool:
    """The value-preparing methods of ``cls`` are those of a plain text/integer/boolean field
    (an encrypted or otherwise converting subclass overrides one of them)."""
    return all(
        any(getattr(cls, name) is getattr(base, name, None) for base in (*_PLAIN, models.Field))
        for name in _PREP_METHODS
    )


def _as_is(field: models.Field) -> bool:
    if field.is_relation:
        return _plain_methods(type(field.target_field)) and isinstance(field.target_field, models.IntegerField)
    return isinstance(field, _PLAIN) and _plain_methods(type(field))


def _prepared(model: type[models.Model], objs: Sequence[models.Model]):
    """(connection alias, connection, insert fields, one list of database values per object)."""
    using = router.db_for_write(model)
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if any(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) for f in fields):
        raise ValueError("bulk_insert() does not run pre_save(): use bulk_create() for auto_now fields")
    preps = [None if _as_is(f) else f for f in fields]
    rows = [
        [
            value if prep is None or value is None else prep.get_db_prep_save(value, connection)
            for field, prep in zip(fields, preps, strict=True)
            for value in (getattr(obj, field.attname),)
        ]
        for obj in objs
    ]
    return using, connection, fields, rows


def insert_unless_conflict(obj: models.Model) -> bool:
    """INSERT one row unless it collides with a unique constraint (``ON CONFLICT DO NOTHING``,
    on PostgreSQL and SQLite ≥ 3.35): True and its primary key set when inserted. On PostgreSQL a
    concurrent transaction inserting the same key makes this wait for its outcome. One statement,
    where ``create()`` in a savepoint and catching ``IntegrityError`` takes three."""
    model = type(obj)
    using, connection, fields, (row,) = _prepared(model, [obj])
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608 - names from the model
        f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING RETURNING {qn(model._meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, row)
        got = cursor.fetchone()
    if got is None:
        return False
    obj.pk, obj._state.adding, obj._state.db = got[0], False, using
    kept_pages_forget_objects([obj])  # no signals here: the kept pages that show the row
    return True


def bulk_insert(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """INSERT ``objs`` in one statement and set their primary keys (``RETURNING``), as
    ``bulk_create`` would, without signals or ``pre_save`` hooks (so no ``auto_now`` fields). The kept
    pages that show the rows are made stale (``zhicheng.common.kept_pages``)."""
    if not objs:
        return
    using, connection, fields, rows = _prepared(model, objs)
    opts = model._meta
    qn = connection.ops.quote_name
    head = f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608 - names from the model
    if connection.vendor == "postgresql":
        # One array per column: a short statement whatever the batch size (the driver caches its
        # conversion and the server its plan); a VALUES list of 100 rows × 26 columns was parsed
        # anew by the driver on every call (~5 ms).
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
        sql = f"{head}SELECT * FROM unnest({arrays}) RETURNING {qn(opts.pk.column)}"  # noqa: S608 - names and types from the model
        params = [list(column) for column in zip(*rows, strict=True)]
    else:
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        sql = f"{head}VALUES {', '.join([row] * len(objs))} RETURNING {qn(opts.pk.column)}"
        params = [value for r in rows for value in r]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        pks = [r[0] for r in cursor.fetchall()]
    # PostgreSQL (unnest keeps the arrays' order) and SQLite return the rows in insertion order,
    # as bulk_create relies on too.
    for obj, pk in zip(objs, pks, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = using
    kept_pages_forget_objects(objs)

"""Database session settings for work that is not a page, and for access-log rows (issue 23).

Web connections plan without parallel workers (``DATABASE_PARALLEL_WORKERS``, default 0; config/settings/base.py):
a page's queries read a few rows by index, and when PostgreSQL misestimates one of them at full scale it
starts two parallel workers for a scan that finds nothing — about 4 ms of start-up on the work queue's
"coming next" query (docs/benchmarks.md). Counting a city's statistics, on the contrary, reads hundreds of
thousands of rows and gains from parallel plans, so it asks for them for its own transaction.
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.db import connection, transaction


@contextlib.contextmanager
def parallel_plans(workers: int | None = None):
    """Run the block in a transaction (or savepoint) whose queries may use up to ``workers`` parallel workers
    per gather (default ``settings.DATABASE_PARALLEL_WORKERS_COUNTING``, 2). PostgreSQL only
    (``set_config(…, true)``, i.e. ``SET LOCAL``). Elsewhere the block runs as it is, in no transaction: on
    SQLite a transaction begins ``IMMEDIATE`` and would hold the write lock for the whole count. The setting
    before the block is back after it: put back explicitly when the block ends, undone with the rollback when
    it raises. Raises what the block raises."""
    if connection.vendor != "postgresql":
        yield
        return
    workers = settings.DATABASE_PARALLEL_WORKERS_COUNTING if workers is None else int(workers)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('max_parallel_workers_per_gather'), "
                "set_config('max_parallel_workers_per_gather', %s, true)", [str(workers)],
            )
            before = cursor.fetchone()[0]
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('max_parallel_workers_per_gather', %s, true)", [before])


@contextlib.contextmanager
def commit_without_flush():
    """Run the block in a transaction of its own whose ``COMMIT`` does not wait for its write-ahead log to
    reach the disk (PostgreSQL ``SET LOCAL synchronous_commit = off``; elsewhere a plain transaction).

    For rows that record a *read* — the access log of a reviewer opening a record, of a form downloaded —
    where the page should not wait for a disk flush, while the row is still written, sealed and chained
    in order (decision 0039). A server crash can lose only the last fraction of a second of such
    transactions, and only ones with no durable transaction after them: PostgreSQL flushes its log in
    order, so the audit chain never has a gap. Inside a transaction already begun, the block joins it
    unchanged (that transaction's commit stays synchronous). Raises what the block raises."""
    if connection.in_atomic_block:
        with transaction.atomic(savepoint=False):  # all or nothing with the transaction it joins
            yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('synchronous_commit', 'off', true)")
        yield

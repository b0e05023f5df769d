"""Database session settings for work that is not a page (issue 23).

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
    (``set_config(…, true)``, i.e. ``SET LOCAL``); elsewhere just a transaction. The setting before the block
    is back after it: put back explicitly when the block ends, undone with the rollback when it raises.
    Raises what the block raises."""
    workers = settings.DATABASE_PARALLEL_WORKERS_COUNTING if workers is None else int(workers)
    with transaction.atomic():
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('max_parallel_workers_per_gather'), "
                "set_config('max_parallel_workers_per_gather', %s, true)", [str(workers)],
            )
            before = cursor.fetchone()[0]
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('max_parallel_workers_per_gather', %s, true)", [before])

"""Pages plan without parallel workers; the statistics count asks for them (zhicheng/common/db.py, issue 23)."""

from __future__ import annotations

import pytest
from django.db import connection

from zhicheng.common.db import parallel_plans

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")


def _workers() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return cursor.fetchone()[0]


@postgresql_only
def test_site_connections_plan_without_parallel_workers():
    assert _workers() == "0"


@postgresql_only
def test_counting_gets_parallel_workers_for_its_own_transaction_only():
    with parallel_plans():
        assert _workers() == "2"
        with parallel_plans(workers=3):
            assert _workers() == "3"
        assert _workers() == "2"
    assert _workers() == "0"


@postgresql_only
def test_a_block_that_fails_leaves_the_setting_as_it_was():
    with pytest.raises(ZeroDivisionError), parallel_plans(workers=4):
        1 / 0  # noqa: B018
    assert _workers() == "0"


def test_the_block_runs_in_a_transaction():
    with parallel_plans(workers=1):
        assert connection.in_atomic_block
    with pytest.raises(ZeroDivisionError), parallel_plans():
        1 / 0  # noqa: B018 - what the block raises comes out
    with connection.cursor() as cursor:  # the failed block was rolled back: the connection answers again
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)

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
def test_prepared_statements_are_planned_for_their_parameters_every_time():
    # a generic plan chosen after five runs read the whole plans table for the statistics page (decision 0039)
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"


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


@postgresql_only
def test_the_block_runs_in_a_transaction():
    with parallel_plans(workers=1):
        assert connection.in_atomic_block
    with pytest.raises(ZeroDivisionError), parallel_plans():
        1 / 0  # noqa: B018 - what the block raises comes out
    with connection.cursor() as cursor:  # the failed block was rolled back: the connection answers again
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's transactions take the write lock")
def test_on_sqlite_a_count_opens_no_transaction():
    # BEGIN IMMEDIATE would make every statistics count hold the database's write lock while it reads
    with parallel_plans():
        assert not connection.in_atomic_block


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_access_log_transaction_commits_without_waiting_for_the_flush_and_only_it():
    from zhicheng.common.db import commit_without_flush

    assert not connection.in_atomic_block
    with commit_without_flush():
        assert connection.in_atomic_block
        assert _synchronous_commit() == "off"
    assert _synchronous_commit() == "on"  # SET LOCAL: the next transaction waits for the flush again


@postgresql_only
def test_inside_a_transaction_already_begun_its_commit_stays_synchronous():
    from zhicheng.common.db import commit_without_flush

    with commit_without_flush():  # the test's own transaction is already open
        assert _synchronous_commit() == "on"


@pytest.mark.django_db(transaction=True)
def test_an_access_log_row_is_written_sealed_and_chained():
    from zhicheng.audit.models import AuditEvent
    from zhicheng.audit.services import audit_chain_check, audit_record_read

    event = audit_record_read(action="case.view_record", object_type="cases.case", object_id="1")
    assert AuditEvent.objects.filter(pk=event.pk, action="case.view_record").exists()
    assert audit_chain_check().breaks == []

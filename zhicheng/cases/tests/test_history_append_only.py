"""Case history (the route the applicant sees, the reviewers' opinions) is append-only in the
database itself: the application's ``save``/``delete`` guards are not the only protection."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from tests.append_only import postgres_only, postgres_triggers, refused, sqlite_triggers, truncate_refused
from zhicheng.cases.models import Case, CaseHistory
from zhicheng.cases.services import case_create, case_submit

from .conftest import TEST_BUSINESS

pytestmark = pytest.mark.django_db

@pytest.fixture
def submitted(cast):
    case = case_create(applicant=cast["applicant_a"], business_type=TEST_BUSINESS)
    return case_submit(case=case, actor=cast["applicant_a"])


def test_sql_update_of_an_opinion_is_refused(submitted):
    row = CaseHistory.objects.filter(case=submitted).last()
    refused("UPDATE cases_casehistory SET opinion = %s WHERE id = %s", ["改写的意见", row.id])
    assert CaseHistory.objects.get(pk=row.pk).opinion == row.opinion


def test_orm_bulk_update_is_refused(submitted):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        CaseHistory.objects.filter(case=submitted).update(decision="approve")
    assert not CaseHistory.objects.filter(case=submitted, decision="approve").exists()


def test_bulk_delete_is_refused_in_the_database(submitted):
    count = CaseHistory.objects.filter(case=submitted).count()
    if connection.vendor == "sqlite":
        # The in-memory test database lets DELETE through (Django empties tables with it); the
        # trigger itself is checked in test_sqlite_history_triggers_exist.
        pytest.skip("SQLite: in-memory databases are spared by the DELETE trigger")
    refused("DELETE FROM cases_casehistory WHERE case_id = %s", [submitted.id])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        CaseHistory.objects.filter(case=submitted)._raw_delete(CaseHistory.objects.db)
    assert CaseHistory.objects.filter(case=submitted).count() == count


def test_deleting_a_case_does_not_cascade_to_its_history(submitted):
    with pytest.raises(ProtectedError), transaction.atomic():
        Case.objects.filter(pk=submitted.pk).delete()
    assert Case.objects.filter(pk=submitted.pk).exists()
    assert CaseHistory.objects.filter(case=submitted).exists()


@postgres_only
def test_truncate_is_refused_on_postgres(submitted):
    truncate_refused("cases_casehistory")
    assert CaseHistory.objects.filter(case=submitted).exists()


@postgres_only
def test_postgres_history_triggers_are_installed():
    assert postgres_triggers("cases_casehistory") == [
        "cases_casehistory_no_delete", "cases_casehistory_no_truncate", "cases_casehistory_no_update",
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers")
def test_sqlite_history_triggers_exist():
    triggers = sqlite_triggers("cases_casehistory")
    assert set(triggers) == {"cases_casehistory_no_update", "cases_casehistory_no_delete"}
    assert "RAISE(ABORT" in triggers["cases_casehistory_no_update"]
    assert "pragma_database_list" in triggers["cases_casehistory_no_delete"]


def test_new_history_rows_are_still_written(submitted, cast):
    from zhicheng.cases.services import case_return

    case_return(case=submitted, actor=cast["unit_reviewer"], opinion="请补充材料")
    assert CaseHistory.objects.filter(case=submitted, opinion="请补充材料").exists()

"""The three daily pages run an exact, fixed number of queries (issue 23): the applicant's
workbench, the work queue and the reviewer's case page. The signed-in person costs none of them
after the first request (zhicheng.accounts.identity); in tests the session is one query (in
production it is a Redis read). A new query on one of these pages must be a decision: change the
number here and say why in docs/benchmarks.md."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhicheng.cases.models import Case
from zhicheng.orgs.models import Organisation
from zhicheng.profiles.services import profile_submit
from zhicheng.profiles.tests.conftest import fill_profile

from .conftest import TEST_BUSINESS

pytestmark = pytest.mark.django_db

WORKBENCH_QUERIES = 7  # session, profile, business cases, recent cases, their routes (history, steps), notices
WORKBENCH_KEPT_QUERIES = 1  # session (kept per person, zhicheng.common.kept_pages)
QUEUE_QUERIES = 6  # session, membership, count, page, overdue below, corrections overdue
CASE_PAGE_QUERIES = 9  # session, case, history, name changes, steps, the access-log row (3), the version


def _queries(client, url: str, **params) -> list[str]:
    client.get(url, params)  # the first request reads and keeps the identity
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.fixture
def submitted(cast):
    return profile_submit(profile=fill_profile(cast["applicant_a"]), actor=cast["applicant_a"])


def test_workbench_queries(submitted, cast, client, settings):
    client.force_login(cast["applicant_a"])
    settings.KEPT_PAGES = False  # as built; kept, it is the session only (below)
    sql = _queries(client, reverse("profiles:dashboard"))
    assert len(sql) == WORKBENCH_QUERIES, "\n".join(sql)
    assert not any('FROM "accounts_user"' in s.split("WHERE")[0] for s in sql)  # the person: kept
    assert not any("otp_totp" in s or 'FROM "orgs_membership"' in s for s in sql)


def test_workbench_kept_queries(submitted, cast, client):
    """Kept per person (zhicheng.common.kept_pages): the second view reads nothing but the session."""
    client.force_login(cast["applicant_a"])
    sql = _queries(client, reverse("profiles:dashboard"))
    assert len(sql) == WORKBENCH_KEPT_QUERIES, "\n".join(sql)


def test_queue_queries(submitted, cast, client):
    unit = Organisation.objects.get(name="龙川县人民医院")
    client.force_login(cast["unit_reviewer"])
    url = reverse("cases:queue", args=[unit.pk])
    small = _queries(client, url)
    assert len(small) == QUEUE_QUERIES, "\n".join(small)
    Case.objects.bulk_create(
        Case(applicant=cast["applicant_b"], business_type=TEST_BUSINESS, status="submitted",
             current_step_order=0, current_organisation=unit, submitted_at=submitted.submitted_at)
        for _ in range(300)
    )
    assert len(_queries(client, url, page=3)) == QUEUE_QUERIES


def test_case_page_queries(submitted, cast, client):
    client.force_login(cast["unit_reviewer"])
    sql = _queries(client, reverse("cases:detail", args=[submitted.pk]))
    assert len(sql) == CASE_PAGE_QUERIES, "\n".join(sql)
    assert not any("otp_totp" in s for s in sql)

"""The applicant's dashboard runs a fixed number of queries, however many cases and notices."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhicheng.cases.constants import CaseStatus
from zhicheng.cases.models import Case, CaseHistory, Notification
from zhicheng.profiles.services import profile_submit

pytestmark = pytest.mark.django_db

#: session, user, 2FA device, profile, business cases, recent cases, histories, steps,
#: education+work check, notifications, unread count, open unit change, staff roles (nav)
#: (was 21 before routes were batched and the stored chain came from the loaded profile)
DASHBOARD_QUERIES = 13


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_dashboard_queries_do_not_grow_with_rows(client, cast, filled_profile):
    a = cast["applicant_a"]
    case = profile_submit(profile=filled_profile, actor=a)
    client.force_login(a)
    url = reverse("profiles:dashboard")
    client.get(url)
    before, response = _count(client, url)
    assert "审核" in response.content.decode()
    for i in range(4):
        other = Case.objects.create(applicant=a, business_type="other", status=CaseStatus.DRAFT, summary=f"其他{i}")
        CaseHistory.objects.create(case=other, decision="submit", from_status="draft", to_status="draft", actor=a)
        Notification.objects.create(user=a, case=case, title=f"通知{i}", body="内容")
    after, response = _count(client, url)
    assert after == before
    assert "通知3" in response.content.decode()


def test_dashboard_query_count_is_fixed(client, cast, filled_profile):
    a = cast["applicant_a"]
    profile_submit(profile=filled_profile, actor=a)
    client.force_login(a)
    url = reverse("profiles:dashboard")
    client.get(url)
    count, _ = _count(client, url)
    assert count == DASHBOARD_QUERIES, count

"""The applicant's dashboard runs a fixed number of queries, however many cases and notices."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhicheng.cases.constants import CaseStatus
from zhicheng.cases.models import Case, CaseHistory, Notification
from zhicheng.profiles.services import profile_submit

# The page as built: kept copies (zhicheng.common.kept_pages) are counted in test_kept_workbench.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_built")]


@pytest.fixture
def pages_built(settings):
    settings.KEPT_PAGES = False

#: session, profile (with its education+work check), business cases, recent
#: cases, histories, steps, notifications with their unread count
#: (was 21 before routes were batched and the stored chain came from the loaded profile, 13
#: before the unread count rode on the notifications and the open unit change came from the
#: business cases already read, 11 before the record check rode on the profile, 10 before the
#: account row, the 2FA-device check and the roles came from the identity kept per user, issue 23)
DASHBOARD_QUERIES = 7


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


def test_dashboard_reads_an_open_unit_change_only_when_there_is_one(client, cast, filled_profile):
    from zhicheng.businesses.selectors import businesses_for
    from zhicheng.profiles.selectors import profile_stored_chain

    a = cast["applicant_a"]
    chain = profile_stored_chain(a)
    # no unit-change case among all of them: no query for an open application
    with CaptureQueriesContext(connection) as queries:
        items = businesses_for(user=a, chain=chain, all_cases=[])
    assert not any("unitchangeapplication" in q["sql"] for q in queries.captured_queries)
    assert all(item["open_case"] is None for item in items)
    # with a unit-change case among them the application is read
    case = Case.objects.create(applicant=a, business_type="unit_change", status=CaseStatus.DRAFT)
    with CaptureQueriesContext(connection) as queries:
        businesses_for(user=a, all_cases=[case])
    assert any("unitchangeapplication" in q["sql"] for q in queries.captured_queries)


def test_unread_count_rides_on_the_notifications(cast):
    from django.utils import timezone

    from zhicheng.cases.selectors import notifications_unread_count, notifications_with_unread_count

    a = cast["applicant_a"]
    assert notifications_with_unread_count(user=a) == ([], 0)
    for i in range(12):
        Notification.objects.create(user=a, title=f"通知{i}", body="内容", read_at=timezone.now() if i < 3 else None)
    rows, unread = notifications_with_unread_count(user=a, limit=10)
    assert len(rows) == 10 and unread == 9 == notifications_unread_count(user=a)

"""消息通知 (``profiles:notifications``): every notification of the signed-in person, paged, with the
unread ones apart; read only when the person says so; another person's never shown."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhicheng.cases.models import Notification
from zhicheng.cases.services import notification_send
from zhicheng.profiles.views import NOTIFICATIONS_PAGE_SIZE

pytestmark = pytest.mark.django_db


def _send(user, count: int, title: str = "通知") -> None:
    for i in range(count):
        notification_send(user=user, title=f"{title}{i}", body=f"第{i}条的内容")


def test_every_notification_is_reachable_page_by_page(client, cast):
    a = cast["applicant_a"]
    _send(a, NOTIFICATIONS_PAGE_SIZE + 5)  # the workbench's card shows ten: the rest were unreachable
    client.force_login(a)
    first = client.get(reverse("profiles:notifications")).content.decode()
    assert f"通知{NOTIFICATIONS_PAGE_SIZE + 4}" in first and "通知4<" not in first  # newest first
    assert f"{NOTIFICATIONS_PAGE_SIZE + 5} 条未读" in first
    assert "第1页 / 共2页（25条）" in first
    second = client.get(reverse("profiles:notifications"), {"page": 2}).content.decode()
    assert "通知0" in second and "通知4" in second
    assert Notification.objects.filter(user=a, read_at__isnull=True).count() == NOTIFICATIONS_PAGE_SIZE + 5


def test_unread_tab_and_mark_all_read_from_the_list(client, cast):
    a = cast["applicant_a"]
    _send(a, 2, "旧")
    Notification.objects.filter(user=a).update(read_at="2026-11-01T08:00:00+08:00")
    _send(a, 1, "新")
    client.force_login(a)
    unread = client.get(reverse("profiles:notifications"), {"show": "unread"}).content.decode()
    assert "新0" in unread and "旧0" not in unread
    response = client.post(reverse("profiles:notifications_read"), {"back": "list"})
    assert response.status_code == 302 and response["Location"] == reverse("profiles:notifications")
    assert not Notification.objects.filter(user=a, read_at__isnull=True).exists()
    assert "没有未读消息。" in client.get(reverse("profiles:notifications"), {"show": "unread"}).content.decode()
    # from the workbench's card the button goes back to the card
    _send(a, 1, "再")
    response = client.post(reverse("profiles:notifications_read"))
    assert response["Location"] == reverse("profiles:dashboard") + "#notifications"


def test_only_ones_own_notifications(client, cast):
    _send(cast["applicant_b"], 3, "别人的")
    client.force_login(cast["applicant_a"])
    page = client.get(reverse("profiles:notifications")).content.decode()
    assert "别人的" not in page and "暂无消息。" in page


def test_staff_without_a_profile_see_their_notifications(client, cast):
    reviewer = cast["unit_reviewer"]
    _send(reviewer, 1, "待办提醒")
    client.force_login(reviewer)
    response = client.get(reverse("profiles:notifications"))
    assert response.status_code == 200 and "待办提醒0" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "abc", "999"])
def test_a_bad_page_number_shows_a_page(client, cast, page):
    _send(cast["applicant_a"], 1)
    client.force_login(cast["applicant_a"])
    response = client.get(reverse("profiles:notifications"), {"page": page})
    assert response.status_code == 200 and "通知0" in response.content.decode()


def test_queries_do_not_grow_with_notifications(client, cast):
    a = cast["applicant_a"]
    client.force_login(a)
    url = reverse("profiles:notifications")
    _send(a, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    _send(a, NOTIFICATIONS_PAGE_SIZE, "更多")
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_the_workbench_links_to_every_message(client, cast):
    a = cast["applicant_a"]
    _send(a, 1)
    client.force_login(a)
    page = client.get(reverse("profiles:dashboard")).content.decode()
    assert reverse("profiles:notifications") in page and "查看全部消息" in page

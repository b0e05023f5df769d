"""The workbench kept per person (zhicheng.common.kept_pages, issue 23): served again without a
query while current, built again after every kind of change it shows — a save, a ``QuerySet.update()``,
a bulk insert, a delete, a change to the person's roles, a change every page shows, the next day,
:data:`KEPT_SECONDS` — and never kept with a CSRF token or a message in it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from zhicheng.cases.models import Notification
from zhicheng.cases.services import notifications_mark_read
from zhicheng.common import kept_pages
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership, Organisation

from .conftest import fill_profile

pytestmark = pytest.mark.django_db

URL = "/profile/"
TOKEN_IN_FORM = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANY_TOKEN = re.compile(r"[A-Za-z0-9]{64}")


def _get(client):
    """(queries the request made, its HTML)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.fixture
def applicant(client, cast):
    a = cast["applicant_a"]
    fill_profile(a)
    Notification.objects.create(user=a, title="第一条通知", body="内容")
    client.force_login(a)
    return a


def _kept(client) -> bool:
    """Whether the next workbench is served kept (no query but the test's session row)."""
    count, _ = _get(client)
    return count <= 1


def test_second_view_is_served_kept_without_a_query(client, applicant):
    built_count, first = _get(client)
    kept_count, second = _get(client)
    assert built_count > 3
    assert kept_count <= 1  # the session (in the database in the tests; in Redis with the identity in production)
    assert "第一条通知" in second
    assert ANY_TOKEN.sub("", first) == ANY_TOKEN.sub("", second)  # the same page, each with its own token


def test_kept_page_carries_this_requests_csrf_token(applicant):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(applicant)
    browser.get(URL)
    _, html = _get(browser)  # kept
    assert kept_pages.CSRF_PLACEHOLDER not in html
    token = TOKEN_IN_FORM.search(html).group(1)
    response = browser.post(reverse("profiles:notifications_read"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert not Notification.objects.filter(user=applicant, read_at__isnull=True).exists()


def test_kept_copy_is_not_served_to_a_new_login_with_an_old_token(applicant):
    from django.test import Client

    first = Client(enforce_csrf_checks=True)
    first.force_login(applicant)
    first.get(URL)
    second = Client(enforce_csrf_checks=True)  # another browser: another CSRF secret
    second.force_login(applicant)
    _, html = _get(second)
    token = TOKEN_IN_FORM.search(html).group(1)
    assert second.post(reverse("profiles:notifications_read"), {"csrfmiddlewaretoken": token}).status_code == 302


@pytest.mark.parametrize("change", ["save", "update", "bulk_create", "delete"])
def test_every_way_of_writing_a_row_builds_it_again(client, applicant, change):
    _get(client)
    assert _kept(client)
    if change == "save":
        Notification.objects.create(user=applicant, title="新的通知", body="")
        expected = "新的通知"
    elif change == "update":
        notifications_mark_read(user=applicant)  # QuerySet.update()
        expected = None
    elif change == "bulk_create":
        Notification.objects.bulk_create([Notification(user=applicant, title="批量通知", body="")])
        expected = "批量通知"
    else:
        Notification.objects.filter(user=applicant).delete()
        expected = "暂无消息"
    count, html = _get(client)
    assert count > 1, "built again"
    if expected:
        assert expected in html
    else:
        assert "条未读" not in html


def test_a_related_path_finds_the_person(client, applicant):
    """A row that reaches the person through another row (a step's case's applicant) bumps them."""
    from zhicheng.profiles.models import EducationRecord

    _get(client)
    assert _kept(client)
    EducationRecord.objects.filter(profile__user=applicant).update(school="中山大学")
    assert not _kept(client)


def test_another_persons_change_keeps_this_page(client, applicant, cast):
    _get(client)
    Notification.objects.create(user=cast["applicant_b"], title="别人的通知", body="")
    assert _kept(client)


def test_a_change_every_page_shows_builds_every_page_again(client, applicant):
    _get(client)
    assert _kept(client)
    unit = Organisation.objects.get(name="龙川县人民医院")
    Organisation.objects.filter(pk=unit.pk).update(scope_note="受理本院人员")
    assert not _kept(client)
    assert _kept(client)
    unit.refresh_from_db()
    unit.save()
    assert not _kept(client)


def test_a_change_to_the_persons_roles_builds_it_again(client, applicant):
    _get(client)
    assert _kept(client)
    Membership.objects.create(user=applicant, organisation=Organisation.objects.get(name="龙川县人民医院"),
                              role=Role.REVIEWER, is_active=True)
    assert not _kept(client)


def test_the_next_day_and_the_time_limit_build_it_again(client, applicant, monkeypatch):
    _get(client)
    assert _kept(client)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(kept_pages.timezone, "localdate", lambda: tomorrow)
    assert not _kept(client)
    assert _kept(client)
    later = kept_pages.time.time() + kept_pages.KEPT_SECONDS + 1
    monkeypatch.setattr(kept_pages.time, "time", lambda: later)
    assert not _kept(client)


def test_messages_are_shown_and_never_kept(client, applicant):
    _get(client)
    assert _kept(client)
    # a message waiting for the next page, as a save leaves one (Django's cookie storage)
    storage = CookieStorage(RequestFactory().get(URL))
    client.cookies["messages"] = storage._encode([Message(messages.SUCCESS, "已保存。")])
    count, html = _get(client)
    assert "已保存。" in html
    assert count > 1, "built, not served kept"
    _, html = _get(client)
    assert "已保存。" not in html


def test_not_kept_when_turned_off_or_for_htmx(client, applicant):
    with override_settings(KEPT_PAGES=False):
        _get(client)
        assert not _kept(client)
    _get(client)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, headers={"HX-Request": "true"})
    assert len(queries) > 1


def test_kept_for_the_person_only(client, applicant, cast):
    _get(client)
    client.force_login(cast["applicant_b"])
    _, html = _get(client)
    assert "第一条通知" not in html


def test_bumped_once_when_the_transaction_commits(applicant, monkeypatch, django_capture_on_commit_callbacks):
    """A transaction's writes bump their scopes together, once, at commit (not at every row)."""
    from django.db import transaction

    monkeypatch.setattr(kept_pages, "_commit_hooks_run", lambda connection: True)  # as in production
    writes = []
    real = kept_pages._bump
    monkeypatch.setattr(kept_pages, "_bump", lambda scopes: (writes.append(set(scopes)), real(scopes)))
    gen_key = kept_pages._gen_key(kept_pages.person_scope(applicant.pk))
    before = caches["identity"].get(gen_key)
    with django_capture_on_commit_callbacks(execute=True):  # the commit
        with transaction.atomic():
            Notification.objects.create(user=applicant, title="一", body="")
            Notification.objects.create(user=applicant, title="二", body="")
            assert caches["identity"].get(gen_key) == before and writes == []  # nothing until the commit
    assert writes == [{kept_pages.person_scope(applicant.pk)}]
    assert caches["identity"].get(gen_key) != before


def test_a_page_built_inside_an_open_transaction_is_not_kept(client, applicant):
    """What it shows might be rolled back after it is kept."""
    from django.db import transaction

    with transaction.atomic():
        _get(client)
        assert not _kept(client)
    _get(client)
    assert _kept(client)


def test_a_rolled_back_savepoint_loses_no_later_bump(applicant, cast, monkeypatch,
                                                     django_capture_on_commit_callbacks):
    """The hook of a savepoint that rolls back is dropped with it; a write after it gets a hook of its own."""
    from django.db import transaction

    monkeypatch.setattr(kept_pages, "_commit_hooks_run", lambda connection: True)
    writes = []
    monkeypatch.setattr(kept_pages, "_bump", lambda scopes: writes.append(set(scopes)))
    b = cast["applicant_b"]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                Notification.objects.create(user=applicant, title="撤销的", body="")
                raise RuntimeError
        except RuntimeError:
            pass
        Notification.objects.create(user=b, title="留下的", body="")
    assert writes == [{kept_pages.person_scope(b.pk)}]

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.common.middleware import current_client_ip, current_request_id


@contextmanager
def request_context(*, ip: str = "", request_id: str = "-"):
    ip_token, rid_token = current_client_ip.set(ip), current_request_id.set(request_id)
    try:
        yield
    finally:
        current_client_ip.reset(ip_token)
        current_request_id.reset(rid_token)


@pytest.fixture
def record_at(monkeypatch):
    """audit_record at a given local time, from a given address and request."""

    def record(when: dt.datetime | None = None, *, ip: str = "", request_id: str = "-", **kwargs):
        if when is not None:
            aware = timezone.make_aware(when) if timezone.is_naive(when) else when
            monkeypatch.setattr("zhicheng.audit.services.timezone.now", lambda: aware)
        try:
            with request_context(ip=ip, request_id=request_id):
                return audit_record(**kwargs)
        finally:
            monkeypatch.undo()

    return record


@pytest.fixture
def auditor_client(client, cast):
    client.force_login(cast["audit_admin"])
    return client


@pytest.fixture
def checkpoint_file(settings, tmp_path):
    """Checkpoints of this test only, in a file of its own (the database is rolled back after it)."""
    path = tmp_path / "audit_checkpoints.jsonl"
    settings.AUDIT_CHECKPOINT_FILE = path
    settings.AUDIT_CHECKPOINT_SYSLOG = ""
    return path

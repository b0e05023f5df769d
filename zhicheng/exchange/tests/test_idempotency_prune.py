"""Stored answers of API writes are kept for a while, then pruned (and the pruning is audited)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.exchange.models import IdempotencyRecord

pytestmark = pytest.mark.django_db


def _record(system, key: str, age_days: int) -> IdempotencyRecord:
    return IdempotencyRecord.objects.create(
        system=system, key=key, endpoint="api.numbers.allocate", request_hash="0" * 64, status=200,
        body={"count": 1}, created_at=timezone.now() - dt.timedelta(days=age_days),
    )


def test_prune_keeps_recent_answers_and_audits_what_it_deleted(gz, capsys):
    old, recent = _record(gz, "old-key", 31), _record(gz, "recent-key", 29)
    call_command("prune_idempotency_records")
    assert "已删除 1 条" in capsys.readouterr().out
    assert not IdempotencyRecord.objects.filter(pk=old.pk).exists()
    assert IdempotencyRecord.objects.filter(pk=recent.pk).exists()
    event = AuditEvent.objects.filter(action="exchange.idempotency_prune").latest("id")
    assert event.detail == {"older_than_days": 30, "deleted": 1}


def test_prune_days_can_be_given_and_must_be_positive(gz, settings):
    _record(gz, "a", 3)
    call_command("prune_idempotency_records", "--days", "2")
    assert not IdempotencyRecord.objects.exists()
    with pytest.raises(CommandError):
        call_command("prune_idempotency_records", "--days", "0")

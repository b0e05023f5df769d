import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhicheng.audit.management.commands.audit_retention_report import retention_counts
from zhicheng.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_retention_report_counts_by_age_and_deletes_nothing(capsys):
    now = timezone.now()
    ages = [1, 10, 100, 200, 400, 2000]
    AuditEvent.objects.bulk_create(
        AuditEvent(created_at=now - dt.timedelta(days=d), action="test.age", row_hash=f"age-{d}") for d in ages
    )
    before = AuditEvent.objects.count()
    data = retention_counts(now)
    counts = dict(data["buckets"])
    assert counts["30 天以内"] >= 2  # plus anything the demo set-up recorded
    assert (counts["31–180 天"], counts["181–365 天"], counts["1–3 年"], counts["3 年以上"]) == (1, 1, 1, 1)
    assert data["protected"] == before - 3
    call_command("audit_retention_report")
    out = capsys.readouterr().out
    assert "3 年以上：1" in out and "不删除" in out
    assert AuditEvent.objects.count() == before

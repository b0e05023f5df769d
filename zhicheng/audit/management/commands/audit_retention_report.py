"""Counts of audit records by age. Reports only: nothing in the application deletes audit records."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from zhicheng.audit.models import AuditEvent

MINIMUM_RETENTION_DAYS = 180  # 《网络安全法》第二十一条：网络日志留存不少于六个月

# (label, newer than N days, at most M days old); None = open end.
BUCKETS: list[tuple[str, int, int | None]] = [
    ("30 天以内", 0, 30),
    ("31–180 天", 30, 180),
    ("181–365 天", 180, 365),
    ("1–3 年", 365, 3 * 365),
    ("3 年以上", 3 * 365, None),
]


def retention_counts(now: dt.datetime | None = None) -> dict:
    """One query: the count per age bucket, plus total, oldest and newest."""
    now = now or timezone.now()
    aggregates = {}
    for index, (_, newer, older) in enumerate(BUCKETS):
        cond = Q(created_at__lte=now - dt.timedelta(days=newer))
        if older is not None:
            cond &= Q(created_at__gt=now - dt.timedelta(days=older))
        aggregates[f"b{index}"] = Count("id", filter=cond)
    row = AuditEvent.objects.order_by().aggregate(
        total=Count("id"), oldest=Min("created_at"), newest=Max("created_at"),
        protected=Count("id", filter=Q(created_at__gt=now - dt.timedelta(days=MINIMUM_RETENTION_DAYS))),
        **aggregates,
    )
    row["buckets"] = [(label, row.pop(f"b{i}")) for i, (label, _, _) in enumerate(BUCKETS)]
    return row


class Command(BaseCommand):
    help = "按记录年龄统计审计日志条数（只统计，不删除任何记录）。"

    def handle(self, *args, **options):
        data = retention_counts()
        fmt = "%Y-%m-%d %H:%M"
        self.stdout.write("审计日志留存情况（本命令只统计，不删除任何记录）")
        self.stdout.write(f"记录总数：{data['total']}")
        if data["total"]:
            oldest = timezone.localtime(data["oldest"]).strftime(fmt)
            newest = timezone.localtime(data["newest"]).strftime(fmt)
            self.stdout.write(f"最早记录：{oldest}　最新记录：{newest}")
        for label, count in data["buckets"]:
            self.stdout.write(f"  {label}：{count}")
        self.stdout.write(
            f"其中 {MINIMUM_RETENTION_DAYS} 天以内（必须留存，任何情况下不得删除）：{data['protected']}"
        )
        self.stdout.write(
            "系统内没有删除审计日志的功能；超过留存期限的记录如需清理，"
            "由数据库管理员按运维手册在数据库中操作，并事先导出归档。"
        )

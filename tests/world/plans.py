"""The test world's evaluation plans (评审计划): open ones for three internal committees, and one whose
window has closed. Windows are relative to today, so that the open ones are always open.

Idempotent: plans are keyed by committee, year and title; re-running moves their windows.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhicheng.catalog.constants import PlanStatus, TitleLevel
from zhicheng.catalog.models import Committee, EvaluationPlan, PlanLevel

#: The plan whose personnel units publish a 评前公示 before forwarding (issue 21).
PRE_EVALUATION_NOTICE_COMMITTEE = "清远市工程技术人才中级职称评审委员会"

OPEN_PLAN_COMMITTEES = [
    ("广东省建筑工程技术人才职称评审委员会", "广东省建筑工程技术人才职称评审"),
    ("清远市工程技术人才中级职称评审委员会", "清远市工程技术人才中级职称评审"),
    ("河源市工程技术人才中级职称评审委员会", "河源市工程技术人才中级职称评审"),
]
#: A committee whose plan's window has closed: not offered to applicants (当前不在申报时间内).
CLOSED_PLAN_COMMITTEE = ("广东省计算机与通信工程技术人才职称评审委员会", "广东省计算机与通信工程技术人才职称评审")


def _plan_upsert(*, committee: Committee, year: int, title: str, opens_at: dt.date, closes_at: dt.date,
                 notes: str = "", pre_evaluation_notice: bool = False) -> EvaluationPlan:
    plan = EvaluationPlan.objects.filter(committee=committee, year=year, title=title).first() or EvaluationPlan(
        committee=committee, year=year, title=title
    )
    plan.opens_at, plan.closes_at, plan.status, plan.notes = opens_at, closes_at, PlanStatus.PUBLISHED, notes
    plan.pre_evaluation_notice = pre_evaluation_notice
    plan.full_clean()
    plan.save()
    levels = range(committee.max_level, committee.min_level + 1)
    PlanLevel.objects.filter(plan=plan).exclude(level__in=levels).delete()
    for level in levels:
        PlanLevel.objects.get_or_create(plan=plan, level=level)
    return plan


@transaction.atomic
def plans_load(*, today: dt.date | None = None) -> list[EvaluationPlan]:
    """The plans above, published, for ``today``'s year (default: ``timezone.localdate()``): open from 30
    days ago to 60 days on, the closed one from 120 to 30 days ago. Returns them."""
    today = today or timezone.localdate()
    year = today.year
    committees = {c.organisation.name: c for c in Committee.objects.select_related("organisation")}
    plans = []
    for name, title in OPEN_PLAN_COMMITTEES:
        committee = committees.get(name)
        if committee is None:
            continue
        levels = "、".join(str(TitleLevel(v).label) for v in range(committee.max_level, committee.min_level + 1))
        plans.append(_plan_upsert(
            committee=committee, year=year, title=f"{year}年度{title}",
            opens_at=today - dt.timedelta(days=30), closes_at=today + dt.timedelta(days=60),
            notes=f"受理{levels}职称评审申报。请在申报时间内完成单位审核，逾期不予受理。"
                  + ("人事管理单位报送前须进行评前公示（不少于 5 个工作日）。" if name == PRE_EVALUATION_NOTICE_COMMITTEE else ""),
            pre_evaluation_notice=name == PRE_EVALUATION_NOTICE_COMMITTEE,
        ))
    name, title = CLOSED_PLAN_COMMITTEE
    if name in committees:
        plans.append(_plan_upsert(
            committee=committees[name], year=year, title=f"{year}年度{title}",
            opens_at=today - dt.timedelta(days=120), closes_at=today - dt.timedelta(days=30),
            notes="本年度申报已截止。",
        ))
    return plans

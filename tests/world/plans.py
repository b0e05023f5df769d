"""The test world's evaluation plans (评审计划), built by ``zhicheng.catalog.samples.plans_build``: open ones
for three internal committees, and one whose window has closed. Windows are relative to today, so that
the open ones are always open.

Idempotent: plans are keyed by committee, year and title; re-running moves their windows.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhicheng.catalog.models import EvaluationPlan
from zhicheng.catalog.samples import plans_build

#: The plan whose personnel units publish a 评前公示 before forwarding (issue 21).
PRE_EVALUATION_NOTICE_COMMITTEE = "清远市工程技术人才中级职称评审委员会"

#: Committees with a plan open today.
OPEN_PLAN_COMMITTEES = [
    "广东省建筑工程技术人才职称评审委员会", PRE_EVALUATION_NOTICE_COMMITTEE, "河源市工程技术人才中级职称评审委员会",
]
#: A committee whose plan's window has closed: not offered to applicants (当前不在申报时间内).
CLOSED_PLAN_COMMITTEE = "广东省计算机与通信工程技术人才职称评审委员会"


@transaction.atomic
def plans_load(*, today: dt.date | None = None) -> list[EvaluationPlan]:
    """The plans above, published, for ``today``'s year (default: ``timezone.localdate()``): open from 30
    days ago to 60 days on, the closed one from 120 to 30 days ago (``zhicheng.catalog.samples.plans_build``).
    Returns them."""
    return plans_build(open_committees=OPEN_PLAN_COMMITTEES, closed_committee=CLOSED_PLAN_COMMITTEE,
                       notice_committee=PRE_EVALUATION_NOTICE_COMMITTEE, today=today)

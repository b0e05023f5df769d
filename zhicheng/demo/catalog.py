"""Demo evaluation plans (``data/demo/organisations.json``: ``plans``), built by
``zhicheng.catalog.samples.plans_build``: open ones for the internal committees, and one whose window has
closed. Windows are computed relative to today, so the demo always has plans open for application.
Idempotent: plans are keyed by committee, year and title; re-running moves their windows.
"""

from __future__ import annotations

import datetime as dt
import json

from django.db import transaction

from zhicheng.catalog.models import EvaluationPlan
from zhicheng.catalog.samples import plans_build
from zhicheng.demo.loader import DEMO_FILE

PLANS = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["plans"]
#: The plan whose personnel units publish a 评前公示 before forwarding (issue 21; off for the other demo
#: plans so that the demo's walk-throughs forward at once).
PRE_EVALUATION_NOTICE_COMMITTEE: str = PLANS["pre_evaluation_notice"]


@transaction.atomic
def demo_plans_load(*, today: dt.date | None = None) -> list[EvaluationPlan]:
    """Publish the demo's plans for ``today``'s year (default: today); returns them."""
    return plans_build(open_committees=PLANS["open"], closed_committee=PLANS["closed"],
                       notice_committee=PRE_EVALUATION_NOTICE_COMMITTEE, today=today)

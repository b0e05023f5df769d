"""Stage deadlines of cases (issue 20): the date by which whoever holds a case must act.

* A **submitted** case waits at a step; if its business registers ``plans_of`` (the plan each case runs
  under, e.g. an 评审申请's ``EvaluationPlan``) the plan gives that step's deadline
  (``plan.deadline_for_step``): 人事管理单位审核截止, 主管单位审核截止, 评委会受理截止.
* A **returned** case has the applicant's correction deadline, fixed when it was returned
  (``Case.correction_due_on``: the plan's ``correction_working_days`` counted in working days).

Reads only; the writes are in :mod:`zhicheng.cases.services` (``case_return`` sets the correction deadline,
``stage_deadlines_check`` records misses and tells the applicants).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from .constants import CaseStatus
from .models import Case, CaseStep
from .registry import business_type_get

STAGE_LABELS = {"人事管理单位": "人事管理单位审核截止", "主管单位": "主管单位审核截止"}


@dataclass(frozen=True)
class Deadline:
    due_on: dt.date
    label: str  # e.g. "主管单位审核截止", "补正截止"
    today: dt.date
    is_correction: bool = False

    @property
    def days_left(self) -> int:
        """Calendar days from today to the deadline (0 on the day itself; negative once passed)."""
        return (self.due_on - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def text(self) -> str:
        """“2027年3月5日前（剩余 3 天）” / “已逾期 2 天” — as shown in queues and on the workbench."""
        when = f"{self.due_on:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月")
        if self.overdue:
            return f"{when}（已逾期 {self.days_overdue} 天）"
        return f"{when}前（{'今天截止' if self.days_left == 0 else f'剩余 {self.days_left} 天'}）"


def _step_label(step_label: str, is_final: bool) -> str:
    if is_final:
        return "受理截止"
    return STAGE_LABELS.get(step_label, f"{step_label}办理截止")


def plans_of_cases(cases) -> dict[int, object]:
    """{case id: plan} for the cases whose business registers ``plans_of`` (one query per business type)."""
    by_type: dict[str, list[int]] = defaultdict(list)
    for case in cases:
        by_type[case.business_type].append(case.pk)
    plans: dict[int, object] = {}
    for code, ids in by_type.items():
        try:
            business = business_type_get(code)
        except LookupError:  # an unknown type has no deadlines
            continue
        if business.plans_of is not None:
            plans.update(business.plans_of(ids))
    return plans


def case_deadlines(*, cases, today: dt.date | None = None) -> dict[int, Deadline]:
    """The deadline that concerns whoever holds each case now: {case id: Deadline} (cases without one
    are left out). Two queries for any number of cases (current steps, plans), none for returned cases."""
    today = today or timezone.localdate()
    cases = list(cases)
    result: dict[int, Deadline] = {}
    for case in cases:
        if case.status == CaseStatus.RETURNED and case.correction_due_on:
            result[case.pk] = Deadline(case.correction_due_on, "补正截止", today, is_correction=True)
    submitted = [c for c in cases if c.status == CaseStatus.SUBMITTED]
    if not submitted:
        return result
    plans = plans_of_cases(submitted)
    if not plans:
        return result
    steps = CaseStep.objects.filter(case_id__in=list(plans), order=F("case__current_step_order")).values_list(
        "case_id", "label", "is_final"
    )
    for case_id, label, is_final in steps:
        due = plans[case_id].deadline_for_step(label=label, is_final=is_final)
        if due:
            result[case_id] = Deadline(due, _step_label(label, is_final), today)
    return result


def deadlines_attach(*, cases, today: dt.date | None = None) -> list:
    """Set ``case.deadline`` (a :class:`Deadline` or None) on each case, for templates; returns the list."""
    cases = list(cases)
    found = case_deadlines(cases=cases, today=today)
    for case in cases:
        case.deadline = found.get(case.pk)
    return cases


def cases_overdue_below(*, organisation, today: dt.date | None = None) -> list[Case]:
    """Cases that will come to ``organisation`` next and have passed their deadline at the step before
    (the next level sees them flagged), each with ``case.deadline``; oldest deadline first."""
    today = today or timezone.localdate()
    candidates = list(
        Case.objects.filter(
            status=CaseStatus.SUBMITTED,
            # order ≥ 1 is implied (the step after the current one) and lets the partial index
            # casestep_org_later_steps skip the organisation's first steps
            steps__organisation=organisation,
            steps__order__gte=1,
            steps__order=F("current_step_order") + 1,
        )
        .select_related("applicant", "current_organisation")
        .only(
            "applicant",
            "current_organisation",
            "applicant__real_name",
            "applicant__id_number",
            "business_type",
            "summary",
            "status",
            "submitted_at",
            "current_step_order",
            "current_organisation__name",
            "correction_due_on",
        )
    )
    overdue = [c for c in deadlines_attach(cases=candidates, today=today) if c.deadline and c.deadline.overdue]
    return sorted(overdue, key=lambda c: (c.deadline.due_on, c.pk))

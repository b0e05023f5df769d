"""The one rule for a deadline counted in working days (``services.working_day_deadlines_recompute``): the 公示,
the 评前公示, the 评审费 payment period and the correction period all move by it when a year's holiday
arrangement is entered. Shown here on a 评审费 notice (``issued_on`` + ``working_days`` → ``due_on``), whose
stored end is made stale as if it had been counted on an older calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.fees.models import FeeNotice
from zhicheng.fees.tests.conftest import fee_plan, notice, office, pool  # noqa: F401 (fixtures)
from zhicheng.workcalendar.services import WorkingDayPeriod, working_day_deadlines_recompute

pytestmark = pytest.mark.django_db
D = dt.date
PERIOD = WorkingDayPeriod(start="issued_on", days="working_days", end="due_on")
STALE, RIGHT = D(2026, 11, 13), D(2026, 11, 16)  # issued Monday 2 November 2026, 10 working days
BEFORE_STALE = D(2026, 11, 5)
REASON = "2026 年放假安排已录入"


def _recompute(*, today=BEFORE_STALE, year=2026, period=PERIOD, **kwargs):
    return working_day_deadlines_recompute(
        rows=FeeNotice.objects.all(), period=period, year=year, actor=None, reason=REASON, today=today,
        action="fee.recompute", line_of=lambda row: f"通知 {row.reference}", **kwargs,
    )


@pytest.fixture
def stale(notice):  # noqa: F811
    assert notice.due_on == RIGHT
    FeeNotice.objects.filter(pk=notice.pk).update(due_on=STALE)
    notice.refresh_from_db()
    return notice


def test_a_stale_end_is_recomputed_saved_recorded_and_audited(stale):
    seen = []
    lines = _recompute(record=lambda row, previous, new: seen.append((row.pk, previous, new)),
                       organisation_of=lambda row: row.plan.committee.organisation)
    stale.refresh_from_db()
    assert stale.due_on == RIGHT
    assert seen == [(stale.pk, STALE, RIGHT)]
    assert lines == [f"通知 {stale.reference} 2026-11-13 → 2026-11-16"]
    event = AuditEvent.objects.filter(action="fee.recompute", object_id=str(stale.pk)).get()
    assert event.organisation == stale.plan.committee.organisation
    assert event.detail == {"year": 2026, "before": "2026-11-13", "after": "2026-11-16", "reason": REASON}
    # Once right, it stays: nothing is recorded again.
    assert _recompute(record=lambda *args: seen.append(args)) == [] and len(seen) == 1


@pytest.mark.parametrize("case", [
    dict(today=D(2026, 11, 14)),  # ended: its (stale) end is before today
    dict(year=2028),  # ends before the year before the year entered
    dict(year=2025),  # starts after the year entered
    dict(year=2025, period=WorkingDayPeriod(start=lambda row: row.issued_on, days="working_days", end="due_on")),
    dict(runs=lambda row: False),  # its deadline no longer matters (e.g. paid)
])
def test_what_the_year_does_not_touch_or_what_no_longer_runs_is_left_alone(stale, case):
    assert _recompute(**case) == []
    stale.refresh_from_db()
    assert stale.due_on == STALE
    assert not AuditEvent.objects.filter(action="fee.recompute").exists()

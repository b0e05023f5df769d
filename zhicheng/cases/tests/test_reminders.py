"""Reminders before deadlines and corrections overdue (issue 20): counted in working days on the official
calendar, one digest per reviewer, each reminder sent once; a missed correction deadline is not silent."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.models import Case, CaseReminder, Notification
from zhicheng.cases.registry import BusinessType, business_type_register
from zhicheng.cases.reminders import corrections_overdue_at, deadlines_daily
from zhicheng.cases.services import case_create, case_return, case_submit
from zhicheng.orgs.models import Organisation
from zhicheng.outbox.models import OutgoingMessage
from zhicheng.workcalendar.workdays import add_working_days

from .conftest import _route

PLANNED = "test_planned"
PLAN = SimpleNamespace(due=None, correction_working_days=5)
PLAN.deadline_for_step = lambda *, label, is_final: PLAN.due

business_type_register(BusinessType(code=PLANNED, label="测试评审", route_builder=_route,
                                    plans_of=lambda ids: {i: PLAN for i in ids}))

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _plan(settings):
    settings.REMINDER_WORKING_DAYS = 2
    PLAN.due = None
    yield
    PLAN.due = None


def _submitted(user):
    return case_submit(case=case_create(applicant=user, business_type=PLANNED), actor=user)


def _digests(user):
    return list(Notification.objects.filter(user=user, title__contains="待审核业务即将到期").order_by("id"))


def test_one_digest_per_reviewer_for_every_case_due_soon_sent_once(cast):
    a, b = _submitted(cast["applicant_a"]), _submitted(cast["applicant_b"])
    # Due Thursday 2025-10-09. 10-01…08 are holidays: the second working day before it is Monday 09-29.
    PLAN.due = D(2025, 10, 9)
    assert add_working_days(PLAN.due, -2) == D(2025, 9, 29)
    assert deadlines_daily(today=D(2025, 9, 26)).digests == 0  # 3 working days before: not yet
    result = deadlines_daily(today=D(2025, 9, 29))
    assert result.digests >= 1
    reviewer = cast["unit_reviewer"]
    (digest,) = _digests(reviewer)
    assert "2 件" in digest.title
    assert "张晓明" in digest.body and "李雪梅" in digest.body and "2025年10月9日" in digest.body
    assert "还剩 2 个工作日" in digest.body  # 09-30 and 10-09 itself
    # One SMS for the digest, a short one, through the outbox.
    (sms,) = OutgoingMessage.objects.filter(user=reviewer, channel="sms", purpose="case_notice")
    assert "2 件待审核业务即将到期" in sms.body and "张晓明" not in sms.body
    assert set(CaseReminder.objects.filter(user=reviewer).values_list("case_id", flat=True)) == {a.pk, b.pk}
    # The organisation's administrator does not review: no digest.
    assert _digests(cast["unit_admin"]) == []

    # Idempotent: the next runs (same day, next day) send nothing again …
    deadlines_daily(today=D(2025, 9, 29))
    deadlines_daily(today=D(2025, 9, 30))
    assert len(_digests(reviewer)) == 1
    # … and a new case due soon gets a digest of its own case only.
    c = _submitted(cast["applicant_c"])
    deadlines_daily(today=D(2025, 9, 30))
    latest = _digests(reviewer)[-1]
    assert len(_digests(reviewer)) == 2 and "1 件" in latest.title and "王建国" in latest.body
    assert CaseReminder.objects.filter(user=reviewer, case=c).count() == 1
    # Past the deadline no reminder (the overdue flag of stage_deadlines_check takes over).
    assert deadlines_daily(today=D(2025, 10, 10)).digests == 0


def test_the_applicant_of_a_returned_case_is_reminded_before_the_correction_deadline_once(cast, settings):
    case = _submitted(cast["applicant_a"])
    case = case_return(case=case, actor=cast["unit_reviewer"], opinion="缺少学历证书")
    due = case.correction_due_on
    assert due and case.correction_days == 5
    remind_on = add_working_days(due, -2)
    day_before = remind_on - dt.timedelta(days=1)
    assert deadlines_daily(today=day_before).correction_reminders == 0
    assert deadlines_daily(today=remind_on).correction_reminders == 1
    note = Notification.objects.filter(user=cast["applicant_a"], case=case).latest("id")
    assert note.title == "请尽快补正您的测试评审" and f"{due.year}年{due.month}月{due.day}日" in note.body
    assert "还剩 2 个工作日" in note.body
    assert OutgoingMessage.objects.filter(user=cast["applicant_a"], channel="email", subject=note.title).count() == 1
    assert deadlines_daily(today=remind_on).correction_reminders == 0
    assert deadlines_daily(today=due).correction_reminders == 0


def test_a_missed_correction_deadline_is_told_to_the_applicant_and_flagged_to_the_returning_unit(cast, client):
    case = case_return(case=_submitted(cast["applicant_a"]), actor=cast["unit_reviewer"], opinion="缺少学历证书")
    due = case.correction_due_on
    unit = Organisation.objects.get(name="龙川县人民医院")
    assert corrections_overdue_at(organisation=unit, today=due) == []
    after = due + dt.timedelta(days=1)
    assert deadlines_daily(today=after).corrections_overdue == 1
    assert deadlines_daily(today=after + dt.timedelta(days=1)).corrections_overdue == 0  # told once
    note = Notification.objects.filter(user=cast["applicant_a"], case=case).latest("id")
    assert "已超过补正期限" in note.title and "龙川县人民医院" in note.body
    assert AuditEvent.objects.filter(action="case.correction_overdue", object_id=str(case.pk)).count() == 1
    assert [c.pk for c in corrections_overdue_at(organisation=unit, today=after)] == [case.pk]
    other = Organisation.objects.exclude(pk=unit.pk).first()
    assert corrections_overdue_at(organisation=other, today=after) == []

    # The unit's reviewer sees it at the top of the queue.
    Case.objects.filter(pk=case.pk).update(correction_due_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(cast["unit_reviewer"])
    page = client.get(reverse("cases:queue", args=[unit.pk])).content.decode()
    assert 'id="corrections-overdue"' in page and "张晓明" in page


def test_the_plan_sets_how_many_working_days_ahead_reminders_go_out(cast, settings):
    """Per-plan reminder days (issue 20): the plan's ``reminder_working_days`` overrides the setting, for the
    reviewers' digest and for the applicant's correction reminder; 0 reminds on the deadline day."""
    _submitted(cast["applicant_a"])
    PLAN.due = D(2025, 10, 9)  # Thursday after the National Day holidays
    PLAN.reminder_working_days = 4  # setting says 2 (the fixture)
    try:
        start = add_working_days(PLAN.due, -4)
        assert start == D(2025, 9, 26)  # 09-30, 09-29, Sunday 09-28 (调休上班), 09-26
        assert deadlines_daily(today=start - dt.timedelta(days=1)).digests == 0
        assert deadlines_daily(today=start).digests >= 1
        assert "还剩 4 个工作日" in _digests(cast["unit_reviewer"])[0].body

        returned = case_return(case=_submitted(cast["applicant_b"]), actor=cast["unit_reviewer"], opinion="缺少学历证书")
        due = returned.correction_due_on
        PLAN.reminder_working_days = 0
        assert deadlines_daily(today=add_working_days(due, -1)).correction_reminders == 0
        assert deadlines_daily(today=due).correction_reminders == 1
        note = Notification.objects.filter(user=cast["applicant_b"], case=returned).latest("id")
        assert "今天截止" in note.body
    finally:
        del PLAN.reminder_working_days


def test_reminder_days_of_a_case_without_a_plan_is_the_setting(settings):
    from zhicheng.cases.reminders import reminder_days_of

    settings.REMINDER_WORKING_DAYS = 6
    assert reminder_days_of(None) == 6
    assert reminder_days_of(SimpleNamespace()) == 6
    assert reminder_days_of(SimpleNamespace(reminder_working_days=0)) == 0

"""Reminders before deadlines and corrections overdue (issue 20): counted in working days on the official
calendar, one digest per reviewer, each reminder sent once; a missed correction deadline is not silent."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.models import Case, CaseHistory, CaseReminder, Notification
from zhicheng.cases.registry import BusinessType, business_type_register
from zhicheng.cases.reminders import corrections_overdue_at, deadlines_daily
from zhicheng.cases.selectors import case_route
from zhicheng.cases.services import Correction, case_create, case_decide, case_lapse, case_return, case_submit
from zhicheng.cases.workflow import CasePermissionDenied, CorrectionInvalid, DuplicateApplication, TransitionNotAllowed
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


KEYED = "test_planned_keyed"
business_type_register(BusinessType(code=KEYED, label="测试评审（限一件）", route_builder=_route,
                                    plans_of=lambda ids: {i: PLAN for i in ids},
                                    open_key=lambda case: ("plan:1", "该评审计划")))


def _returned_on(monkeypatch, case, reviewer, day: dt.date, **kwargs):
    """Return ``case`` as if on ``day`` (the history is append-only: the clock is set, not the row)."""
    at = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10))
    with monkeypatch.context() as clock:
        clock.setattr("django.utils.timezone.now", lambda: at)
        return case_return(case=case, actor=reviewer, opinion="学历证书不清晰", **kwargs)


def test_a_returned_case_past_its_correction_deadline_is_closed_as_lapsed_counting_holidays(cast, client, monkeypatch):
    applicant, reviewer = cast["applicant_a"], cast["unit_reviewer"]
    case = case_submit(case=case_create(applicant=applicant, business_type=KEYED), actor=applicant)
    # Returned Monday 2025-09-29 with 5 working days: 10-01…08 are the National Day holidays and Saturday 10-11
    # an adjusted working day, so the deadline is Monday 10-13 (counting calendar weekdays would give 10-06).
    case = _returned_on(monkeypatch, case, reviewer, D(2025, 9, 29), correction=Correction(
        parts=(("record:education", "学习经历"), ("attachment:7", "附件：学历证书")), days=5))
    assert (case.correction_days, case.correction_due_on) == (5, D(2025, 10, 13))
    row = CaseHistory.objects.get(case=case, decision="return")
    assert row.correction_parts == [{"key": "record:education", "title": "学习经历"},
                                    {"key": "attachment:7", "title": "附件：学历证书"}]
    assert (row.correction_days, row.correction_due_on) == (5, D(2025, 10, 13))
    # While it is returned, a second application under the same plan is refused (one open per key).
    with pytest.raises(DuplicateApplication):
        case_submit(case=case_create(applicant=applicant, business_type=KEYED), actor=applicant)

    # Notice before: REMINDER_WORKING_DAYS (2) working days before the deadline is Friday 10-10, not 10-09.
    assert deadlines_daily(today=D(2025, 10, 9)).correction_reminders == 0
    assert deadlines_daily(today=D(2025, 10, 10)).correction_reminders == 1
    reminder = Notification.objects.filter(user=applicant, case=case).latest("id")
    assert "还剩 2 个工作日" in reminder.body and "逾期未补正" in reminder.body

    # Nothing is closed on a holiday after the naive date, nor on the deadline day itself.
    assert deadlines_daily(today=D(2025, 10, 7)).corrections_overdue == 0
    assert deadlines_daily(today=D(2025, 10, 13)).corrections_overdue == 0
    case.refresh_from_db()
    assert case.status == "returned"
    # Nobody closes it by hand, and not before the deadline.
    with pytest.raises(CasePermissionDenied):
        case_decide(case=case, actor=reviewer, decision="lapse")
    with pytest.raises(TransitionNotAllowed):
        case_lapse(case=case, today=D(2025, 10, 13))

    # The day after the deadline the daily job closes it, through the transition table, once.
    assert deadlines_daily(today=D(2025, 10, 14)).corrections_overdue == 1
    assert deadlines_daily(today=D(2025, 10, 15)).corrections_overdue == 0
    case.refresh_from_db()
    assert case.status == "lapsed" and case.closed_at is not None and case.correction_due_on is None
    lapse = CaseHistory.objects.get(case=case, decision="lapse")
    assert lapse.actor_id is None and lapse.from_status == "returned" and lapse.to_status == "lapsed"
    assert lapse.correction_due_on == D(2025, 10, 13) and "逾期未补正" in lapse.opinion
    event = AuditEvent.objects.get(action="case.lapse", object_id=str(case.pk))
    assert event.actor_id is None and event.detail["correction_due_on"] == "2025-10-13"
    note = Notification.objects.filter(user=applicant, case=case).latest("id")
    assert note.title == "您的测试评审（限一件）已按逾期未补正办结" and "2025年10月13日" in note.body
    assert (
        sum("已按逾期未补正办结" in m.body for m in OutgoingMessage.objects.filter(user=applicant, channel="sms")) == 1
    )
    # The key is free again: a new application under the same plan goes through.
    again = case_submit(case=case_create(applicant=applicant, business_type=KEYED), actor=applicant)
    assert again.status == "submitted"

    # The returning unit sees it flagged at the top of its queue; the applicant's route names it.
    unit = Organisation.objects.get(name="龙川县人民医院")
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now())
    assert [c.pk for c in corrections_overdue_at(organisation=unit, today=today)] == [case.pk]
    assert corrections_overdue_at(organisation=Organisation.objects.exclude(pk=unit.pk).first(), today=today) == []
    client.force_login(reviewer)
    page = client.get(reverse("cases:queue", args=[unit.pk])).content.decode()
    assert 'id="corrections-overdue"' in page and "张晓明" in page and "2025年10月13日" in page
    route = case_route(case=case)
    assert route[-1].decision == "逾期未补正" and route[-1].actor == "系统"


def test_a_late_resubmission_is_refused_once_the_deadline_has_passed(cast, monkeypatch):
    applicant = cast["applicant_a"]
    case = _returned_on(monkeypatch, _submitted(applicant), cast["unit_reviewer"], D(2025, 9, 29))
    assert case.correction_due_on == D(2025, 10, 13)  # the plan's 5 working days
    Case.objects.filter(pk=case.pk).update(correction_due_on=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(TransitionNotAllowed, match="补正期限已过"):
        case_submit(case=case, actor=applicant)


def test_a_correction_period_out_of_range_is_refused(cast):
    case = _submitted(cast["applicant_a"])
    for days in (0, 61):
        with pytest.raises(CorrectionInvalid):
            case_return(case=case, actor=cast["unit_reviewer"], opinion="缺", correction=Correction(days=days))
    case.refresh_from_db()
    assert case.status == "submitted"


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

        returned = case_return(
            case=_submitted(cast["applicant_b"]), actor=cast["unit_reviewer"], opinion="缺少学历证书"
        )
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

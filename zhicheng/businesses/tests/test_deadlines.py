"""Stage deadlines per plan (issue 20): the correction deadline of a returned case, the deadline at each
step with the days left, overdue cases flagged to the next level and their applicants told once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zhicheng.cases.deadlines import case_deadlines, cases_overdue_below
from zhicheng.cases.models import Case, CaseDeadlineMiss, CaseHistory, Notification
from zhicheng.cases.services import case_approve, case_return, stage_deadlines_check
from zhicheng.catalog.models import EvaluationPlan
from zhicheng.catalog.services import plan_update
from zhicheng.orgs.models import Organisation
from zhicheng.workcalendar.services import calendar_arrangement_enter
from zhicheng.workcalendar.workdays import add_working_days, statutory_holidays

from .test_businesses import SUPERVISOR, UNIT, submit_evaluation

pytestmark = pytest.mark.django_db
D = dt.date


def _plan_of(case) -> EvaluationPlan:
    return case.evaluation_application.plan


def test_a_returned_case_gets_the_plans_correction_deadline_in_working_days(stored_c, cast):
    case = submit_evaluation(stored_c)
    EvaluationPlan.objects.filter(pk=_plan_of(case).pk).update(correction_working_days=5)
    case = case_return(case=case, actor=cast["unit_reviewer_2"], opinion="缺少学历证书")
    today = timezone.localdate()
    assert case.correction_days == 5 and case.correction_due_on == add_working_days(today, 5)
    note = Notification.objects.filter(user=stored_c, case=case).latest("id")
    assert f"{case.correction_due_on:%Y年%m月%d日}" in note.body and "5 个工作日" in note.body
    deadline = case_deadlines(cases=[case])[case.pk]
    assert deadline.is_correction and deadline.due_on == case.correction_due_on and not deadline.overdue
    # Resubmitting clears it (a database constraint keeps it on returned cases only).
    from zhicheng.businesses import services

    case = services.evaluation_submit(case=case, actor=stored_c)
    case.refresh_from_db()
    assert case.correction_due_on is None and case.correction_days is None


def test_without_a_correction_period_nothing_is_promised(stored_c, cast):
    case = case_return(case=submit_evaluation(stored_c), actor=cast["unit_reviewer_2"], opinion="缺少学历证书")
    assert case.correction_due_on is None and case.pk not in case_deadlines(cases=[case])
    assert "请修改后重新提交" in Notification.objects.filter(case=case).latest("id").body


def test_each_step_has_its_deadline_and_an_overdue_case_is_flagged_to_the_next_level(stored_c, cast):
    case = submit_evaluation(stored_c)
    today = timezone.localdate()
    plan = _plan_of(case)
    EvaluationPlan.objects.filter(pk=plan.pk).update(
        closes_at=today - dt.timedelta(days=10), unit_deadline=today - dt.timedelta(days=2),
        supervisor_deadline=today + dt.timedelta(days=3), acceptance_deadline=today + dt.timedelta(days=10),
    )
    deadline = case_deadlines(cases=[case])[case.pk]
    assert (deadline.label, deadline.due_on, deadline.overdue, deadline.days_overdue) == (
        "人事管理单位审核截止", today - dt.timedelta(days=2), True, 2)
    supervisor = Organisation.objects.get(name=SUPERVISOR)
    assert [c.pk for c in cases_overdue_below(organisation=supervisor)] == [case.pk]
    assert cases_overdue_below(organisation=Organisation.objects.get(name=UNIT)) == []

    misses = stage_deadlines_check()
    assert [m.case_id for m in misses] == [case.pk] and misses[0].organisation.name == UNIT
    note = Notification.objects.filter(user=stored_c, case=case).latest("id")
    assert "已超过办理期限" in note.title and SUPERVISOR in note.body
    assert stage_deadlines_check() == []  # told once
    assert CaseDeadlineMiss.objects.filter(case=case).count() == 1

    case = case_approve(case=case, actor=cast["unit_reviewer_2"], opinion="同意")
    deadline = case_deadlines(cases=[case])[case.pk]
    assert (deadline.label, deadline.days_left, deadline.overdue) == ("主管单位审核截止", 3, False)
    assert "剩余 3 天" in deadline.text
    assert cases_overdue_below(organisation=supervisor) == []


def test_the_queue_marks_an_overdue_case_and_the_next_level_sees_it(stored_c, cast, client):
    case = submit_evaluation(stored_c)
    today = timezone.localdate()
    EvaluationPlan.objects.filter(pk=_plan_of(case).pk).update(
        closes_at=today - dt.timedelta(days=10), unit_deadline=today - dt.timedelta(days=1))
    unit = Organisation.objects.get(name=UNIT)
    client.force_login(cast["unit_reviewer_2"])
    page = client.get(reverse("cases:queue", args=[unit.pk])).content.decode()
    assert "case-overdue" in page and "已逾期 1 天" in page
    client.force_login(cast["supervisor_reviewer_2"])
    supervisor = Organisation.objects.get(name=SUPERVISOR)
    page = client.get(reverse("cases:queue", args=[supervisor.pk])).content.decode()
    assert 'id="overdue-below"' in page and stored_c.real_name in page


@pytest.mark.parametrize(("values", "field"), [
    ({"unit_deadline": 1}, "unit_deadline"),                                 # before the window closes
    ({"unit_deadline": 20, "supervisor_deadline": 15}, "supervisor_deadline"),
    ({"supervisor_deadline": 1}, "supervisor_deadline"),                     # unit not set: against closes_at
    ({"supervisor_deadline": 20, "acceptance_deadline": 19}, "acceptance_deadline"),
])
def test_stage_deadlines_must_follow_the_chain(cast, values, field):
    plan = EvaluationPlan.objects.filter(status="published").select_related("committee").first()
    office = cast["committee_office"]
    closes = plan.closes_at
    kwargs = {k: closes + dt.timedelta(days=v - 5) for k, v in values.items()}
    with pytest.raises(ValidationError) as info:
        plan_update(plan=plan, actor=office, year=plan.year, title=plan.title, opens_at=plan.opens_at,
                    closes_at=closes, levels=plan.level_values, specialties=list(plan.specialties.all()), **kwargs)
    assert field in info.value.message_dict


def test_entering_a_years_arrangement_moves_a_correction_deadline_and_tells_the_applicant(stored_c, cast, monkeypatch):
    case = submit_evaluation(stored_c)
    EvaluationPlan.objects.filter(pk=_plan_of(case).pk).update(correction_working_days=5)
    # Returned on Wednesday 3 February 2027 (春节 on the statutory floor: 5 and 8 February off); the
    # history is append-only in the database, so the clock is set, not the row.
    returned_at = timezone.make_aware(dt.datetime(2027, 2, 3, 10))
    with monkeypatch.context() as clock:
        clock.setattr("django.utils.timezone.now", lambda: returned_at)
        case = case_return(case=case, actor=cast["unit_reviewer_2"], opinion="缺少学历证书")
    assert CaseHistory.objects.get(case=case, decision="return").created_at == returned_at
    Case.objects.filter(pk=case.pk).update(correction_due_on=add_working_days(D(2027, 2, 3), 5))
    assert add_working_days(D(2027, 2, 3), 5) == D(2027, 2, 12)
    holidays = {**statutory_holidays(2027), **{D(2027, 2, d): "春节" for d in range(5, 13)}}
    _, changes = calendar_arrangement_enter(actor=cast["system_admin"], year=2027, holidays=holidays,
                                            working_days={D(2027, 2, 13): "春节"}, today=D(2027, 2, 4))
    case.refresh_from_db()
    assert case.correction_due_on == D(2027, 2, 17)
    assert any("补正截止 2027-02-12 → 2027-02-17" in c for c in changes)
    note = Notification.objects.filter(user=stored_c, case=case).latest("id")
    assert "补正期限已调整" in note.title and "2027年02月17日" in note.body

"""The case engine with real people: history, permissions, audit, notifications, queues."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.constants import CaseStatus, Decision
from zhicheng.cases.models import Case, CaseHistory, CaseStep, Notification
from zhicheng.cases.selectors import cases_visible_to, memberships_with_waiting_counts
from zhicheng.cases.services import (
    case_accept,
    case_approve,
    case_create,
    case_refuse,
    case_return,
    case_submit,
    case_withdraw,
    cases_batch_approve,
)
from zhicheng.cases.workflow import CaseAlreadyHandled, CasePermissionDenied, TransitionNotAllowed
from zhicheng.common.models import OutboxMessage
from zhicheng.orgs.models import Organisation

from .conftest import TEST_BUSINESS

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(cast):
    case = case_create(applicant=cast["applicant_a"], business_type=TEST_BUSINESS)
    return case_submit(case=case, actor=cast["applicant_a"])


def test_submit_freezes_route_and_history(submitted, cast):
    steps = list(submitted.steps.order_by("order").values_list("label", "organisation__name", "is_final"))
    assert steps == [
        ("人事管理单位", "龙川县人民医院", False),
        ("主管单位", "龙川县卫生健康局", False),
        ("人社部门", "河源市龙川县人力资源和社会保障局", True),
    ]
    assert submitted.status == CaseStatus.SUBMITTED
    assert submitted.current_organisation.name == "龙川县人民医院"
    last = submitted.history.last()
    assert (last.decision, last.organisation.name, last.actor) == (
        Decision.SUBMIT,
        "龙川县人民医院",
        cast["applicant_a"],
    )
    assert AuditEvent.objects.filter(action="case.submit", object_id=str(submitted.pk)).exists()


def test_full_route_to_accept(submitted, cast, hr_reviewer_lc, hook_calls):
    case = case_approve(case=submitted, actor=cast["unit_reviewer"], opinion="同意")
    assert case.current_organisation.name == "龙川县卫生健康局"
    case = case_approve(case=case, actor=cast["supervisor_reviewer"])
    with pytest.raises(TransitionNotAllowed):
        case_approve(case=case, actor=hr_reviewer_lc)
    case = case_accept(case=case, actor=hr_reviewer_lc, opinion="予以受理")
    assert case.status == CaseStatus.ACCEPTED and case.current_step_order is None and case.closed_at
    assert hook_calls == [("accept", case.pk)]
    decisions = list(case.history.values_list("decision", "organisation__name"))
    assert decisions[-3:] == [
        ("approve", "龙川县人民医院"), ("approve", "龙川县卫生健康局"), ("accept", "河源市龙川县人力资源和社会保障局"),
    ]
    notes = Notification.objects.filter(user=cast["applicant_a"], case=case)
    assert notes.count() == 3


def test_refuse_needs_reason_and_calls_hook(submitted, cast, hr_reviewer_lc, hook_calls):
    case = case_approve(case=submitted, actor=cast["unit_reviewer"])
    case = case_approve(case=case, actor=cast["supervisor_reviewer"])
    case = case_refuse(case=case, actor=hr_reviewer_lc, opinion="不符合申报条件")
    assert case.status == CaseStatus.REFUSED
    assert hook_calls == [("refuse", case.pk)]


def test_return_and_resubmit(submitted, cast):
    case = case_approve(case=submitted, actor=cast["unit_reviewer"])
    case = case_return(case=case, actor=cast["supervisor_reviewer"], opinion="请补充继续教育学时")
    assert case.status == CaseStatus.RETURNED and case.current_organisation is None
    note = Notification.objects.filter(user=cast["applicant_a"]).first()
    assert "请补充继续教育学时" in note.body
    case = case_submit(case=case, actor=cast["applicant_a"])
    assert case.current_step_order == 0 and case.current_organisation.name == "龙川县人民医院"
    assert CaseStep.objects.filter(case=case).count() == 3


def test_registered_approval_check_refuses_approval_in_one_place(submitted, cast):
    """An approval check (registry.approval_check_register) refuses 转下一环节 with its own reason; the
    case stays where it was; once the check passes, the same approval goes through."""
    from zhicheng.cases import registry

    seen = []

    def check(*, case, step):
        seen.append((case.pk, step.label))
        return "评前公示期未满，不能报送。" if step.order == 0 else None

    registry.approval_check_register("test-check", check)
    rows_before = submitted.history.count()
    try:
        assert (
            registry.approval_refusal(case=submitted, step=submitted.steps.get(order=0)) == "评前公示期未满，不能报送。"
        )
        with pytest.raises(TransitionNotAllowed, match="评前公示期未满"):
            case_approve(case=submitted, actor=cast["unit_reviewer"], opinion="同意")
        submitted.refresh_from_db()
        assert submitted.current_step_order == 0 and submitted.history.count() == rows_before
        assert seen == [(submitted.pk, "人事管理单位"), (submitted.pk, "人事管理单位")]
        registry.approval_check_register("test-check", lambda *, case, step: None)
        assert case_approve(case=submitted, actor=cast["unit_reviewer"]).current_step_order == 1
    finally:
        registry._APPROVAL_CHECKS.pop("test-check", None)


def test_withdraw_only_before_first_step_acts(submitted, cast):
    case = case_withdraw(case=submitted, actor=cast["applicant_a"])
    assert case.status == CaseStatus.DRAFT
    case = case_submit(case=case, actor=cast["applicant_a"])
    case = case_approve(case=case, actor=cast["unit_reviewer"])
    with pytest.raises(TransitionNotAllowed, match="不能撤回"):
        case_withdraw(case=case, actor=cast["applicant_a"])


def test_only_the_applicant_submits_and_withdraws(submitted, cast):
    with pytest.raises(CasePermissionDenied):
        case_withdraw(case=submitted, actor=cast["applicant_b"])
    with pytest.raises(CasePermissionDenied):
        case_withdraw(case=submitted, actor=cast["unit_reviewer"])


def test_only_staff_of_the_current_step_decide(submitted, cast):
    for who in ("other_unit_reviewer", "supervisor_reviewer", "unit_admin", "applicant_a"):
        with pytest.raises(CasePermissionDenied):
            case_approve(case=submitted, actor=cast[who])
    assert Case.objects.get(pk=submitted.pk).current_step_order == 0


def test_second_reviewer_is_told_already_handled(submitted, cast):
    case_approve(case=submitted, actor=cast["unit_reviewer"], expected_step=0)
    with pytest.raises(CaseAlreadyHandled) as exc:
        case_return(case=submitted, actor=cast["unit_reviewer"], opinion="x", expected_step=0)
    assert "已被处理" in exc.value.message


def test_notifications_go_out_after_commit(submitted, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case_return(case=submitted, actor=cast["unit_reviewer"], opinion="照片不清晰")
    assert OutboxMessage.objects.filter(channel="sms", body__contains="照片不清晰").exists()
    assert OutboxMessage.objects.filter(channel="email", subject__contains="退回").exists()


def test_history_is_append_only(submitted):
    row = CaseHistory.objects.filter(case=submitted).first()
    row.opinion = "changed"
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()


def test_constraint_no_current_step_when_finished(submitted):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=submitted.pk).update(status=CaseStatus.FINISHED)


def test_constraint_one_open_profile_case(cast):
    from django.db import IntegrityError, transaction

    Case.objects.create(applicant=cast["applicant_a"], business_type="profile")
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(applicant=cast["applicant_a"], business_type="profile")


def test_visibility_only_what_reached_the_unit(submitted, cast):
    assert cases_visible_to(user=cast["unit_reviewer"]).filter(pk=submitted.pk).exists()
    assert not cases_visible_to(user=cast["supervisor_reviewer"]).filter(pk=submitted.pk).exists()
    assert not cases_visible_to(user=cast["other_unit_reviewer"]).filter(pk=submitted.pk).exists()
    case_approve(case=submitted, actor=cast["unit_reviewer"])
    assert cases_visible_to(user=cast["supervisor_reviewer"]).filter(pk=submitted.pk).exists()
    assert cases_visible_to(user=cast["unit_reviewer"]).filter(pk=submitted.pk).exists()  # previously at it


def test_cross_org_pages_are_404(submitted, cast, client):
    client.force_login(cast["other_unit_reviewer"])
    assert client.get(reverse("cases:detail", args=[submitted.pk])).status_code == 404
    unit = Organisation.objects.get(name="龙川县人民医院")
    assert client.get(reverse("cases:queue", args=[unit.pk])).status_code == 404
    assert client.post(reverse("cases:queue", args=[unit.pk]), {"q": "张晓明"}).status_code == 404
    client.force_login(cast["unit_reviewer"])
    assert client.get(reverse("cases:detail", args=[submitted.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="case.view_record", object_id=str(submitted.pk)).exists()


def test_detail_decision_by_post_and_stale_message(submitted, cast, client):
    client.force_login(cast["unit_reviewer"])
    url = reverse("cases:detail", args=[submitted.pk])
    r = client.post(url, {"decision": "return", "opinion": "", "expected_step": 0})
    assert r.status_code == 200 and "请填写" in r.content.decode()
    r = client.post(url, {"decision": "approve", "opinion": "同意", "expected_step": 0}, follow=True)
    assert Case.objects.get(pk=submitted.pk).current_step_order == 1
    r = client.post(url, {"decision": "approve", "opinion": "同意", "expected_step": 0}, follow=True)
    assert "已被处理" in r.content.decode()


def test_queue_search_by_name_and_full_id(submitted, cast, client):
    client.force_login(cast["unit_reviewer"])
    unit = Organisation.objects.get(name="龙川县人民医院")
    url = reverse("cases:queue", args=[unit.pk])
    page = client.post(url, {"q": "张晓明"}, follow=True).content.decode()
    assert "张晓明" in page and cast["applicant_a"].masked_id_number in page
    assert cast["applicant_a"].id_number not in page
    assert "张晓明" in client.post(url, {"q": cast["applicant_a"].id_number}, follow=True).content.decode()
    assert "张晓明" not in client.post(url, {"q": "李雪梅"}, follow=True).content.decode()


def test_batch_approve(cast):
    cases = []
    for key in ("applicant_a", "applicant_b"):
        c = case_create(applicant=cast[key], business_type=TEST_BUSINESS)
        cases.append(case_submit(case=c, actor=cast[key]))
    unit = Organisation.objects.get(name="龙川县人民医院")
    result = cases_batch_approve(
        case_ids=[c.pk for c in cases] + [cases[0].pk], actor=cast["unit_reviewer"], organisation=unit
    )
    assert len(result.done) == 2 and not result.failed
    result = cases_batch_approve(case_ids=[cases[0].pk], actor=cast["unit_reviewer"], organisation=unit)
    assert result.failed and "已被处理" in result.failed[0][1]


def test_workbench_counts_in_one_query(submitted, cast):
    reviewer = cast["unit_reviewer"]
    with CaptureQueriesContext(connection) as ctx:
        items = memberships_with_waiting_counts(user=reviewer)
    assert len(ctx.captured_queries) == 1
    assert items[0].waiting == 1


def _bulk_cases(n: int, applicant, unit):
    Case.objects.bulk_create(
        Case(applicant=applicant, business_type=TEST_BUSINESS, status=CaseStatus.SUBMITTED, current_step_order=0,
             current_organisation=unit, submitted_at="2025-01-01T00:00:00+08:00")
        for _ in range(n)
    )


def test_queue_runs_a_constant_number_of_queries(cast, client):
    unit = Organisation.objects.get(name="龙川县人民医院")
    client.force_login(cast["unit_reviewer"])
    url = reverse("cases:queue", args=[unit.pk])
    _bulk_cases(10, cast["applicant_a"], unit)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _bulk_cases(9990, cast["applicant_b"], unit)
    with CaptureQueriesContext(connection) as large:
        r = client.get(url, {"page": 3})
    assert r.status_code == 200 and "共 10000 件" in r.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)


def test_detail_reads_history_and_steps_once(submitted, cast, client):
    """The case page: a fixed number of queries, whatever the length of the history."""
    case_approve(case=submitted, actor=cast["unit_reviewer"])  # now seen through the history
    client.force_login(cast["unit_reviewer"])
    url = reverse("cases:detail", args=[submitted.pk])
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200 and "龙川县人民医院" in response.content.decode()
        return [q["sql"] for q in queries.captured_queries]

    before = count()
    assert sum(sql.startswith('SELECT "cases_casehistory"') for sql in before) == 1
    assert sum(sql.startswith('SELECT "cases_casestep"') for sql in before) == 1
    unit = Organisation.objects.get(name="龙川县人民医院")
    for _ in range(3):
        CaseHistory.objects.create(case=submitted, decision=Decision.SAVE, from_status=CaseStatus.SUBMITTED,
                                   to_status=CaseStatus.SUBMITTED, organisation=unit, actor=cast["unit_reviewer"])
    assert len(count()) == len(before)

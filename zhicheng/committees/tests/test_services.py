"""Committee evaluation end to end through the services: the 2/3 rules at their edges, recusal,
draw re-check, one vote per expert and case, paper votes, 公示 dates, objections, reporting and
confirmation with a certificate."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from django.db import IntegrityError, transaction

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.models import Notification
from zhicheng.certificates.models import CertificateStatus
from zhicheng.committees.models import Ballot, EvaluationResult, ExpertProfile, Outcome, PanelDraw
from zhicheng.committees.rules import Vote
from zhicheng.committees.selectors import evaluation_outcome_of
from zhicheng.committees.services import (
    EvaluationError,
    NotAllowed,
    meeting_close,
    meeting_create,
    meeting_report,
    notice_publish,
    objection_lodge,
    objection_resolve,
    panel_draw,
    panel_draw_recheck,
    result_confirm,
    result_report,
    vote_cast,
    vote_record_paper,
)

from .conftest import accepted_application, building_plan

pytestmark = pytest.mark.django_db

HOSPITAL = "龙川县人民医院"
CONSTRUCTION = "龙川县城乡建设投资有限公司"  # employer of the demo expert 蔡志伟


def _meeting(office, applications, name="2025年度建筑高级评审会议"):
    return meeting_create(plan=building_plan(), name=name, held_on=dt.date(2025, 11, 20), place="广州",
                          applications=applications, actor=office)


def _vote(meeting, result, members, choices):
    for member, choice in zip(members, choices, strict=False):
        vote_cast(meeting=meeting, result=result, actor=member.expert.user, choice=choice)


@pytest.fixture
def two_apps(cast, pool):
    return [accepted_application(cast["applicant_a"], unit_name=HOSPITAL),
            accepted_application(cast["applicant_b"], unit_name="龙川县中医院")]


def _panel(meeting):
    return list(meeting.panel.select_related("expert__user").order_by("position"))


def test_two_thirds_edges_nine_panel_six_present(office, two_apps):
    meeting = _meeting(office, two_apps)
    panel_draw(meeting=meeting, size=9, actor=office)
    panel = _panel(meeting)
    assert len(panel) == 9
    ra, rb = meeting.results.order_by("id")
    present = panel[:6]  # 6 of 9 vote: exactly two thirds
    _vote(meeting, ra, present, [Vote.AGREE] * 4 + [Vote.DISAGREE, Vote.ABSTAIN])  # 4 of 6 → pass
    _vote(meeting, rb, present, [Vote.AGREE] * 3 + [Vote.DISAGREE] * 2 + [Vote.ABSTAIN])  # 3 of 6 → fail
    meeting = meeting_close(meeting=meeting, actor=office)
    assert meeting.is_valid is True and meeting.present_count == 6
    ra.refresh_from_db()
    rb.refresh_from_db()
    assert (ra.outcome, ra.agree, ra.disagree, ra.abstain, ra.present) == (Outcome.PASSED, 4, 1, 1, 6)
    assert (rb.outcome, rb.agree) == (Outcome.FAILED, 3)
    assert AuditEvent.objects.filter(action="evaluation.meeting_close", object_id=str(meeting.pk)).exists()
    with pytest.raises(EvaluationError, match="会议已结束"):
        meeting_close(meeting=meeting, actor=office)
    with pytest.raises(EvaluationError, match="会议已结束"):
        vote_cast(meeting=meeting, result=ra, actor=panel[7].expert.user, choice=Vote.AGREE)


def test_five_present_of_nine_is_an_invalid_meeting(office, two_apps):
    meeting = _meeting(office, two_apps)
    panel_draw(meeting=meeting, size=9, actor=office)
    ra, rb = meeting.results.order_by("id")
    _vote(meeting, ra, _panel(meeting)[:5], [Vote.AGREE] * 5)  # unanimous, but only 5 of 9 present
    meeting = meeting_close(meeting=meeting, actor=office)
    assert meeting.is_valid is False and meeting.present_count == 5
    assert set(meeting.results.values_list("outcome", flat=True)) == {Outcome.INVALID}
    assert evaluation_outcome_of(two_apps[0]).stage == "invalid"
    with pytest.raises(EvaluationError, match="会议无效"):
        notice_publish(meeting=meeting, actor=office)
    # The applications may go to another meeting.
    again = _meeting(office, two_apps, name="补充评审会议")
    assert again.results.count() == 2


def test_an_application_is_in_one_live_meeting_only(office, two_apps):
    _meeting(office, two_apps)
    with pytest.raises(EvaluationError, match="已安排在其他评审会议"):
        _meeting(office, two_apps[:1], name="重复")


def test_recusal_excludes_experts_of_an_applicants_unit(cast, office, pool):
    app = accepted_application(cast["applicant_a"], unit_name=CONSTRUCTION)
    colleague = ExpertProfile.objects.get(committee=pool, user__real_name="蔡志伟")
    assert colleague.employer.name == CONSTRUCTION
    meeting = _meeting(office, [app])
    with pytest.raises(EvaluationError, match="可抽取的专家只有 11 人"):
        panel_draw(meeting=meeting, size=13, actor=office)
    assert not PanelDraw.objects.filter(meeting=meeting).exists()
    draw = panel_draw(meeting=meeting, size=11, actor=office)  # everyone who may be drawn
    assert colleague.pk not in draw.chosen_ids
    assert colleague.pk in draw.candidate_ids
    assert draw.excluded == [
        {"id": colleague.pk, "name": "蔡志伟", "reason": f"与申报人张晓明同单位（{CONSTRUCTION}）"}
    ]
    assert not meeting.panel.filter(expert=colleague).exists()
    # and the colleague cannot vote
    with pytest.raises(NotAllowed):
        vote_cast(meeting=meeting, result=meeting.results.get(), actor=colleague.user, choice=Vote.AGREE)
    with pytest.raises(EvaluationError, match="已抽取"):
        panel_draw(meeting=meeting, size=3, actor=office)


def test_draw_recheck_matches_and_detects_tampering(office, two_apps):
    meeting = _meeting(office, two_apps)
    draw = panel_draw(meeting=meeting, size=7, actor=office)
    assert len(draw.seed) == 32 and len(set(draw.chosen_ids)) == 7
    assert panel_draw_recheck(draw=draw, actor=office).matches
    PanelDraw.objects.filter(pk=draw.pk).update(chosen_ids=list(reversed(draw.chosen_ids)))
    draw.refresh_from_db()
    assert not panel_draw_recheck(draw=draw, actor=office).matches
    assert AuditEvent.objects.filter(action="evaluation.panel_recheck").count() == 2


def test_draw_is_only_for_the_committee_office(cast, two_apps, office):
    meeting = _meeting(office, two_apps)
    with pytest.raises(NotAllowed):
        panel_draw(meeting=meeting, size=3, actor=cast["other_committee_office"])


def test_one_vote_per_expert_per_case(office, two_apps):
    meeting = _meeting(office, two_apps)
    panel_draw(meeting=meeting, size=3, actor=office)
    member = _panel(meeting)[0]
    result = meeting.results.order_by("id").first()
    vote_cast(meeting=meeting, result=result, actor=member.expert.user, choice=Vote.AGREE, comment="业绩突出")
    with pytest.raises(EvaluationError, match="只能投一票"):
        vote_cast(meeting=meeting, result=result, actor=member.expert.user, choice=Vote.DISAGREE)
    with pytest.raises(EvaluationError, match="只能投一票"):
        vote_record_paper(meeting=meeting, result=result, expert=member.expert, choice=Vote.DISAGREE, actor=office)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(meeting=meeting, result=result, expert=member.expert, choice=Vote.ABSTAIN,
                              recorded_by=office)
    assert Ballot.objects.filter(result=result).count() == 1
    assert Ballot.objects.get(result=result).choice == Vote.AGREE


def test_paper_votes_are_audited_and_marked(cast, office, two_apps):
    meeting = _meeting(office, two_apps)
    panel_draw(meeting=meeting, size=3, actor=office)
    member = _panel(meeting)[1]
    result = meeting.results.order_by("id").first()
    ballot = vote_record_paper(meeting=meeting, result=result, expert=member.expert, choice=Vote.AGREE, actor=office)
    assert ballot.by_office and ballot.recorded_by == office and ballot.expert == member.expert
    event = AuditEvent.objects.get(action="evaluation.vote_paper")
    assert event.actor == office and event.organisation_id == meeting.committee.organisation_id
    assert event.detail["expert"] == member.expert.user.real_name and event.detail["by_office"] is True
    assert "choice" not in event.detail  # 无记名投票
    with pytest.raises(NotAllowed):
        vote_record_paper(meeting=meeting, result=result, expert=member.expert, choice=Vote.AGREE,
                          actor=cast["other_committee_office"])


def _passed_meeting(office, apps, agree_counts):
    meeting = _meeting(office, apps)
    panel_draw(meeting=meeting, size=3, actor=office)
    panel = _panel(meeting)
    for result, agree in zip(meeting.results.order_by("id"), agree_counts, strict=True):
        _vote(meeting, result, panel, [Vote.AGREE] * agree + [Vote.DISAGREE] * (3 - agree))
    return meeting_close(meeting=meeting, actor=office)


def _expected_end(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` by chinese_calendar's own list."""
    days = chinese_calendar.get_workdays(start + dt.timedelta(days=1), start + dt.timedelta(days=60))
    return days[n - 1]


def test_notice_end_date_across_national_day_2025(office, two_apps):
    meeting = _passed_meeting(office, two_apps, [3, 3])
    notice = notice_publish(meeting=meeting, actor=office, today=dt.date(2025, 9, 30))
    # 10月1日–8日 放假; 10月11日（星期六）调休上班.
    assert not chinese_calendar.is_workday(dt.date(2025, 10, 8))
    assert chinese_calendar.is_workday(dt.date(2025, 10, 11)) and dt.date(2025, 10, 11).weekday() == 5
    assert notice.ends_on == dt.date(2025, 10, 14) == _expected_end(dt.date(2025, 9, 30), 5)
    assert notice.working_days == 5


def test_notice_end_date_counts_an_adjusted_working_sunday(office, two_apps):
    meeting = _passed_meeting(office, two_apps, [3, 3])
    # Published Friday 26 September 2025: Sunday 28 September is a working day (调休), then 29, 30, 9 and 10 October.
    notice = notice_publish(meeting=meeting, actor=office, today=dt.date(2025, 9, 26), working_days=5)
    assert chinese_calendar.is_workday(dt.date(2025, 9, 28)) and dt.date(2025, 9, 28).weekday() == 6
    assert notice.ends_on == dt.date(2025, 10, 10) == _expected_end(dt.date(2025, 9, 26), 5)


def test_notice_needs_at_least_five_working_days(office, two_apps):
    meeting = _passed_meeting(office, two_apps, [3, 3])
    with pytest.raises(EvaluationError, match="不得少于 5 个工作日"):
        notice_publish(meeting=meeting, actor=office, working_days=4)


def test_objection_blocks_reporting_until_resolved(cast, office, two_apps):
    meeting = _passed_meeting(office, two_apps, [3, 2])
    ra, rb = meeting.results.order_by("id")
    assert (ra.outcome, rb.outcome) == (Outcome.PASSED, Outcome.PASSED)  # 2 of 3 is two thirds
    start = dt.date(2025, 11, 3)
    notice = notice_publish(meeting=meeting, actor=office, today=start)
    with pytest.raises(EvaluationError, match="公示期未满"):
        result_report(result=ra, actor=office, today=notice.ends_on)
    objection = objection_lodge(result=ra, actor=cast["applicant_c"], text="论文存在抄袭嫌疑", contact="邮件",
                                today=start + dt.timedelta(days=1))
    assert AuditEvent.objects.filter(action="evaluation.objection_lodge").exists()
    with pytest.raises(EvaluationError, match="不在公示期内"):
        objection_lodge(
            result=rb, actor=cast["applicant_c"], text="迟到的异议", today=notice.ends_on + dt.timedelta(days=1)
        )
    after = notice.ends_on + dt.timedelta(days=1)
    with pytest.raises(EvaluationError, match="未处理的异议"):
        result_report(result=ra, actor=office, today=after)
    outcome = meeting_report(meeting=meeting, actor=office, today=after)
    assert [r.pk for r in outcome.done] == [rb.pk]
    assert any("未处理的异议" in m for m in outcome.failed)
    objection_resolve(objection=objection, actor=office, upheld=False, resolution="经核查，论文为本人原创。")
    assert result_report(result=ra, actor=office, today=after).reported_at is not None


def test_upheld_objection_withdraws_the_entry(cast, office, two_apps):
    meeting = _passed_meeting(office, two_apps, [3, 3])
    ra = meeting.results.order_by("id").first()
    notice = notice_publish(meeting=meeting, actor=office, today=dt.date(2025, 11, 3))
    objection = objection_lodge(result=ra, actor=cast["applicant_c"], text="任职年限不足", today=dt.date(2025, 11, 4))
    with pytest.raises(NotAllowed):
        objection_resolve(objection=objection, actor=cast["other_committee_office"], upheld=True, resolution="x")
    objection_resolve(objection=objection, actor=office, upheld=True, resolution="经核实，任职年限不足。")
    ra.refresh_from_db()
    assert ra.outcome == Outcome.WITHDRAWN
    assert evaluation_outcome_of(ra.application).stage == "withdrawn"
    with pytest.raises(EvaluationError, match="未通过或已撤销"):
        result_report(result=ra, actor=office, today=notice.ends_on + dt.timedelta(days=1))


def test_confirmation_issues_the_certificate(cast, office, two_apps):
    meeting = _passed_meeting(office, two_apps, [3, 0])
    ra, rb = meeting.results.order_by("id")
    assert rb.outcome == Outcome.FAILED
    notice = notice_publish(meeting=meeting, actor=office, today=dt.date(2025, 11, 3))
    after = notice.ends_on + dt.timedelta(days=1)
    assert evaluation_outcome_of(ra.application, today=dt.date(2025, 11, 4)).stage == "notice"
    meeting_report(meeting=meeting, actor=office, today=after)
    ra.refresh_from_db()
    assert evaluation_outcome_of(ra.application).stage == "reported"
    committee = meeting.committee
    for outsider in (cast["hr_reviewer"], office, cast["applicant_a"]):
        with pytest.raises(NotAllowed):
            result_confirm(result=ra, actor=outsider, today=after)
    bureau_reviewer = cast["province_hr_reviewer"]
    assert committee.managing_bureau.name == "广东省人力资源和社会保障厅"
    result = result_confirm(result=ra, actor=bureau_reviewer, today=after)
    certificate = result.certificate
    application = ra.application
    assert certificate.status == CertificateStatus.VALID
    assert certificate.issuer == committee.managing_bureau and certificate.committee == committee
    assert certificate.level == application.level == 2 and certificate.qualification.name == "高级工程师"
    assert certificate.case_id == application.case_id and certificate.holder == cast["applicant_a"]
    assert certificate.number[:4] == str(after.year) and certificate.number[4:10] == "440000"
    assert certificate.number[10] == "2"
    assert Notification.objects.filter(
        user=cast["applicant_a"], case=application.case, title__contains="确认备案"
    ).exists()
    assert AuditEvent.objects.filter(action="evaluation.result_confirm", object_id=str(result.pk)).exists()
    outcome = evaluation_outcome_of(application)
    assert outcome.stage == "confirmed" and outcome.certificate_number == certificate.number
    with pytest.raises(EvaluationError, match="已确认备案"):
        result_confirm(result=ra, actor=bureau_reviewer, today=after)
    assert EvaluationResult.objects.get(pk=ra.pk).certificate_id == certificate.pk


@pytest.mark.parametrize("after", ["void", "replace"])
def test_a_voided_or_replaced_certificate_is_not_offered_for_download(client, cast, office, two_apps, after):
    """Regression (found by the crawl): 我的评审结果 kept the 下载电子证书 link of a voided certificate,
    which answers 404; it names the certificate's status instead."""
    from django.urls import reverse

    from zhicheng.certificates.services import certificate_replace, certificate_void

    meeting = _passed_meeting(office, two_apps, [3, 0])
    ra = meeting.results.order_by("id").first()
    notice = notice_publish(meeting=meeting, actor=office, today=dt.date(2025, 11, 3))
    day = notice.ends_on + dt.timedelta(days=1)
    meeting_report(meeting=meeting, actor=office, today=day)
    certificate = result_confirm(result=ra, actor=cast["province_hr_reviewer"], today=day).certificate
    client.force_login(cast["applicant_a"])
    link = reverse("certificates:e_certificate", args=[certificate.pk])
    assert link in client.get(reverse("evaluation:mine")).content.decode()
    if after == "void":
        certificate_void(certificate=certificate, reason="材料弄虚作假，予以作废。", actor=cast["province_hr_reviewer"])
    else:
        certificate_replace(certificate=certificate, reason="遗失补发。", actor=cast["province_hr_reviewer"])
    page = client.get(reverse("evaluation:mine")).content.decode()
    assert link not in page and certificate.number in page
    assert ("已作废" if after == "void" else "已补换发") in page
    outcome = evaluation_outcome_of(ra.application)
    assert outcome.stage == "confirmed" and outcome.certificate_id is None

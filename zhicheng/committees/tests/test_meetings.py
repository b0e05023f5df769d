"""Meetings the committee office can manage (issue 21): edit before the vote, panel redraw and
replacement with recusal and re-check, cancellation with a reason, one message per applicant per
event (outbox rows), and the meeting's 一览表 as PDF and Excel."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.models import Notification
from zhicheng.committees.models import (
    DrawKind,
    EvaluationResult,
    ExpertProfile,
    MeetingMessage,
    MeetingStatus,
    Outcome,
    PanelDraw,
)
from zhicheng.committees.rules import Vote
from zhicheng.committees.selectors import accepted_applications_for, evaluation_outcome_of
from zhicheng.committees.services import (
    EvaluationError,
    NotAllowed,
    meeting_cancel,
    meeting_close,
    meeting_create,
    meeting_edit,
    notice_publish,
    panel_draw,
    panel_draw_recheck,
    panel_member_replace,
    panel_redraw,
    result_confirm,
    result_report,
    vote_cast,
)
from zhicheng.outbox.models import OutgoingMessage

from .conftest import accepted_application, building_plan

pytestmark = pytest.mark.django_db

HOSPITAL = "龙川县人民医院"
CONSTRUCTION = "龙川县城乡建设投资有限公司"  # employer of the demo expert 蔡志伟


@pytest.fixture
def two_apps(cast, pool):
    return [accepted_application(cast["applicant_a"], unit_name=HOSPITAL),
            accepted_application(cast["applicant_b"], unit_name="龙川县中医院")]


def _meeting(office, applications, name="2025年度建筑高级评审会议"):
    return meeting_create(plan=building_plan(), name=name, held_on=dt.date(2025, 11, 20), place="广州",
                          applications=applications, actor=office)


def _panel(meeting):
    return list(meeting.panel.select_related("expert__user").order_by("position"))


# -- edit ----------------------------------------------------------------------------------------
def test_edit_before_the_vote_is_audited_and_refused_after_a_ballot(cast, office, two_apps):
    meeting = _meeting(office, two_apps)
    panel_draw(meeting=meeting, size=3, actor=office)
    member = _panel(meeting)[0].expert.user
    changed = meeting_edit(meeting=meeting, actor=office, name=meeting.name, held_on=dt.date(2025, 11, 21),
                           place="广州市天河区", today=dt.date(2025, 11, 1))
    assert changed == ["held_on", "place"]
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.place) == (dt.date(2025, 11, 21), "广州市天河区")
    event = AuditEvent.objects.get(action="evaluation.meeting_edit", object_id=str(meeting.pk))
    assert event.detail["before"] == {"held_on": "2025-11-20", "place": "广州"}
    assert event.detail["after"] == {"held_on": "2025-11-21", "place": "广州市天河区"}
    assert Notification.objects.filter(user=member, title__contains="时间地点变更").count() == 1
    # nothing differs: nothing audited
    assert meeting_edit(meeting=meeting, actor=office, name=meeting.name, held_on=meeting.held_on,
                        place=meeting.place) == []
    assert AuditEvent.objects.filter(action="evaluation.meeting_edit").count() == 1
    with pytest.raises(ValidationError) as exc:
        meeting_edit(meeting=meeting, actor=office, name=meeting.name, held_on=meeting.held_on, place="  ")
    assert "place" in exc.value.message_dict
    with pytest.raises(NotAllowed):
        meeting_edit(meeting=meeting, actor=cast["applicant_a"], name="x", held_on=meeting.held_on, place="x")
    # the first ballot closes editing
    vote_cast(meeting=meeting, result=meeting.results.first(), actor=member, choice=Vote.AGREE)
    with pytest.raises(EvaluationError, match="表决已经开始"):
        meeting_edit(meeting=meeting, actor=office, name=meeting.name, held_on=meeting.held_on, place="深圳")
    with pytest.raises(EvaluationError, match="表决已经开始"):
        panel_redraw(meeting=meeting, size=3, actor=office, reason="专家请假")
    with pytest.raises(EvaluationError, match="表决已经开始"):
        panel_member_replace(meeting=meeting, expert_id=_panel(meeting)[1].expert_id, actor=office, reason="请假")
    meeting.refresh_from_db()
    assert meeting.place == "广州市天河区"


def test_a_new_date_after_a_members_term_is_refused(office, two_apps):
    meeting = _meeting(office, two_apps)
    panel_draw(meeting=meeting, size=3, actor=office, today=dt.date(2025, 11, 1))
    expert = _panel(meeting)[0].expert
    ExpertProfile.objects.filter(pk=expert.pk).update(term_ends_on=dt.date(2025, 11, 30))
    with pytest.raises(ValidationError) as exc:
        meeting_edit(meeting=meeting, actor=office, name=meeting.name, held_on=dt.date(2025, 12, 5), place="广州",
                     today=dt.date(2025, 11, 1))
    assert expert.user.real_name in exc.value.message_dict["held_on"][0]


# -- panel ---------------------------------------------------------------------------------------
def test_replace_a_member_respects_recusal_and_rechecks(cast, office, pool):
    app = accepted_application(cast["applicant_a"], unit_name=CONSTRUCTION)
    colleague = ExpertProfile.objects.get(committee=pool, user__real_name="蔡志伟")
    meeting = _meeting(office, [app])
    draw = panel_draw(meeting=meeting, size=9, actor=office)
    out = _panel(meeting)[4]
    with pytest.raises(ValidationError):
        panel_member_replace(meeting=meeting, expert_id=out.expert_id, actor=office, reason=" ")
    with pytest.raises(EvaluationError, match="不在本次会议评审组"):
        panel_member_replace(meeting=meeting, expert_id=colleague.pk, actor=office, reason="请假")
    replacement = panel_member_replace(meeting=meeting, expert_id=out.expert_id, actor=office, reason="专家请假")
    assert replacement.kind == DrawKind.REPLACE and replacement.replaced_id == out.expert_id
    new_id = replacement.chosen_ids[0]
    assert new_id != colleague.pk and new_id not in draw.chosen_ids  # recused, and not one already on the panel
    panel = [m.expert_id for m in _panel(meeting)]
    assert panel[4] == new_id and out.expert_id not in panel and len(panel) == 9
    event = AuditEvent.objects.get(action="evaluation.panel_replace")
    assert event.detail["before"]["expert"] == out.expert_id and event.detail["after"]["expert"] == new_id
    assert panel_draw_recheck(draw=meeting.draw, actor=office).matches
    # tampering with the replacement is caught
    PanelDraw.objects.filter(pk=replacement.pk).update(chosen_ids=[out.expert_id])
    assert not panel_draw_recheck(draw=meeting.draw, actor=office).matches


def test_redraw_keeps_the_first_draw_on_record(office, two_apps):
    meeting = _meeting(office, two_apps)
    first = panel_draw(meeting=meeting, size=3, actor=office)
    with pytest.raises(ValidationError):
        panel_redraw(meeting=meeting, size=5, actor=office, reason="")
    with pytest.raises(EvaluationError, match="单数"):
        panel_redraw(meeting=meeting, size=4, actor=office, reason="扩大评审组")
    second = panel_redraw(meeting=meeting, size=5, actor=office, reason="扩大评审组")
    assert PanelDraw.objects.filter(meeting=meeting).count() == 2 and first.pk != second.pk
    assert meeting.draw == second and [m.expert_id for m in _panel(meeting)] == second.chosen_ids
    assert panel_draw_recheck(draw=second, actor=office).matches
    event = AuditEvent.objects.get(action="evaluation.panel_redraw")
    assert event.detail["before"] == first.chosen_ids and event.detail["after"] == second.chosen_ids


# -- cancel --------------------------------------------------------------------------------------
def test_cancel_needs_a_reason_and_returns_the_applications(cast, office, two_apps):
    meeting = _meeting(office, two_apps)
    panel_draw(meeting=meeting, size=3, actor=office)
    members = [m.expert.user for m in _panel(meeting)]
    plan = building_plan()
    assert not accepted_applications_for(plan=plan).filter(pk__in=[a.pk for a in two_apps]).exists()
    with pytest.raises(ValidationError) as exc:
        meeting_cancel(meeting=meeting, actor=office, reason="   ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(NotAllowed):
        meeting_cancel(meeting=meeting, actor=cast["applicant_a"], reason="x")
    meeting = meeting_cancel(meeting=meeting, actor=office, reason="场地临时不可用")
    assert meeting.status == MeetingStatus.CANCELLED and meeting.cancel_reason == "场地临时不可用"
    assert set(meeting.results.values_list("outcome", flat=True)) == {Outcome.CANCELLED}
    # back to awaiting a meeting: offered to, and accepted by, the next one
    assert set(accepted_applications_for(plan=plan).values_list("pk", flat=True)) >= {a.pk for a in two_apps}
    assert evaluation_outcome_of(two_apps[0]).stage == "waiting"
    from zhicheng.committees.lifecycle import stage_of
    from zhicheng.committees.models import Stage, StageChange

    assert {stage_of(a) for a in two_apps} == {Stage.AWAITING}
    assert StageChange.objects.filter(application=two_apps[0], move="cancel", from_state="scheduled").count() == 1
    again = _meeting(office, two_apps, name="改期后的评审会议")
    assert again.results.count() == 2
    event = AuditEvent.objects.get(action="evaluation.meeting_cancel")
    assert event.detail["before"]["status"] == "open" and event.detail["after"]["status"] == "cancelled"
    # applicants and panel members told once
    for user in [cast["applicant_a"], cast["applicant_b"], *members]:
        assert Notification.objects.filter(user=user, title__contains="评审会议已取消").count() == 1
    with pytest.raises(EvaluationError, match="已取消"):
        meeting_cancel(meeting=meeting, actor=office, reason="再次")
    for refused in (lambda: meeting_close(meeting=meeting, actor=office),
                    lambda: panel_redraw(meeting=meeting, size=3, actor=office, reason="x"),
                    lambda: vote_cast(meeting=meeting, result=meeting.results.first(), actor=members[0],
                                      choice=Vote.AGREE)):
        with pytest.raises(EvaluationError, match="已取消"):
            refused()


def test_a_closed_meeting_cannot_be_cancelled(office, two_apps):
    meeting = _meeting(office, two_apps)
    panel_draw(meeting=meeting, size=3, actor=office)
    meeting = meeting_close(meeting=meeting, actor=office)
    with pytest.raises(EvaluationError, match="已结束"):
        meeting_cancel(meeting=meeting, actor=office, reason="误操作")


def test_the_constraint_refuses_a_cancelled_meeting_without_reason(office, two_apps):
    from django.db import IntegrityError, transaction

    from zhicheng.committees.models import Meeting

    meeting = _meeting(office, two_apps)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED, cancelled_at=meeting.created_at)


# -- notifications -------------------------------------------------------------------------------
def _outbox(user) -> int:
    return OutgoingMessage.objects.filter(user=user).count()


def test_each_applicant_is_told_once_per_event(cast, office, two_apps, settings):
    settings.DEFAULT_PUBLIC_BASE_URL = "https://zc.example.gov.cn/"
    a, b = cast["applicant_a"], cast["applicant_b"]
    meeting = _meeting(office, two_apps)
    panel_draw(meeting=meeting, size=3, actor=office)
    panel = _panel(meeting)
    ra, rb = meeting.results.order_by("id")
    for member in panel:
        vote_cast(meeting=meeting, result=ra, actor=member.expert.user, choice=Vote.AGREE)
        vote_cast(meeting=meeting, result=rb, actor=member.expert.user, choice=Vote.DISAGREE)
    before_a, before_b = _outbox(a), _outbox(b)
    meeting = meeting_close(meeting=meeting, actor=office)
    per_message = 1 + bool(a.email)  # SMS, and e-mail when the applicant has an address
    assert _outbox(a) - before_a == per_message and _outbox(b) - before_b == 1 + bool(b.email)
    assert MeetingMessage.objects.filter(meeting=meeting, kind="closed").count() == 2

    notice = notice_publish(meeting=meeting, actor=office, today=dt.date(2025, 11, 3))
    told = Notification.objects.filter(user=a, title="您的评审结果正在公示")
    assert told.count() == 1
    link = f"https://zc.example.gov.cn{reverse('evaluation:notice_detail', args=[notice.pk])}"
    assert link in told.get().body
    assert not Notification.objects.filter(user=b, title="您的评审结果正在公示").exists()  # b failed: not named

    after = notice.ends_on + dt.timedelta(days=1)
    result_report(result=ra, actor=office, today=after)
    result_confirm(result=ra, actor=cast["province_hr_reviewer"], today=after)
    assert Notification.objects.filter(user=a, title__contains="确认备案").count() == 1
    assert set(MeetingMessage.objects.filter(meeting=meeting, user=a).values_list("kind", flat=True)) == {
        "closed", "notice", "confirmed"}

    # the same event again tells nobody a second time
    from zhicheng.committees.services import _tell_once

    count = OutgoingMessage.objects.count()
    assert _tell_once(meeting=meeting, user=a, kind="notice", title="x", body="x") is False
    assert OutgoingMessage.objects.count() == count


def test_the_closed_message_names_the_menu_item_as_the_applicant_sees_it(cast, office, two_apps, client):
    """Regression (a newcomer's walk): the message said “我的评审” but the applicant's link is 我的评审结果.
    Every “…” the message names is a link on the applicant's 工作台, and the results one leads to the page."""
    import re

    meeting = _meeting(office, two_apps)
    panel_draw(meeting=meeting, size=3, actor=office)
    ra = meeting.results.order_by("id").first()
    for member in _panel(meeting):
        vote_cast(meeting=meeting, result=ra, actor=member.expert.user, choice=Vote.AGREE)
    meeting_close(meeting=meeting, actor=office)
    note = Notification.objects.get(user=ra.application.applicant, title__contains="评审会议已结束")
    labels = re.findall(r"“([^”]+)”", note.body)
    assert labels
    client.force_login(ra.application.applicant)
    home = client.get(reverse("common:home")).content.decode()
    for label in labels:
        assert f">{label}</a>" in home, label
    assert f'href="{reverse("evaluation:mine")}">我的评审结果</a>' in home and "“我的评审结果”" in note.body


def test_an_invalid_meeting_tells_the_applicants_it_is_rescheduled(cast, office, two_apps):
    meeting = _meeting(office, two_apps)
    panel_draw(meeting=meeting, size=3, actor=office)
    meeting_close(meeting=meeting, actor=office)  # nobody voted: invalid
    note = Notification.objects.get(user=cast["applicant_a"], title__contains="评审会议已结束")
    assert "会议无效" in note.body


# -- 一览表 -----------------------------------------------------------------------------------------
def test_meeting_summary_sheet_pdf_and_xlsx(client, cast, office, two_apps):
    from openpyxl import load_workbook

    from zhicheng.accounts.models import User

    User.objects.filter(pk=cast["applicant_b"].pk).update(real_name="=HYPERLINK(\"http://x\")")
    other = accepted_application(cast["applicant_c"], unit_name=HOSPITAL)
    meeting = _meeting(office, two_apps)
    client.force_login(office)
    response = client.get(reverse("evaluation:meeting_summary_xlsx", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][:2] == ["序号", "姓名"] and len(rows) == 3  # header + the meeting's two applications
    names = [r[1] for r in rows[1:]]
    assert other.applicant.real_name not in names
    for row in ws.iter_rows(min_row=2):
        assert row[1].data_type == "s"  # text, never a formula
    assert any(str(n).startswith("=") for n in names)
    assert "评审会议申报人员一览表" in ws.oddHeader.center.text
    response = client.get(reverse("evaluation:meeting_summary_pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="document.downloaded", object_id=str(meeting.pk)).count() == 2
    client.force_login(cast["applicant_a"])
    assert client.get(reverse("evaluation:meeting_summary_pdf", args=[meeting.pk])).status_code == 404


def test_meeting_summary_lists_what_the_meeting_holds(office, two_apps):
    from zhicheng.committees.selectors import meeting_applications

    meeting = _meeting(office, two_apps[:1])
    assert meeting_applications(meeting=meeting) == two_apps[:1]
    assert EvaluationResult.objects.filter(meeting=meeting).count() == 1


# -- pages ---------------------------------------------------------------------------------------
@pytest.fixture
def drawn(office, two_apps):
    meeting = _meeting(office, two_apps)
    panel_draw(meeting=meeting, size=3, actor=office)
    return meeting


def test_edit_page_saves_and_keeps_bad_input(client, office, drawn):
    client.force_login(office)
    url = reverse("evaluation:meeting_edit", args=[drawn.pk])
    page = client.get(reverse("evaluation:meeting", args=[drawn.pk])).content.decode()
    assert url in page and reverse("evaluation:meeting_cancel", args=[drawn.pk]) in page
    response = client.post(url, {"action": "meeting", "name": drawn.name, "held_on": "2025-13-40", "place": "深圳会场"})
    text = response.content.decode()
    assert response.status_code == 200 and "请输入有效的日期" in text and "深圳会场" in text
    response = client.post(url, {"action": "meeting", "name": drawn.name, "held_on": "2025-11-22", "place": "深圳会场"})
    assert response.status_code == 302
    drawn.refresh_from_db()
    assert drawn.place == "深圳会场"
    member = _panel(drawn)[0]
    response = client.post(url, {"action": "replace", "replace-expert": str(member.expert_id), "replace-reason": ""})
    assert "请填写替换专家的原因" in response.content.decode()
    response = client.post(url, {"action": "redraw", "redraw-size": "4", "redraw-reason": "扩大"})
    assert "单数" in response.content.decode() and "扩大" in response.content.decode()
    response = client.post(url, {"action": "replace", "replace-expert": str(member.expert_id),
                                 "replace-reason": "专家请假"}, follow=True)
    assert "替换该专家" in response.content.decode()
    assert not drawn.panel.filter(expert_id=member.expert_id).exists()


def test_edit_page_after_a_ballot_goes_back_with_the_reason(client, office, drawn):
    vote_cast(meeting=drawn, result=drawn.results.first(), actor=_panel(drawn)[0].expert.user, choice=Vote.AGREE)
    client.force_login(office)
    page = client.get(reverse("evaluation:meeting", args=[drawn.pk])).content.decode()
    assert reverse("evaluation:meeting_edit", args=[drawn.pk]) not in page and "表决已经开始" in page
    response = client.get(reverse("evaluation:meeting_edit", args=[drawn.pk]), follow=True)
    assert "表决已经开始" in response.content.decode()
    response = client.post(reverse("evaluation:meeting_edit", args=[drawn.pk]),
                           {"action": "meeting", "name": "x", "held_on": "2025-11-22", "place": "x"})
    assert response.status_code == 302
    drawn.refresh_from_db()
    assert drawn.place == "广州"


def test_cancel_page_requires_a_reason(client, cast, office, drawn):
    url = reverse("evaluation:meeting_cancel", args=[drawn.pk])
    client.force_login(cast["other_committee_office"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(office)
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200 and "请填写取消原因" in response.content.decode()
    drawn.refresh_from_db()
    assert drawn.is_open
    response = client.post(url, {"reason": "主任委员出差"}, follow=True)
    text = response.content.decode()
    assert "会议已取消" in text and "主任委员出差" in text
    assert client.get(url).status_code == 302


def test_a_panel_member_reads_that_the_meeting_was_cancelled(client, office, drawn):
    """The vote page of a cancelled meeting says so, with the reason, not 会议已结束."""
    member = _panel(drawn)[0].expert.user
    meeting_cancel(meeting=drawn, actor=office, reason="主任委员出差")
    client.force_login(member)
    text = client.get(reverse("evaluation:vote", args=[drawn.pk])).content.decode()
    assert "会议已取消（主任委员出差），不能投票" in text and "会议已结束" not in text

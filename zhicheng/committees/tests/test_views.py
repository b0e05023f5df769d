"""Pages: who may open what (404 otherwise), forms with Chinese errors, and the public notice."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from zhicheng.committees.models import Ballot, ExpertProfile, Meeting, Objection, PublicNotice
from zhicheng.committees.rules import Vote
from zhicheng.committees.services import meeting_close, meeting_create, notice_publish, panel_draw, vote_cast
from zhicheng.orgs.models import Membership

from .conftest import accepted_application, building_committee, building_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(cast, pool, office):
    apps = [accepted_application(cast["applicant_a"], unit_name="龙川县城乡建设投资有限公司"),
            accepted_application(cast["applicant_b"], unit_name="龙川县人民医院")]
    m = meeting_create(plan=building_plan(), name="测试评审会议", held_on=dt.date(2025, 11, 20), place="广州",
                       applications=apps, actor=office)
    panel_draw(meeting=m, size=5, actor=office)
    return m


def _get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def test_other_committee_office_gets_404(client, cast, meeting):
    other = cast["other_committee_office"]
    for name, args in [("evaluation:meeting", [meeting.pk]), ("evaluation:paper_vote", [meeting.pk]),
                       ("evaluation:notice_new", [meeting.pk]), ("evaluation:experts", [meeting.committee_id]),
                       ("evaluation:meeting_new", [meeting.committee_id])]:
        assert _get(client, other, name, *args).status_code == 404, name
    client.force_login(other)
    assert client.post(reverse("evaluation:meeting_close", args=[meeting.pk])).status_code == 404
    assert client.post(reverse("evaluation:meeting_draw", args=[meeting.pk]), {"size": 3}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.is_open


def test_office_sees_its_meeting_and_draw_record(client, office, meeting):
    response = _get(client, office, "evaluation:meeting", meeting.pk)
    text = response.content.decode()
    assert response.status_code == 200
    assert "回避：与申报人张晓明同单位（龙川县城乡建设投资有限公司）" in text
    assert "蔡志伟" in text and meeting.draw.seed in text
    response = client.post(reverse("evaluation:meeting_recheck", args=[meeting.pk]), follow=True)
    assert "复核一致" in response.content.decode()


def test_expert_not_on_panel_gets_404_on_vote_page(client, meeting):
    panel_ids = set(meeting.panel.values_list("expert_id", flat=True))
    outsider = ExpertProfile.objects.filter(committee=meeting.committee).exclude(pk__in=panel_ids).first()
    assert _get(client, outsider.user, "evaluation:vote", meeting.pk).status_code == 404
    member = meeting.panel.select_related("expert__user").first().expert
    response = _get(client, member.user, "evaluation:vote", meeting.pk)
    assert response.status_code == 200
    text = response.content.decode()
    assert "张晓明" in text and "龙川县城乡建设投资有限公司" in text and "高级工程师" in text
    assert "4416" not in text  # no ID numbers on the vote page


def test_expert_votes_through_the_page(client, meeting):
    member = meeting.panel.select_related("expert__user").first().expert
    result = meeting.results.order_by("id").first()
    client.force_login(member.user)
    url = reverse("evaluation:vote", args=[meeting.pk])
    response = client.post(url, {"result": result.pk})
    assert response.status_code == 200 and "请选择同意、不同意或弃权" in response.content.decode()
    client.post(url, {"result": result.pk, f"r{result.pk}-choice": Vote.AGREE, f"r{result.pk}-comment": "同意"})
    response = client.post(url, {"result": result.pk, f"r{result.pk}-choice": Vote.DISAGREE}, follow=True)
    assert "只能投一票" in response.content.decode()
    assert Ballot.objects.get(result=result, expert=member).choice == Vote.AGREE


def test_vote_page_shows_the_presented_achievements(client, cast, meeting):
    from zhicheng.profiles.models import Achievement, Profile

    result = meeting.results.order_by("id").first()
    profile, _ = Profile.objects.get_or_create(user=cast["applicant_a"])
    chosen = Achievement.objects.create(profile=profile, kind=Achievement._meta.get_field("kind").choices[0][0],
                                        title="龙川县城区排水管网改造工程", date=dt.date(2023, 6, 1), role="项目负责人")
    Achievement.objects.create(profile=profile, kind=chosen.kind, title="未选定的成果", date=dt.date(2022, 1, 1))
    application = result.application
    application.selected_achievement_ids = [chosen.pk]
    application.save()
    member = meeting.panel.select_related("expert__user").first().expert
    text = _get(client, member.user, "evaluation:vote", meeting.pk).content.decode()
    assert "龙川县城区排水管网改造工程" in text and "项目负责人" in text and "未选定的成果" not in text
    # The case engine keeps experts out of case pages; the vote page carries what they need.
    link = reverse("cases:detail", args=[application.case_id])
    assert (link in text) == (client.get(link).status_code == 200)


def test_paper_vote_page_records_and_shows_errors(client, office, meeting):
    member = meeting.panel.select_related("expert__user").first().expert
    result = meeting.results.order_by("id").first()
    client.force_login(office)
    url = reverse("evaluation:paper_vote", args=[meeting.pk])
    response = client.post(url, {"expert": member.pk, "result": result.pk})
    assert "请选择同意、不同意或弃权" in response.content.decode()
    client.post(url, {"expert": member.pk, "result": result.pk, "choice": Vote.ABSTAIN})
    ballot = Ballot.objects.get(result=result, expert=member)
    assert ballot.by_office and ballot.recorded_by == office


def test_draw_too_large_gives_a_chinese_message(client, cast, pool, office):
    app = accepted_application(cast["applicant_c"], unit_name="龙川县人民医院")
    m = meeting_create(plan=building_plan(), name="大会", held_on=dt.date(2025, 11, 20), place="广州",
                       applications=[app], actor=office)
    client.force_login(office)
    response = client.post(reverse("evaluation:meeting_draw", args=[m.pk]), {"size": 21}, follow=True)
    assert "可抽取的专家只有 12 人" in response.content.decode()


def test_meeting_new_page_lists_accepted_cases_with_checkboxes(client, cast, pool, office):
    app = accepted_application(cast["applicant_c"], unit_name="龙川县人民医院")
    plan = building_plan()
    client.force_login(office)
    url = reverse("evaluation:meeting_new", args=[plan.committee_id]) + f"?plan={plan.pk}"
    response = client.get(url)
    assert f'value="{app.pk}"' in response.content.decode()
    response = client.post(url, {"name": "会", "held_on": "2025-11-20", "place": "广州"})
    assert "请至少选择一名申报人" in response.content.decode()
    response = client.post(url, {"name": "会", "held_on": "2025-11-20", "place": "广州", "applications": [app.pk]})
    assert response.status_code == 302
    assert Meeting.objects.get(name="会").results.get().application == app


def test_meeting_new_page_queries_do_not_grow_with_candidates(client, cast, pool, office):
    """The candidates' personnel units are read for all of them at once (was one query or more each)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhicheng.accounts.tests.factories import UserFactory

    plan = building_plan()
    accepted_application(cast["applicant_c"], unit_name="龙川县人民医院")
    client.force_login(office)
    url = reverse("evaluation:meeting_new", args=[plan.committee_id]) + f"?plan={plan.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        body = client.get(url).content.decode()
    assert "龙川县人民医院" in body
    for unit in ("龙川县中医院", "龙川县城乡建设投资有限公司", "龙川县人民医院"):
        accepted_application(UserFactory(), unit_name=unit)
    with CaptureQueriesContext(connection) as four:
        body = client.get(url).content.decode()
    assert body.count('name="applications"') == 4 and "龙川县中医院" in body
    assert len(four) == len(one)


def test_expert_add_page(client, cast, pool, office):
    committee = building_committee()
    client.force_login(office)
    url = reverse("evaluation:experts", args=[committee.pk])
    response = client.post(url, {"id_number": "440104199001011234", "employer": ""})
    text = response.content.decode()
    assert "请选择" in text or "必填" in text or "这个字段是必填项" in text
    employer = cast["unit_reviewer"].memberships.first().organisation
    response = client.post(
        url, {"id_number": cast["applicant_c"].id_number, "employer": employer.pk, "title": "高级工程师"}
    )
    assert response.status_code == 302
    expert = ExpertProfile.objects.get(user=cast["applicant_c"], committee=committee)
    assert Membership.objects.filter(user=cast["applicant_c"], organisation=committee.organisation, role="expert",
                                     is_active=True).exists()
    response = client.post(url, {"id_number": cast["applicant_c"].id_number, "employer": employer.pk})
    assert "已在本评委会专家库中" in response.content.decode()
    assert cast["applicant_c"].id_number not in client.get(url).content.decode()
    client.post(reverse("evaluation:expert_deactivate", args=[expert.pk]))
    expert.refresh_from_db()
    assert not expert.is_active


def test_public_notice_pages_and_objection(client, cast, office, meeting):
    panel = list(meeting.panel.select_related("expert__user"))
    for result in meeting.results.all():
        for m in panel:
            vote_cast(meeting=meeting, result=result, actor=m.expert.user, choice=Vote.AGREE)
    meeting_close(meeting=meeting, actor=office)
    notice = notice_publish(meeting=meeting, actor=office)
    response = client.get(reverse("evaluation:notices"))
    assert response.status_code == 200 and notice.title in response.content.decode()
    assert "（自发布次日起 5 个工作日）" in response.content.decode()  # the period is counted from the next day
    detail = client.get(reverse("evaluation:notice_detail", args=[notice.pk])).content.decode()
    assert "（自发布次日起 5 个工作日）" in detail
    assert "张晓明" in detail and "李雪梅" in detail and "龙川县城乡建设投资有限公司" in detail
    assert cast["applicant_a"].id_number[:6] + cast["applicant_a"].id_number[6:10] not in detail
    result = meeting.results.order_by("id").first()
    url = reverse("evaluation:objection_new", args=[result.pk])
    assert client.get(url).status_code == 302  # login first
    client.force_login(cast["applicant_c"])
    response = client.post(url, {"text": "  "})
    assert "请填写异议内容" in response.content.decode()
    client.post(url, {"text": "业绩材料不实", "contact": "电话"})
    assert Objection.objects.filter(result=result, lodged_by=cast["applicant_c"]).exists()
    # after the notice period the public list no longer shows it as current
    PublicNotice.objects.filter(pk=notice.pk).update(published_on=timezone.localdate() - dt.timedelta(days=20),
                                                     ends_on=timezone.localdate() - dt.timedelta(days=1))
    response = client.post(url, {"text": "迟到"}, follow=True)
    assert "不在公示期内" in response.content.decode()


def test_only_the_managing_bureau_sees_the_confirm_queue(client, cast):
    assert _get(client, cast["province_hr_reviewer"], "evaluation:confirm_queue").status_code == 200
    assert _get(client, cast["committee_office"], "evaluation:confirm_queue").status_code == 404
    assert _get(client, cast["applicant_a"], "evaluation:confirm_queue").status_code == 404
    assert _get(client, cast["applicant_a"], "evaluation:office").status_code == 404
    assert _get(client, cast["applicant_a"], "evaluation:expert_meetings").status_code == 404
    assert _get(client, cast["applicant_a"], "evaluation:mine").status_code == 200


def test_expert_reaches_voting_from_home_page(client, meeting, office):
    """An expert drawn for a panel found nothing on the home page (the workbench listed case roles
    only, and the expert card was never reached): the 评审表决 page was reachable only by URL."""
    member = meeting.panel.select_related("expert__user").first()
    client.force_login(member.expert.user)
    page = client.get(reverse("common:home")).content.decode()
    link = f'href="{reverse("evaluation:expert_meetings")}"'
    assert page.count(link) == 2  # the home page's expert card and the navigation bar
    assert '<strong class="text-danger" id="expert-open-meetings">1</strong>' in page
    meeting_close(meeting=meeting, actor=office)
    assert 'id="expert-open-meetings">0</strong>' in client.get(reverse("common:home")).content.decode()


def test_home_page_of_non_experts_has_no_voting_link(client, cast):
    for key in ("applicant_a", "unit_reviewer", "committee_office"):
        client.force_login(cast[key])
        assert reverse("evaluation:expert_meetings") not in client.get(reverse("common:home")).content.decode(), key


def test_a_meeting_before_its_date_reads_to_be_held_and_its_cards_are_not_numbered(client, cast, pool, office):
    """A newcomer's walk: a meeting created for a later date read 评审中 at once, and only two of its cards
    were numbered (4. 公示, 5. 上报)."""
    today = timezone.localdate()
    app = accepted_application(cast["applicant_a"], unit_name="龙川县城乡建设投资有限公司")
    later = meeting_create(
        plan=building_plan(),
        name="下月评审会议",
        held_on=today + dt.timedelta(days=30),
        place="广州",
        applications=[app],
        actor=office,
    )
    assert later.status_label_on(today) == "待召开" and later.status_label == "待召开"
    assert later.status_label_on(later.held_on) == "评审中"
    page = _get(client, office, "evaluation:meeting", later.pk).content.decode()
    assert 'id="meeting-status">待召开' in page
    assert "待召开" in _get(client, office, "evaluation:office").content.decode()
    assert not re.search(r'<h2 class="h5">\d\. ', page)

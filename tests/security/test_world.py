"""The world means what the matrix says it means: the experts on and off the panel are read from
the recorded draw, A's businesses went where the rows assume."""

from __future__ import annotations

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_experts_on_and_off_the_panel_come_from_the_recorded_draw(security_world):
    from zhicheng.committees.models import ExpertProfile, PanelMember
    from zhicheng.committees.services import draw_compute

    w = security_world
    draw, meeting = w.draw, w.meeting
    on, off = w.user("expert_on_panel"), w.user("expert_off_panel")
    assert on != off
    pool = ExpertProfile.objects.filter(committee=w.building, is_active=True)
    assert set(draw.candidate_ids) == set(pool.values_list("pk", flat=True)) and len(draw.candidate_ids) == 12
    assert PanelMember.objects.filter(meeting=meeting, expert__user=on).exists()
    assert not PanelMember.objects.filter(meeting=meeting, expert__user=off).exists()
    assert pool.filter(user=off).exists()  # same committee's pool: "off" is not just "another committee"
    assert draw_compute(seed=draw.seed, candidate_ids=draw.candidate_ids, excluded_ids=draw.excluded_ids,
                        size=draw.size) == draw.chosen_ids


def test_a_s_businesses_are_where_the_rows_assume(security_world):
    from zhicheng.cases.constants import CaseStatus
    from zhicheng.committees.models import ObjectionStatus, Outcome

    w = security_world
    assert w.evaluation_case.status == CaseStatus.ACCEPTED
    assert w.evaluation_app.committee == w.building and w.building_plan == w.evaluation_app.plan
    assert w.recognition_case.status == CaseStatus.SUBMITTED
    assert w.recognition_case.current_organisation == w.bureau
    assert w.external.bureau == w.bureau and w.external.confirmed_by == w.user("hr_reviewer")
    w.result.refresh_from_db()
    assert w.result.outcome == Outcome.PASSED and w.meeting.status == "closed"
    assert w.notice.is_current_on(timezone.localdate())
    assert w.objection.status == ObjectionStatus.PENDING and w.objection.lodged_by == w.user("applicant_b")

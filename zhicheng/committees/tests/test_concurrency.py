"""Two HR reviewers confirm the same result at once, two officers close the same meeting at once:
exactly one wins each time, and exactly one certificate is issued (PostgreSQL row locks)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from tests.race import race
from zhicheng.certificates.models import Certificate
from zhicheng.committees.models import Outcome
from zhicheng.committees.rules import Vote
from zhicheng.committees.services import (
    EvaluationError,
    meeting_close,
    meeting_create,
    meeting_report,
    notice_publish,
    panel_draw,
    result_confirm,
    vote_cast,
)
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership

from .conftest import accepted_application, building_plan

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _race(actors, action) -> list[str]:
    return race(actors, action, refused=EvaluationError)


def test_close_and_confirm_at_once(world):
    from tests.world.evaluation import expert_pool_load

    cast = world
    expert_pool_load()
    office = cast["committee_office"]
    plan = building_plan()
    second_office = cast["other_committee_office"]
    Membership.objects.create(user=second_office, organisation=plan.committee.organisation, role=Role.COMMITTEE_OFFICE)
    app = accepted_application(cast["applicant_a"], unit_name="龙川县人民医院")
    meeting = meeting_create(plan=plan, name="并发测试会议", held_on=dt.date(2025, 11, 20), place="广州",
                             applications=[app], actor=office)
    panel_draw(meeting=meeting, size=3, actor=office)
    result = meeting.results.get()
    for member in meeting.panel.select_related("expert__user"):
        vote_cast(meeting=meeting, result=result, actor=member.expert.user, choice=Vote.AGREE)

    outcomes = _race([office, second_office], lambda actor: meeting_close(meeting=meeting, actor=actor))
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "won"]
    result.refresh_from_db()
    assert result.outcome == Outcome.PASSED

    notice = notice_publish(meeting=meeting, actor=office, today=dt.date(2025, 11, 3))
    meeting_report(meeting=meeting, actor=office, today=notice.ends_on + dt.timedelta(days=1))
    bureau = plan.committee.managing_bureau
    second_reviewer = cast["hr_reviewer"]
    Membership.objects.create(user=second_reviewer, organisation=bureau, role=Role.REVIEWER)
    outcomes = _race([cast["province_hr_reviewer"], second_reviewer],
                     lambda actor: result_confirm(result=result, actor=actor, today=dt.date(2025, 11, 20)))
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "won"]
    assert any("已确认备案" in o for o in outcomes)
    assert Certificate.objects.filter(case_id=app.case_id).count() == 1


def test_two_first_moves_of_one_application_at_once(world):
    """Two first moves of an application with no stage row yet: the application row is locked, so exactly one
    moves it 待上会 → 已排会 and the other finds it 已排会 (refused by the table), one row and one change."""
    from django.db import transaction

    from zhicheng.committees.lifecycle import stage_move, stage_of
    from zhicheng.committees.models import ApplicationStage, Stage, StageChange, StageMove

    cast = world
    app = accepted_application(cast["applicant_a"], unit_name="龙川县人民医院")

    def move(actor):
        with transaction.atomic():
            stage_move(application=app, move=StageMove.SCHEDULE, actor=actor)

    outcomes = _race([cast["committee_office"], cast["other_committee_office"]], move)
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "won"], outcomes
    assert any("已排会" in o for o in outcomes)
    assert stage_of(app) == Stage.SCHEDULED
    assert ApplicationStage.objects.count() == 1 and StageChange.objects.filter(application=app).count() == 1

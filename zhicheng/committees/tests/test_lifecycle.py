"""The later life of an accepted 评审申请 (zhicheng/committees/lifecycle.py, decision 0031): the table, the one
function that moves the stage, the services that call it, the data migration and the route it shows."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.committees.lifecycle import NO_STAGE, TRANSITIONS, stage_move, stage_of, stage_target
from zhicheng.committees.models import ApplicationStage, Stage, StageChange, StageMove
from zhicheng.committees.rules import Vote
from zhicheng.committees.services import (
    EvaluationError,
    meeting_close,
    meeting_create,
    notice_publish,
    objection_lodge,
    objection_resolve,
    panel_draw,
    result_confirm,
    result_report,
    vote_cast,
)

from .conftest import accepted_application, building_plan

pytestmark = pytest.mark.django_db

ALLOWED = [
    (move, state, target)
    for move, table in TRANSITIONS.items()
    for state, target in table.items()
]
FORBIDDEN = [
    (move, state)
    for move in StageMove.values
    for state in [NO_STAGE, *Stage.values]
    if state not in TRANSITIONS[move]
]


# -- the table --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("move", "state", "target"), ALLOWED)
def test_every_allowed_transition(move, state, target):
    if target is None:  # dismiss: back to 公示中, or still 异议处理中 while another objection waits
        assert stage_target(state=state, move=move) == Stage.IN_NOTICE
        assert stage_target(state=state, move=move, others_pending=True) == Stage.OBJECTED
    else:
        assert stage_target(state=state, move=move) == target


@pytest.mark.parametrize(("move", "state"), FORBIDDEN)
def test_every_other_transition_is_refused(move, state):
    with pytest.raises(EvaluationError, match="不能"):
        stage_target(state=state, move=move)


def test_the_table_names_every_move_and_ends_in_the_terminal_stages():
    assert set(TRANSITIONS) == set(StageMove.values)
    from zhicheng.committees.lifecycle import TERMINAL

    sources = {s for table in TRANSITIONS.values() for s in table}
    assert not sources & TERMINAL  # nothing moves out of 未通过, 撤销, 已确认备案
    assert {Stage.FAILED, Stage.WITHDRAWN, Stage.CONFIRMED} == TERMINAL


def test_a_forbidden_move_writes_nothing(cast, office):
    app = accepted_application(cast["applicant_a"])
    assert stage_of(app) == Stage.AWAITING  # accepted, no move yet
    with pytest.raises(EvaluationError, match="待上会.*不能确认备案并发证"):
        stage_move(application=app, move=StageMove.CONFIRM, actor=office)
    assert not ApplicationStage.objects.exists() and not StageChange.objects.exists()
    app.case.status = "refused"  # 不予受理: it never reached the committee's evaluation
    app.case.save(update_fields=["status"])
    assert stage_of(app) == NO_STAGE
    with pytest.raises(EvaluationError, match="未受理"):
        stage_move(application=app, move=StageMove.SCHEDULE, actor=office)


# -- the services move the stage, and only through stage_move ---------------------------------------
def _panel(meeting):
    return list(meeting.panel.select_related("expert__user").order_by("position"))


def _closed_meeting(office, apps, agree_counts):
    meeting = meeting_create(plan=building_plan(), name="2025年度建筑高级评审会议", held_on=dt.date(2025, 11, 20),
                             place="广州", applications=apps, actor=office)
    for app in apps:
        assert stage_of(app) == Stage.SCHEDULED
    panel_draw(meeting=meeting, size=3, actor=office)
    panel = _panel(meeting)
    for result, agree in zip(meeting.results.order_by("id"), agree_counts, strict=True):
        for member, choice in zip(panel, [Vote.AGREE] * agree + [Vote.DISAGREE] * (3 - agree), strict=True):
            vote_cast(meeting=meeting, result=result, actor=member.expert.user, choice=choice)
    return meeting_close(meeting=meeting, actor=office)


@pytest.fixture
def three_apps(cast, pool):
    return [accepted_application(cast["applicant_a"], unit_name="龙川县人民医院"),
            accepted_application(cast["applicant_b"], unit_name="龙川县中医院"),
            accepted_application(cast["applicant_c"], unit_name="龙川县人民医院")]


def _moves(app) -> list[tuple[str, str, str]]:
    return list(StageChange.objects.filter(application=app).order_by("at", "id")
                .values_list("move", "from_state", "to_state"))


def test_the_services_walk_the_table_and_audit_each_move(cast, office, three_apps):
    a, b, c = three_apps
    meeting = _closed_meeting(office, three_apps, [3, 0, 2])
    assert [stage_of(x) for x in three_apps] == [Stage.PASSED, Stage.FAILED, Stage.PASSED]
    start = dt.date(2025, 11, 3)
    notice = notice_publish(meeting=meeting, actor=office, today=start)
    assert [stage_of(x) for x in three_apps] == [Stage.IN_NOTICE, Stage.FAILED, Stage.IN_NOTICE]
    ra, _, rc = meeting.results.order_by("id")
    first = objection_lodge(result=ra, actor=cast["applicant_b"], text="业绩存疑", today=start + dt.timedelta(days=1))
    second = objection_lodge(result=ra, actor=cast["applicant_c"], text="年限存疑", today=start + dt.timedelta(days=1))
    upheld = objection_lodge(result=rc, actor=cast["applicant_b"], text="论文抄袭", today=start + dt.timedelta(days=1))
    assert stage_of(a) == Stage.OBJECTED
    objection_resolve(objection=first, actor=office, upheld=False, resolution="经核查，业绩属实。")
    assert stage_of(a) == Stage.OBJECTED  # the second one still waits
    objection_resolve(objection=second, actor=office, upheld=False, resolution="经核查，年限符合。")
    assert stage_of(a) == Stage.IN_NOTICE
    objection_resolve(objection=upheld, actor=office, upheld=True, resolution="经核实，论文抄袭。")
    assert stage_of(c) == Stage.WITHDRAWN
    after = notice.ends_on + dt.timedelta(days=1)
    result_report(result=ra, actor=office, today=after)
    assert stage_of(a) == Stage.REPORTED
    result_confirm(result=ra, actor=cast["province_hr_reviewer"], today=after)
    assert stage_of(a) == Stage.CONFIRMED
    assert _moves(a) == [
        ("schedule", "awaiting", "scheduled"), ("pass", "scheduled", "passed"), ("publish", "passed", "in_notice"),
        ("object", "in_notice", "objected"), ("object", "objected", "objected"),
        ("dismiss", "objected", "objected"), ("dismiss", "objected", "in_notice"),
        ("report", "in_notice", "reported"), ("confirm", "reported", "confirmed"),
    ]
    assert _moves(b) == [("schedule", "awaiting", "scheduled"), ("fail", "scheduled", "failed")]
    assert _moves(c)[-1] == ("uphold", "objected", "withdrawn")
    audited = AuditEvent.objects.filter(action="evaluation.stage", object_id=str(a.pk)).order_by("id")
    assert [(e.detail["move"], e.detail["from"], e.detail["to"]) for e in audited] == _moves(a)
    assert audited.last().actor == cast["province_hr_reviewer"]


def test_an_invalid_meeting_sends_the_application_back_to_await_a_meeting(cast, office, pool):
    app = accepted_application(cast["applicant_a"], unit_name="龙川县人民医院")
    meeting = meeting_create(plan=building_plan(), name="无效会议", held_on=dt.date(2025, 11, 20), place="广州",
                             applications=[app], actor=office)
    panel_draw(meeting=meeting, size=3, actor=office)
    meeting_close(meeting=meeting, actor=office)  # nobody voted: fewer than two thirds present
    assert stage_of(app) == Stage.AWAITING
    with pytest.raises(EvaluationError, match="待上会.*不能报送"):
        stage_move(application=app, move=StageMove.REPORT, actor=office)
    meeting_create(plan=building_plan(), name="重新安排的会议", held_on=dt.date(2025, 12, 1), place="广州",
                   applications=[app], actor=office)
    assert stage_of(app) == Stage.SCHEDULED
    assert [m for m, *_ in _moves(app)] == ["schedule", "invalidate", "schedule"]


ROOT = Path(__file__).resolve().parents[3]


def test_nothing_but_stage_move_writes_the_stage():
    """The stage is written in ``lifecycle.py`` (and the data migration) only: no other module of the project
    creates, saves or updates an ``ApplicationStage`` or a ``StageChange``."""
    writes = re.compile(
        r"(?<!class )(ApplicationStage|StageChange)(\(|\.objects\.(create|update|bulk_create|get_or_create|"
        r"update_or_create|filter\([^)]*\)\.update))|\.state\s*=(?!=)"
    )
    allowed = {"zhicheng/committees/lifecycle.py", "zhicheng/committees/migrations/0006_application_stage_backfill.py"}
    offenders = []
    for path in (ROOT / "zhicheng").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel in allowed or "/tests/" in rel or "/migrations/" in rel:
            continue
        text = path.read_text(encoding="utf-8")
        if ("ApplicationStage" in text or "StageChange" in text) and writes.search(text):
            offenders.append(rel)
    assert offenders == [], offenders


# -- the data migration -----------------------------------------------------------------------------
def test_the_data_migration_computes_the_stage_of_existing_rows(cast, office, three_apps):
    """Rows of before decision 0031 (here: made by the services, then the stage rows forgotten) get the same
    stage and the same moves the services wrote."""
    from django.apps import apps as django_apps

    a, b, c = three_apps
    waiting = accepted_application(cast["applicant_a"], unit_name="龙川县中医院")
    meeting = _closed_meeting(office, [a, b, c], [3, 0, 3])
    start = dt.date(2025, 11, 3)
    notice = notice_publish(meeting=meeting, actor=office, today=start)
    ra, _, rc = meeting.results.order_by("id")
    objection_resolve(objection=objection_lodge(result=rc, actor=cast["applicant_b"], text="存疑",
                                                today=start + dt.timedelta(days=1)),
                      actor=office, upheld=True, resolution="成立。")
    result_report(result=ra, actor=office, today=notice.ends_on + dt.timedelta(days=1))
    written = {x.pk: (stage_of(x), _moves(x)) for x in (a, b, c, waiting)}
    StageChange.objects.all().delete()
    ApplicationStage.objects.all().delete()
    migration = importlib.import_module("zhicheng.committees.migrations.0006_application_stage_backfill")
    migration.stages_backfill(django_apps, None)
    assert {x.pk: (stage_of(x), _moves(x)) for x in (a, b, c, waiting)} == written
    assert ApplicationStage.objects.get(pk=waiting.pk).state == Stage.AWAITING
    assert written[a.pk][0] == Stage.REPORTED and written[c.pk][0] == Stage.WITHDRAWN
    migration.stages_backfill(django_apps, None)  # again: nothing twice
    assert StageChange.objects.filter(application=a).count() == len(written[a.pk][1])


# -- one route on the applicant's and the reviewers' case pages -------------------------------------
def _route_lines(html: str) -> list[tuple[str, str]]:
    """(class of the line, its text squeezed) of every line of the route on a page."""
    from lxml import html as lxml_html

    route = lxml_html.fromstring(html).xpath("//ol[contains(@class, 'zc-route')]")[0]
    return [(li.get("class", ""), " ".join(" ".join(li.itertext()).split())) for li in route.xpath("./li")]


def test_the_case_pages_show_the_route_continued_by_the_later_life(client, cast, office, three_apps):
    from django.urls import reverse

    a = three_apps[0]
    meeting = _closed_meeting(office, three_apps[:1], [3])
    notice = notice_publish(meeting=meeting, actor=office)
    pages = {"applicant_a": reverse("businesses:case", args=[a.case_id]),
             "committee_office": reverse("cases:detail", args=[a.case_id])}
    for who, url in pages.items():
        client.force_login(cast[who])
        lines = _route_lines(client.get(url).content.decode())
        texts = [t for _, t in lines]
        assert any("受理" in t for t in texts[:3] + texts), who  # the review chain first …
        done = [t for c, t in lines if "done" in c]
        assert any(t.startswith("安排评审会议") and "2025年度建筑高级评审会议" in t for t in done), (who, done)
        assert any(t.startswith("评审会议表决") and "同意 3 票" in t for t in done), (who, done)
        current = [t for c, t in lines if "current" in c]
        assert len(current) == 1 and "公示中" in current[0] and f"{notice.ends_on:%Y-%m-%d}" in current[0], (who, lines)
        pending = [t for c, t in lines if c.split() == ["zc-step"]]
        assert [t.split(" · ")[0] for t in pending] == ["报送人社部门", "确认备案并发证"], (who, pending)
        # … the chain's 受理 comes before the later life
        accept_at = next(i for i, t in enumerate(texts) if "受理" in t)
        assert accept_at < next(i for i, t in enumerate(texts) if t.startswith("安排评审会议"))

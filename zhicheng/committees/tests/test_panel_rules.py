"""Panel rules as data (issue 21): the national defaults (人社部令第40号 第十一条), a committee's own rule
set by its managing HR bureau, the draw refusing a panel that breaks a rule (and citing it), and
expert terms (an expert whose term ended is not drawn)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.catalog.models import Committee
from zhicheng.committees.models import ExpertProfile, PanelDraw, PanelRule
from zhicheng.committees.panel_rules import (
    CommitteeKind,
    committee_kind,
    panel_rule_breach,
    panel_rule_default,
    panel_rule_strictest,
    panel_rules_for,
)
from zhicheng.committees.services import EvaluationError, NotAllowed, expert_term_set, panel_draw, panel_rule_set

from .conftest import accepted_application, building_plan

pytestmark = pytest.mark.django_db

HOSPITAL = "龙川县人民医院"
MEETING_DAY = dt.date(2025, 11, 20)
DRAW_DAY = dt.date(2025, 11, 10)


def _meeting(office, applications):
    from zhicheng.committees.services import meeting_create

    return meeting_create(plan=building_plan(), name="规则测试会议", held_on=MEETING_DAY, place="广州",
                          applications=applications, actor=office)


@pytest.fixture
def meeting(cast, pool, office):
    return _meeting(office, [accepted_application(cast["applicant_a"], unit_name=HOSPITAL)])


# -- the rule itself -----------------------------------------------------------------------------
@pytest.mark.parametrize(("kind", "level", "pool"), [
    (CommitteeKind.SERIES, 1, 25), (CommitteeKind.SERIES, 2, 25),
    (CommitteeKind.SPECIALTY, 1, 11), (CommitteeKind.SPECIALTY, 2, 11),
    (CommitteeKind.SERIES, 3, 11), (CommitteeKind.SPECIALTY, 5, 11),
])
def test_national_defaults(kind, level, pool):
    rule = panel_rule_default(kind=kind, level=level)
    assert rule.min_pool_size == pool and rule.odd_panel and rule.min_panel_size == 3
    assert ("人社部令第40号" in rule.source) == (level <= 2)


def test_breach_messages_cite_the_rule():
    rule = panel_rule_default(kind=CommitteeKind.SERIES, level=1)
    assert "少于正高级评审规定的专家库最少 25 人" in panel_rule_breach(rule, available=24, size=7)
    assert "人社部令第40号" in panel_rule_breach(rule, available=24, size=7)
    assert panel_rule_breach(rule, available=25, size=7) == ""
    assert "须为单数" in panel_rule_breach(rule, available=25, size=8)
    assert "不得少于 3 人" in panel_rule_breach(rule, available=25, size=1)


def test_committee_kind_and_strictest_rule(cast, pool):
    assert committee_kind(pool) == CommitteeKind.SPECIALTY  # the building committee names its specialties
    teachers = Committee.objects.get(organisation__name="广东省中小学教师高级职称评审委员会")
    assert committee_kind(teachers) == CommitteeKind.SERIES
    assert [r.min_pool_size for r in panel_rules_for(teachers)] == [25, 25]
    panel_rule_set(
        committee=pool,
        level=2,
        min_pool_size=15,
        min_panel_size=5,
        odd_panel=False,
        source="粤人社函〔2025〕1号",
        actor=cast["province_hr_reviewer"],
    )
    rule = panel_rule_strictest(pool, [1, 2])
    assert (rule.min_pool_size, rule.min_panel_size, rule.odd_panel, rule.source) == (
        15,
        5,
        True,
        "粤人社函〔2025〕1号",
    )
    assert panel_rule_strictest(pool, [1]).min_pool_size == 11


def test_data_migration_seeds_every_committee(cast):
    PanelRule.objects.all().delete()
    seed = importlib.import_module("zhicheng.committees.migrations.0004_panel_rules_seed").seed
    seed(django_apps, None)
    for committee in Committee.objects.all():
        rows = {r.level: r.min_pool_size for r in PanelRule.objects.filter(committee=committee)}
        assert set(rows) == set(range(committee.max_level, committee.min_level + 1))
        for level, size in rows.items():
            assert size == panel_rule_default(kind=committee_kind(committee), level=level).min_pool_size
    seed(django_apps, None)  # idempotent
    assert PanelRule.objects.count() == sum(c.min_level - c.max_level + 1 for c in Committee.objects.all())


# -- the draw ------------------------------------------------------------------------------------
def test_draw_refused_below_the_pool_minimum_and_cites_the_rule(cast, office, pool, meeting):
    experts = list(ExpertProfile.objects.filter(committee=pool).order_by("pk"))
    assert len(experts) == 12
    ExpertProfile.objects.filter(pk__in=[experts[0].pk, experts[1].pk]).update(is_active=False)
    with pytest.raises(
        EvaluationError, match=r"只有 10 人，少于副高级评审规定的专家库最少 11 人.*人社部令第40号.*第十一条"
    ):
        panel_draw(meeting=meeting, size=5, actor=office, today=DRAW_DAY)
    assert not PanelDraw.objects.filter(meeting=meeting).exists()


def test_draw_refuses_an_even_panel_and_one_below_the_minimum(cast, office, meeting):
    with pytest.raises(EvaluationError, match="须为单数"):
        panel_draw(meeting=meeting, size=6, actor=office, today=DRAW_DAY)
    with pytest.raises(EvaluationError, match="不得少于 3 人"):
        panel_draw(meeting=meeting, size=1, actor=office, today=DRAW_DAY)
    draw = panel_draw(meeting=meeting, size=5, actor=office, today=DRAW_DAY)
    assert draw.rule["min_pool_size"] == 11 and "第十一条" in draw.rule["source"]
    event = AuditEvent.objects.get(action="evaluation.panel_draw", object_id=str(meeting.pk))
    assert event.detail["rule"]["min_pool_size"] == 11


def test_an_expert_whose_term_ended_is_not_drawn(cast, office, pool, meeting):
    experts = list(ExpertProfile.objects.filter(committee=pool).order_by("pk"))
    ended = experts[0]
    expert_term_set(expert=ended, term_ends_on=MEETING_DAY - dt.timedelta(days=1), actor=office)
    expert_term_set(expert=experts[1], term_ends_on=MEETING_DAY, actor=office)  # last day of term: still in
    assert AuditEvent.objects.filter(action="evaluation.expert_term").count() == 2
    draw = panel_draw(meeting=meeting, size=11, actor=office, today=DRAW_DAY)  # everyone drawable
    assert ended.pk not in draw.candidate_ids and ended.pk not in draw.chosen_ids
    assert experts[1].pk in draw.chosen_ids
    event = AuditEvent.objects.get(action="evaluation.panel_draw", object_id=str(meeting.pk))
    assert event.detail["term_ended"] == [ended.pk]


def test_ended_terms_bring_the_pool_below_its_minimum(cast, office, pool, meeting):
    ids = list(ExpertProfile.objects.filter(committee=pool).order_by("pk").values_list("pk", flat=True)[:2])
    ExpertProfile.objects.filter(pk__in=ids).update(term_ends_on=dt.date(2025, 1, 1))
    with pytest.raises(EvaluationError, match="只有 10 人"):
        panel_draw(meeting=meeting, size=5, actor=office, today=DRAW_DAY)


def test_a_committee_rule_set_by_its_bureau_is_what_the_draw_applies(cast, office, pool, meeting):
    panel_rule_set(committee=pool, level=2, min_pool_size=12, min_panel_size=7, odd_panel=True, source="本省规定",
                   actor=cast["province_hr_reviewer"])
    with pytest.raises(EvaluationError, match="评审组不得少于 7 人（依据：本省规定）"):
        panel_draw(meeting=meeting, size=5, actor=office, today=DRAW_DAY)
    assert panel_draw(meeting=meeting, size=7, actor=office, today=DRAW_DAY).size == 7
    event = AuditEvent.objects.get(action="evaluation.panel_rule_set")
    assert event.detail["before"]["min_pool_size"] == 11 and event.detail["after"]["min_pool_size"] == 12


@pytest.mark.parametrize("who", ["committee_office", "hr_reviewer", "applicant_a", "security_admin"])
def test_only_the_managing_bureau_or_system_admin_sets_rules(cast, pool, who):
    with pytest.raises(NotAllowed):
        panel_rule_set(committee=pool, level=1, min_pool_size=12, min_panel_size=3, odd_panel=True, source="x",
                       actor=cast[who])
    panel_rule_set(committee=pool, level=1, min_pool_size=12, min_panel_size=3, odd_panel=True, source="x",
                   actor=cast["system_admin"])


def test_rule_values_are_checked(cast, pool):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        panel_rule_set(committee=pool, level=1, min_pool_size=5, min_panel_size=7, odd_panel=True, source="x",
                       actor=cast["province_hr_reviewer"])
    with pytest.raises(ValidationError):
        panel_rule_set(committee=pool, level=4, min_pool_size=11, min_panel_size=3, odd_panel=True, source="x",
                       actor=cast["province_hr_reviewer"])


# -- pages ---------------------------------------------------------------------------------------
def test_bureau_edits_a_rule_on_its_page(client, cast, pool):
    client.force_login(cast["province_hr_reviewer"])
    home = client.get("/").content.decode()
    assert reverse("evaluation:panel_rule_committees") in home
    page = client.get(reverse("evaluation:panel_rules", args=[pool.pk])).content.decode()
    assert "人社部令第40号" in page and reverse("evaluation:panel_rule_edit", args=[pool.pk, 1]) in page
    url = reverse("evaluation:panel_rule_edit", args=[pool.pk, 1])
    bad = client.post(url, {"min_pool_size": "5", "min_panel_size": "7", "odd_panel": "on", "source": "本省规定"})
    text = bad.content.decode()
    assert bad.status_code == 200 and "评审组最少人数不能多于专家库最少人数" in text and "本省规定" in text
    ok = client.post(url, {"min_pool_size": "13", "min_panel_size": "5", "odd_panel": "on", "source": "本省规定"})
    assert ok.status_code == 302
    assert PanelRule.objects.get(committee=pool, level=1).min_pool_size == 13


def test_office_reads_rules_but_may_not_edit(client, cast, pool):
    client.force_login(cast["committee_office"])
    page = client.get(reverse("evaluation:panel_rules", args=[pool.pk])).content.decode()
    assert "专家库最少人数" in page and reverse("evaluation:panel_rule_edit", args=[pool.pk, 1]) not in page
    assert client.get(reverse("evaluation:panel_rule_edit", args=[pool.pk, 1])).status_code == 404
    client.force_login(cast["applicant_a"])
    assert client.get(reverse("evaluation:panel_rules", args=[pool.pk])).status_code == 404

"""Statistics against hand-counted fixtures (issue 22): who sees which cases, the counts by each
dimension, pass rates (a plan with no passes, an empty region), days per step (median, 90th
percentile), the backlog by age, the filters, a constant number of queries and the Excel file."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tests.world.cast import BUILDING_COMMITTEE
from zhicheng.cases.constants import CaseStatus, Decision, StepLabel
from zhicheng.cases.models import Case, CaseHistory, CaseStep
from zhicheng.catalog.models import Committee, EvaluationPlan, Qualification, Specialty
from zhicheng.orgs.models import Organisation
from zhicheng.stats.selectors import StatsFilters, stats_report

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
UNIT = "龙川县城乡建设投资有限公司"  # 龙川县 (441622), 河源市; supervised by 龙川县住房和城乡建设局


def at(days_ago: float):
    return mock.patch("django.utils.timezone.now", return_value=NOW - dt.timedelta(days=days_ago))


def committee() -> Committee:
    return Committee.objects.select_related("organisation").get(organisation__name=BUILDING_COMMITTEE)


def second_plan(first: EvaluationPlan) -> EvaluationPlan:
    return EvaluationPlan.objects.create(
        committee=first.committee, year=first.year, title="第二批评审", opens_at=first.opens_at,
        closes_at=first.closes_at, status=first.status,
    )


def application(applicant, plan, *, submitted: float, decisions: list[tuple[int, float, str]], status: str,
                outcome: str | None = None):
    """An 评审申请 at 龙川县城乡建设投资有限公司: submitted ``submitted`` days ago, then each
    (step order, days ago, decision) in turn; ``outcome`` adds an evaluation result."""
    from zhicheng.businesses.models import EvaluationApplication

    c = committee()
    unit = Organisation.objects.get(name=UNIT)
    qual = Qualification.objects.get(series=c.series, name="高级工程师")
    spec = Specialty.objects.get(series=c.series, name="建筑工程")
    route = [(unit, StepLabel.PERSONNEL_UNIT), (unit.supervising_unit, StepLabel.SUPERVISING_UNIT),
             (c.organisation, StepLabel.COMMITTEE_OFFICE)]
    waiting_at = max((o for o, _, d in decisions if d == Decision.APPROVE), default=-1) + 1
    case = Case.objects.create(
        applicant=applicant, business_type="evaluation", status=status, submitted_at=NOW - dt.timedelta(days=submitted),
        closed_at=NOW if status == CaseStatus.ACCEPTED else None,
        current_step_order=waiting_at if status == CaseStatus.SUBMITTED else None,
        current_organisation=route[waiting_at][0] if status == CaseStatus.SUBMITTED else None,
    )
    for order, (org, label) in enumerate(route):
        CaseStep.objects.create(case=case, order=order, organisation=org, label=label, is_final=order == 2)
    with at(submitted):
        CaseHistory.objects.create(case=case, decision=Decision.SUBMIT, from_status=CaseStatus.DRAFT,
                                   to_status=CaseStatus.SUBMITTED, step_order=0, step_label=route[0][1],
                                   organisation=unit, actor=applicant)
    for order, days_ago, decision in decisions:
        with at(days_ago):
            CaseHistory.objects.create(
                case=case,
                decision=decision,
                from_status=CaseStatus.SUBMITTED,
                to_status=CaseStatus.ACCEPTED if decision == Decision.ACCEPT else CaseStatus.SUBMITTED,
                step_order=order,
                step_label=route[order][1],
                organisation=route[order][0],
                actor=applicant,
            )
    app = EvaluationApplication.objects.create(case=case, applicant=applicant, series=c.series, specialty=spec,
                                               level=qual.level, qualification=qual, committee=c, plan=plan)
    case.content_type, case.object_id = ContentType.objects.get_for_model(app), app.pk
    case.save(update_fields=["content_type", "object_id"])
    if outcome:
        from zhicheng.committees.models import EvaluationResult, Meeting

        meeting = Meeting.objects.filter(plan=plan).first() or Meeting.objects.create(
            committee=c, plan=plan, name=f"{plan.title}会议", held_on=NOW.date(), place="广州", created_by=applicant)
        EvaluationResult.objects.create(meeting=meeting, application=app, outcome=outcome, unit=unit, unit_name=UNIT)
    return app


@pytest.fixture
def fixtures(cast):
    """Three applications of the first plan (one passed, one failed, one waiting 40 days at the
    supervising unit) and one failed application of a second plan. Hand-counted days per step:
    人事管理单位 2, 4, 1 and 3 (sorted 1 2 3 4: median 2, p90 4); 主管单位 3, 2 and 1 (median 2, p90 3);
    评委会办公室 1, 4 and 2 (median 2, p90 4)."""
    first = EvaluationPlan.objects.filter(committee=committee()).order_by("-year").first()
    second = second_plan(first)
    a, b, c, d = cast["applicant_a"], cast["applicant_b"], cast["applicant_c"], cast["unit_reviewer"]
    application(a, first, submitted=20, status=CaseStatus.ACCEPTED, outcome="passed",
                decisions=[(0, 18, Decision.APPROVE), (1, 15, Decision.APPROVE), (2, 14, Decision.ACCEPT)])
    application(b, first, submitted=30, status=CaseStatus.ACCEPTED, outcome="failed",
                decisions=[(0, 26, Decision.APPROVE), (1, 24, Decision.APPROVE), (2, 20, Decision.ACCEPT)])
    application(c, first, submitted=41, status=CaseStatus.SUBMITTED, decisions=[(0, 40, Decision.APPROVE)])
    application(d, second, submitted=12, status=CaseStatus.ACCEPTED, outcome="failed",
                decisions=[(0, 9, Decision.APPROVE), (1, 8, Decision.APPROVE), (2, 6, Decision.ACCEPT)])
    return first, second


def bureau(name):
    return Organisation.objects.select_related("region").get(name=name)


def test_hand_counted_figures_for_the_city_bureau(fixtures):
    first, second = fixtures
    report = stats_report(organisation=bureau("河源市人力资源和社会保障局"), filters=StatsFilters(), now=NOW)
    assert report.total == 4
    assert [(r.label, r.count) for r in report.by_business] == [("评审申请", 4)]
    assert [(r.label, r.count) for r in report.by_status] == [("已受理", 3), ("审核中", 1)]
    assert [(r.label, r.count) for r in report.by_level] == [("副高级", 4)]
    assert [(r.label, r.count) for r in report.by_series] == [("工程", 4)] or report.by_series[0].count == 4
    assert [(r.label, r.count) for r in report.by_specialty] == [("建筑工程", 4)]
    assert [(r.label, r.count) for r in report.by_region] == [("河源市龙川县", 4)]
    assert [(r.label, r.count) for r in report.by_unit] == [(UNIT, 4)]
    rates = {p.plan: (p.applications, p.evaluated, p.passed, p.rate) for p in report.pass_rates}
    assert rates[first.title] == (3, 2, 1, 50.0)
    assert rates["第二批评审"] == (1, 1, 0, 0.0)  # a plan with no passes
    durations = {d.step: (d.decisions, d.median_days, d.p90_days) for d in report.durations}
    assert durations == {"人事管理单位": (4, 2.0, 4.0), "主管单位": (3, 2.0, 3.0), "评委会办公室": (3, 2.0, 4.0)}
    assert [(b.step, b.buckets) for b in report.backlog] == [("主管单位", [0, 0, 1, 0])]


def test_scopes_province_county_empty_region_supervisor_and_committee(fixtures):
    province = stats_report(organisation=bureau("广东省人力资源和社会保障厅"), filters=StatsFilters(), now=NOW)
    assert province.total == 4 and [(r.label, r.count) for r in province.by_region] == [("河源市", 4)]
    county = stats_report(organisation=bureau("河源市龙川县人力资源和社会保障局"), filters=StatsFilters(), now=NOW)
    assert county.total == 4
    empty = stats_report(organisation=bureau("清远市人力资源和社会保障局"), filters=StatsFilters(), now=NOW)
    assert empty.total == 0 and empty.by_region == [] and empty.pass_rates == [] and empty.durations == []
    supervisor = Organisation.objects.get(name=UNIT).supervising_unit
    assert stats_report(organisation=supervisor, filters=StatsFilters(), now=NOW).total == 4
    other = Organisation.objects.get(name="龙川县卫生健康局")
    assert stats_report(organisation=other, filters=StatsFilters(), now=NOW).total == 0
    assert stats_report(organisation=committee().organisation, filters=StatsFilters(), now=NOW).total == 4


def test_filters_by_plan_year_and_dates(fixtures):
    first, second = fixtures
    org = bureau("河源市人力资源和社会保障局")
    by_plan = stats_report(organisation=org, filters=StatsFilters(plan_id=second.pk), now=NOW)
    assert by_plan.total == 1 and [p.plan for p in by_plan.pass_rates] == ["第二批评审"]
    recent = StatsFilters(date_from=(NOW - dt.timedelta(days=25)).date(), date_to=NOW.date())
    assert stats_report(organisation=org, filters=recent, now=NOW).total == 2
    assert stats_report(organisation=org, filters=StatsFilters(year=2001), now=NOW).total == 0
    assert stats_report(organisation=org, filters=StatsFilters(business_type="recognition"), now=NOW).total == 0


def test_page_queries_do_not_grow_and_only_watchers_see_it(client, cast, fixtures, settings):
    settings.STATS_KEPT_SECONDS = 0  # count on every request (the kept report is tested below)
    client.force_login(cast["hr_reviewer"])
    org = bureau("河源市人力资源和社会保障局")
    url = f"/stats/{org.pk}/"
    assert client.get("/stats/").url == url  # one organisation: straight to it
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200 and "50.0%" in response.content.decode()
    assert response.content.decode().count('<img class="zc-chart" src="data:image/svg+xml;base64,') >= 3
    first, _ = fixtures
    for i in range(3):  # more data, same number of queries
        application(cast[f"applicant_{'abc'[i]}"], first, submitted=5 + i, status=CaseStatus.SUBMITTED, decisions=[])
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)
    # Not a watcher of this bureau: 404; a bad filter is told beside the field, never a 500.
    client.force_login(cast["other_hr_reviewer"])
    assert client.get(url).status_code == 404
    client.force_login(cast["applicant_a"])
    assert client.get("/stats/").status_code == 404
    client.force_login(cast["hr_reviewer"])
    response = client.get(url, {"year": "abc", "date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert "四位数" in str(response.context["form"].errors["year"]) and "不能早于" in str(
        response.context["form"].errors["date_to"]
    )


def test_excel_has_the_page_numbers_as_values_and_text_as_text(client, cast, fixtures):
    first, second = fixtures
    client.force_login(cast["hr_reviewer"])
    org = bureau("河源市人力资源和社会保障局")
    response = client.get(f"/stats/{org.pk}/export.xlsx", {"plan": first.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    wb = load_workbook(BytesIO(response.content))
    rates = list(wb["通过率"].iter_rows(min_row=4, values_only=True))
    assert rates == [(first.title, BUILDING_COMMITTEE, first.year, 3, 2, 1, 50.0)]
    assert list(wb["概况"].iter_rows(min_row=4, values_only=True)) == [("申报业务合计", 3)]
    assert all(cell.data_type != "f" for ws in wb for row in ws.iter_rows() for cell in row)
    from zhicheng.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="stats.exported", actor=cast["hr_reviewer"]).exists()


def test_a_role_past_its_end_date_reads_no_statistics(client, cast):
    from zhicheng.orgs.models import Membership

    membership = Membership.objects.get(user=cast["hr_reviewer"], organisation__name="河源市人力资源和社会保障局",
                                        role="reviewer")
    client.force_login(cast["hr_reviewer"])
    url = f"/stats/{membership.organisation_id}/"
    assert client.get(url).status_code == 200
    Membership.objects.filter(pk=membership.pk).update(ends_on=timezone.localdate() - dt.timedelta(days=1))
    assert client.get(url).status_code == 404


def test_the_page_counts_a_report_once_per_period_and_says_when(client, cast, fixtures, settings):
    """stats_report_kept: the same organisation and filters are counted once per STATS_KEPT_SECONDS
    (the second reader's page reads no case); other filters are counted apart; 0 turns keeping off."""
    settings.STATS_KEPT_SECONDS = 600
    client.force_login(cast["hr_reviewer"])
    org = bureau("河源市人力资源和社会保障局")
    url = f"/stats/{org.pk}/"
    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    assert "统计时间：" in page and "每 10 分钟更新一次" in page
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).content.decode().count('id="stats-total"') == 1
    assert not any("cases_case" in q["sql"] and "COUNT" in q["sql"] for q in again.captured_queries)
    assert len(again) < len(first)
    with CaptureQueriesContext(connection) as other:
        client.get(url, {"business_type": "recognition"})
    assert any("cases_case" in q["sql"] and "COUNT" in q["sql"] for q in other.captured_queries)
    settings.STATS_KEPT_SECONDS = 0
    with CaptureQueriesContext(connection) as off:
        client.get(url)
    assert any("cases_case" in q["sql"] and "COUNT" in q["sql"] for q in off.captured_queries)


def test_a_reader_waits_for_the_report_another_is_counting(fixtures, settings):
    """While one request counts a report (its "counting" mark is in the cache), another with the same
    filters polls for the result instead of counting too; no result in time: it counts it itself."""
    from django.core.cache import cache

    from zhicheng.stats import selectors

    settings.STATS_KEPT_SECONDS = 600
    org = bureau("河源市人力资源和社会保障局")
    counted = selectors.stats_report(organisation=org, filters=StatsFilters(), now=NOW)
    real_add = cache.add
    keys = []

    def add(key, *args, **kwargs):
        keys.append(key)
        return False  # someone else is counting

    def sleep(_seconds):  # the other request finishes while this one waits
        cache.set(keys[0].removesuffix(":counting"), counted, timeout=60)

    with (
        mock.patch.object(cache, "add", side_effect=add),
        mock.patch.object(selectors.time, "sleep", side_effect=sleep),
        mock.patch.object(selectors, "stats_report", side_effect=AssertionError("counted twice")),
    ):
        assert selectors.stats_report_kept(organisation=org, filters=StatsFilters()).total == counted.total
    cache.clear()
    ticks = iter(range(0, 1000, 10))
    with (
        mock.patch.object(cache, "add", side_effect=lambda *a, **k: False),
        mock.patch.object(selectors.time, "sleep"),
        mock.patch.object(selectors.time, "monotonic", side_effect=lambda: next(ticks)),
    ):
        assert selectors.stats_report_kept(organisation=org, filters=StatsFilters()).total == counted.total
    assert real_add  # the real method is back

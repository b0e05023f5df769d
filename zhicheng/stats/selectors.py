"""Statistics of the review chain for the bodies that watch it (issue 22; SPEC §11.6).

Who sees what (one rule, ``stats_organisations_for`` + ``scoped_cases``):

* an HR bureau (审核人员, 单位管理员, 统计查询人员): every business whose personnel unit (the first
  step of its route) is in the bureau's region or below it (province: every region; a city: its
  counties; a county: itself);
* a supervising unit (same roles): the businesses of the personnel units it supervises;
* a committee (评委会办公室, 单位管理员): the 评审申请 made to it (its plans).

Every figure is one aggregate query over the scoped cases (the number of queries does not grow
with the data); only the ids it returns are named in one more query per dimension. "Applications"
are businesses submitted at least once (``Case.submitted_at``); the filters are the year and the
date range of ``submitted_at`` (Asia/Shanghai), an evaluation plan, and a business type.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case as When_
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhicheng.cases.constants import CaseStatus, Decision
from zhicheng.cases.models import Case, CaseStep
from zhicheng.cases.registry import business_type_label
from zhicheng.common.db import parallel_plans
from zhicheng.common.querysets import filter_given
from zhicheng.orgs.constants import OrgKind, RegionLevel, Role
from zhicheng.orgs.models import Organisation, Region, in_force_q

STATS_ROLES: dict[str, tuple[str, ...]] = {
    OrgKind.HR_BUREAU: (Role.REVIEWER, Role.ORG_ADMIN, Role.STATS_READER),
    OrgKind.SUPERVISING_UNIT: (Role.REVIEWER, Role.ORG_ADMIN, Role.STATS_READER),
    OrgKind.COMMITTEE: (Role.COMMITTEE_OFFICE, Role.ORG_ADMIN),
}
LEVEL_LABELS = {1: "正高级", 2: "副高级", 3: "中级", 4: "助理级", 5: "员级"}
AGE_BUCKETS = ((7, "7天以内"), (30, "8至30天"), (90, "31至90天"), (None, "90天以上"))
REVIEW_DECISIONS = (Decision.APPROVE, Decision.RETURN, Decision.ACCEPT, Decision.REFUSE)
UNIT_ROWS = 20  # the units with most applications; the Excel file has them all


def stats_organisations_for(*, user) -> QuerySet[Organisation]:
    """The organisations whose statistics the user may read (active memberships in ``STATS_ROLES``)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    condition = Q()
    for kind, roles in STATS_ROLES.items():
        condition |= Q(kind=kind, memberships__role__in=roles)
    # One filter() call: the role, the user and "in force" (active, not past its end date) apply
    # to the same membership row.
    return (
        Organisation.objects.filter(condition, in_force_q("memberships__"), memberships__user=user)
        .select_related("region").distinct().order_by("kind", "name")
    )


def region_prefix(region: Region) -> str:
    """The start every region code below ``region`` shares (GB/T 2260: 2 digits per level)."""
    if region.level == RegionLevel.PROVINCE:
        return region.code[:2]
    if region.level == RegionLevel.CITY:
        return region.code[:4]
    return region.code


def _first_step(field_name: str):
    return Subquery(CaseStep.objects.filter(case=OuterRef("pk"), order=0).values(field_name)[:1])


def scoped_cases(*, organisation: Organisation) -> QuerySet[Case]:
    """Every business submitted at least once that ``organisation`` watches (module docstring)."""
    qs = Case.objects.filter(submitted_at__isnull=False)
    if organisation.kind == OrgKind.HR_BUREAU:
        steps = CaseStep.objects.filter(
            case=OuterRef("pk"), order=0, organisation__region__code__startswith=region_prefix(organisation.region)
        )
        return qs.filter(Exists(steps))
    if organisation.kind == OrgKind.SUPERVISING_UNIT:
        steps = CaseStep.objects.filter(case=OuterRef("pk"), order=0, organisation__supervising_unit=organisation)
        return qs.filter(Exists(steps))
    if organisation.kind == OrgKind.COMMITTEE:
        return qs.filter(evaluation_application__committee__organisation=organisation)
    return qs.none()


@dataclass
class StatsFilters:
    year: int | None = None
    plan_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    business_type: str = ""

    def apply(self, qs: QuerySet[Case]) -> QuerySet[Case]:
        return filter_given(
            qs, submitted_at__year=self.year, evaluation_application__plan_id=self.plan_id,
            submitted_at__date__gte=self.date_from, submitted_at__date__lte=self.date_to,
            business_type=self.business_type,
        )


@dataclass
class Row:
    label: str
    count: int


@dataclass
class PassRow:
    plan: str
    committee: str
    year: int
    applications: int
    evaluated: int
    passed: int

    @property
    def rate(self) -> float | None:
        """Passed / evaluated (votes counted: passed, failed or withdrawn after objection), in %."""
        return round(100 * self.passed / self.evaluated, 1) if self.evaluated else None


@dataclass
class DurationRow:
    step: str
    decisions: int
    median_days: float
    p90_days: float


@dataclass
class BacklogRow:
    step: str
    buckets: list[int]

    @property
    def total(self) -> int:
        return sum(self.buckets)


@dataclass
class Report:
    total: int = 0
    by_business: list[Row] = field(default_factory=list)
    by_series: list[Row] = field(default_factory=list)
    by_specialty: list[Row] = field(default_factory=list)
    by_level: list[Row] = field(default_factory=list)
    by_region: list[Row] = field(default_factory=list)
    by_unit: list[Row] = field(default_factory=list)
    by_status: list[Row] = field(default_factory=list)
    pass_rates: list[PassRow] = field(default_factory=list)
    durations: list[DurationRow] = field(default_factory=list)
    backlog: list[BacklogRow] = field(default_factory=list)
    bucket_labels: list[str] = field(default_factory=lambda: [label for _, label in AGE_BUCKETS])
    #: when the figures were counted (``stats_report_kept`` may serve them for ``STATS_KEPT_SECONDS``)
    computed_at: dt.datetime | None = None


def _grouped(qs: QuerySet[Case], key, names: dict | None = None, *, none_label: str = "（未填写）") -> list[Row]:
    """Counts of ``qs`` grouped by the expression ``key``, most first (one query)."""
    rows = qs.annotate(k=key).values("k").annotate(n=Count("id")).order_by("-n", "k")
    result = []
    for r in rows:
        label = none_label if r["k"] is None else (names.get(r["k"], str(r["k"])) if names is not None else str(r["k"]))
        result.append(Row(label, r["n"]))
    return result


def _names(model, ids, attr: str = "name") -> dict:
    ids = [i for i in ids if i is not None]
    return {pk: getattr(obj, attr) for pk, obj in model.objects.in_bulk(ids).items()} if ids else {}


def _by_ids(qs: QuerySet[Case], key, model, *, limit: int | None = None) -> list[Row]:
    """Grouped by a foreign-key id expression, named with one more query."""
    rows = list(qs.annotate(k=key).values("k").annotate(n=Count("id")).order_by("-n", "k"))
    if limit is not None:
        rows = rows[:limit]
    names = _names(model, [r["k"] for r in rows])
    return [Row("（未填写）" if r["k"] is None else names.get(r["k"], str(r["k"])), r["n"]) for r in rows]


def _by_region(qs: QuerySet[Case], organisation: Organisation) -> list[Row]:
    """Applications per region one level below the organisation's (a province: its cities; a
    city: its counties), by the personnel unit's region; counted in SQL per county, summed here."""
    rows = qs.annotate(k=_first_step("organisation__region_id")).values("k").annotate(n=Count("id"))
    level = organisation.region.level if organisation.kind == OrgKind.HR_BUREAU else RegionLevel.PROVINCE
    totals: dict[str, int] = {}
    for r in rows:
        code = r["k"] or ""
        key = code[:4] + "00" if level == RegionLevel.PROVINCE and code else code
        totals[key] = totals.get(key, 0) + r["n"]
    names = {
        region.code: region.full_name
        for region in Region.objects.filter(code__in=list(totals)).select_related("parent")
    }
    return sorted(
        (Row(names.get(code, code or "（未填写）"), n) for code, n in totals.items()), key=lambda r: (-r.count, r.label)
    )


def _pass_rates(cases: QuerySet[Case]) -> list[PassRow]:
    from zhicheng.businesses.models import EvaluationApplication
    from zhicheng.committees.models import Outcome

    decided = [Outcome.PASSED, Outcome.FAILED, Outcome.WITHDRAWN]
    rows = (
        EvaluationApplication.objects.filter(case__in=cases.values("pk"))
        .values("plan_id", "plan__title", "plan__year", "committee__organisation__name")
        .annotate(
            applications=Count("id", distinct=True),
            evaluated=Count("evaluation_results", filter=Q(evaluation_results__outcome__in=decided), distinct=True),
            passed=Count("evaluation_results", filter=Q(evaluation_results__outcome=Outcome.PASSED), distinct=True),
        )
        .order_by("-plan__year", "committee__organisation__name", "plan__title")
    )
    return [
        PassRow(r["plan__title"] or "（未关联计划）", r["committee__organisation__name"], r["plan__year"] or 0,
                r["applications"], r["evaluated"], r["passed"])
        for r in rows
    ]


def _days_sql(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0"
    return f"(julianday({later}) - julianday({earlier}))"


def _durations(cases: QuerySet[Case]) -> list[DurationRow]:
    """Days each step took to decide (from the case's arrival there, i.e. the previous history
    row, to the reviewer's decision), per step label: the count, the median and the 90th
    percentile by the nearest-rank method (the value at rank ⌈p·n⌉). One query: window functions
    (LAG, ROW_NUMBER, COUNT) on SQLite ≥ 3.25 and PostgreSQL alike."""
    scope_sql, scope_params = cases.values("pk").query.sql_with_params()
    decisions = ", ".join(["%s"] * len(REVIEW_DECISIONS))
    # Only constant fragments and Django's own compiled (parameterised) scope are put in the text.
    sql = f"""
        WITH h AS (
            SELECT ch.step_label, ch.decision, ch.created_at,
                   LAG(ch.created_at) OVER (PARTITION BY ch.case_id ORDER BY ch.id) AS prev_at
            FROM cases_casehistory ch WHERE ch.case_id IN ({scope_sql})
        ), d AS (
            SELECT step_label, {_days_sql("created_at", "prev_at")} AS days
            FROM h WHERE decision IN ({decisions}) AND prev_at IS NOT NULL
        ), r AS (
            SELECT step_label, days,
                   ROW_NUMBER() OVER (PARTITION BY step_label ORDER BY days) AS rn,
                   COUNT(*) OVER (PARTITION BY step_label) AS n
            FROM d
        )
        SELECT step_label, n, rn, days FROM r
        WHERE rn = (n + 1) / 2 OR rn = (9 * n + 9) / 10
        ORDER BY step_label, rn
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*scope_params, *[str(d) for d in REVIEW_DECISIONS]])
        fetched = cursor.fetchall()
    found: dict[str, dict] = {}
    for label, n, rn, days in fetched:
        row = found.setdefault(label, {"n": n})
        if rn == (n + 1) // 2:
            row["median"] = float(days)
        if rn == (9 * n + 9) // 10:
            row["p90"] = float(days)
    order = {
        "人事管理单位": 0,
        "原人事管理单位": 1,
        "新人事管理单位": 2,
        "主管单位": 3,
        "评委会办公室": 4,
        "人社部门": 5,
    }
    return [
        DurationRow(label, v["n"], round(v["median"], 1), round(v["p90"], 1))
        for label, v in sorted(found.items(), key=lambda kv: (order.get(kv[0], 9), kv[0]))
    ]


def _backlog(cases: QuerySet[Case], now: dt.datetime) -> list[BacklogRow]:
    """Businesses waiting now, per step label and by how long they have waited there (since the
    latest history row: the submission or the decision that sent them on). One query."""
    from zhicheng.cases.models import CaseHistory

    arrived = Subquery(CaseHistory.objects.filter(case=OuterRef("pk")).order_by("-id").values("created_at")[:1])
    step = Subquery(
        CaseStep.objects.filter(case=OuterRef("pk"), order=OuterRef("current_step_order")).values("label")[:1]
    )
    whens = [
        When(arrived__gte=now - dt.timedelta(days=days), then=Value(i))
        for i, (days, _) in enumerate(AGE_BUCKETS) if days is not None
    ]
    rows = (
        cases.filter(status=CaseStatus.SUBMITTED)
        .annotate(arrived=arrived, step=step)
        .annotate(bucket=When_(*whens, default=Value(len(AGE_BUCKETS) - 1)))
        .values("step", "bucket").annotate(n=Count("id")).order_by("step", "bucket")
    )
    found: dict[str, list[int]] = {}
    for r in rows:
        found.setdefault(r["step"] or "（未知环节）", [0] * len(AGE_BUCKETS))[r["bucket"]] += r["n"]
    return [BacklogRow(step, buckets) for step, buckets in sorted(found.items(), key=lambda kv: -sum(kv[1]))]


def stats_report(*, organisation: Organisation, filters: StatsFilters, now: dt.datetime | None = None) -> Report:
    """Every table of the statistics page for ``organisation`` under ``filters``: a constant number
    of queries (about a dozen) whatever the data, in one transaction allowed parallel plans
    (``zhicheng.common.db.parallel_plans``)."""

    now = now or timezone.now()
    with parallel_plans():  # web connections plan without parallel workers; a count of a city gains from them
        return _stats_report(organisation=organisation, filters=filters, now=now)


def _stats_report(*, organisation: Organisation, filters: StatsFilters, now: dt.datetime) -> Report:
    from zhicheng.catalog.models import Series, Specialty

    cases = filters.apply(scoped_cases(organisation=organisation))
    report = Report(computed_at=now)
    report.by_business = [Row(business_type_label(r.label), r.count) for r in _grouped(cases, F("business_type"))]
    report.total = sum(r.count for r in report.by_business)
    series = Coalesce(
        "evaluation_application__series_id", "recognition_application__series_id",
        "external_title_confirmation__series_id",
    )
    report.by_series = _by_ids(cases.exclude(business_type__in=["profile", "unit_change"]), series, Series)
    specialty = Coalesce("evaluation_application__specialty_id", "recognition_application__specialty_id")
    report.by_specialty = _by_ids(cases.filter(business_type__in=["evaluation", "recognition"]), specialty, Specialty)
    level = Coalesce(
        "evaluation_application__level", "recognition_application__level", "external_title_confirmation__level"
    )
    report.by_level = _grouped(cases.exclude(business_type__in=["profile", "unit_change"]), level, LEVEL_LABELS)
    report.by_level.sort(
        key=lambda r: list(LEVEL_LABELS.values()).index(r.label) if r.label in LEVEL_LABELS.values() else 9
    )
    report.by_region = _by_region(cases, organisation)
    report.by_unit = _by_ids(cases, _first_step("organisation_id"), Organisation, limit=UNIT_ROWS)
    report.by_status = _grouped(cases, F("status"), dict(CaseStatus.choices))
    report.pass_rates = _pass_rates(cases)
    report.durations = _durations(cases)
    report.backlog = _backlog(cases, now)
    return report


#: How long a waiting request polls for a report another request is counting (seconds, ``stats_report_kept``).
STATS_WAIT_SECONDS = 30


def stats_report_kept(*, organisation: Organisation, filters: StatsFilters) -> Report:
    """``stats_report`` as the pages serve it: counted at most once per ``settings.STATS_KEPT_SECONDS``
    (default 600 s) per organisation and filters, and kept in the default cache; ``report.computed_at``
    says when (the page shows it). At full scale a city's report reads a few hundred thousand cases
    and takes seconds (docs/benchmarks.md), so the same figures are not counted again for every reader.

    While one request counts a report, others asking for the same one wait for it (polling the cache up
    to ``STATS_WAIT_SECONDS``) rather than count it too; if it does not come they count it themselves.
    ``STATS_KEPT_SECONDS = 0`` counts on every request. Statistics are not a register: a figure up to
    ten minutes old is what a reader of a statistics page expects, and the time is printed."""
    seconds = settings.STATS_KEPT_SECONDS
    if seconds <= 0:
        return stats_report(organisation=organisation, filters=filters)
    digest = hashlib.sha256(repr(sorted(asdict(filters).items())).encode()).hexdigest()[:16]
    key = f"stats:report:v1:{organisation.pk}:{digest}"
    found = cache.get(key)
    if found is not None:
        return found
    if not cache.add(f"{key}:counting", 1, timeout=STATS_WAIT_SECONDS):
        deadline = time.monotonic() + STATS_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.25)
            found = cache.get(key)
            if found is not None:
                return found
    try:
        report = stats_report(organisation=organisation, filters=filters)
        cache.set(key, report, timeout=seconds)
    finally:
        cache.delete(f"{key}:counting")
    return report


def plans_for(*, organisation: Organisation):
    """Evaluation plans offered in the filter: those with applications in the organisation's scope
    (a committee: its own plans)."""
    from zhicheng.catalog.models import EvaluationPlan

    if organisation.kind == OrgKind.COMMITTEE:
        return EvaluationPlan.objects.filter(committee__organisation=organisation).order_by("-year", "title")
    cases = scoped_cases(organisation=organisation).filter(business_type="evaluation")
    return EvaluationPlan.objects.filter(
        pk__in=cases.values("evaluation_application__plan_id")
    ).select_related("committee__organisation").order_by("-year", "title")

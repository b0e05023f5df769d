"""Reads for the catalogue, committees, evaluation plans and eligibility rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import in_force_q

from .constants import PlanStatus, RunsOn, TitleLevel
from .models import Committee, EligibilityRule, EvaluationPlan, PlanLevel, Specialty

CommitteeSpecialty = Committee.specialties.through
PlanSpecialty = EvaluationPlan.specialties.through


# -- permission ------------------------------------------------------------------------------------
def committees_managed_by(*, user) -> QuerySet[Committee]:
    """Committees whose office the user staffs (a 评委会办公室 membership in force at its organisation).

    The one answer to "is this user staff of this committee's office", used by plans (catalog),
    meetings, pools and objections (evaluation) and the 一览表 (documents) (issue 15)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Committee.objects.none()
    return Committee.objects.filter(
        in_force_q("organisation__memberships__"),
        organisation__memberships__user=user,
        organisation__memberships__role=Role.COMMITTEE_OFFICE,
    ).select_related("organisation", "series", "managing_bureau").distinct()


def plans_visible_to(*, user) -> QuerySet[EvaluationPlan]:
    """The evaluation plans a user may manage: those of the committees whose office they staff."""
    return (
        EvaluationPlan.objects.filter(committee__in=committees_managed_by(user=user).values("pk"))
        .select_related("committee__organisation", "committee__series")
        .prefetch_related("levels", "specialties")
    )


# -- scope ---------------------------------------------------------------------------------------------
def _committee_scope(*, specialty: Specialty, level: int) -> Q:
    has_any = Exists(CommitteeSpecialty.objects.filter(committee_id=OuterRef("pk")))
    has_this = Exists(CommitteeSpecialty.objects.filter(committee_id=OuterRef("pk"), specialty_id=specialty.pk))
    return Q(series_id=specialty.series_id, max_level__lte=level, min_level__gte=level) & (~has_any | has_this)


def _plans_covering(*, specialty: Specialty, level: int) -> QuerySet[EvaluationPlan]:
    """Published plans whose levels include ``level`` and whose specialties include ``specialty`` (or are all)."""
    has_any = Exists(PlanSpecialty.objects.filter(evaluationplan_id=OuterRef("pk")))
    has_this = Exists(PlanSpecialty.objects.filter(evaluationplan_id=OuterRef("pk"), specialty_id=specialty.pk))
    has_level = Exists(PlanLevel.objects.filter(plan_id=OuterRef("pk"), level=level))
    return EvaluationPlan.objects.filter(has_level).filter(~has_any | has_this)


def _open_on(on_date: dt.date) -> Q:
    return Q(status=PlanStatus.PUBLISHED, opens_at__lte=on_date, closes_at__gte=on_date)


@dataclass(frozen=True)
class CommitteeOffer:
    """A committee an applicant may choose for a specialty and level, or is pointed to elsewhere."""

    committee: Committee
    plan: EvaluationPlan | None  # the open plan (None for committees on external systems)

    @property
    def is_external(self) -> bool:
        return self.committee.runs_on == RunsOn.EXTERNAL

    @property
    def external_system_name(self) -> str:
        return self.committee.external_system_name

    @property
    def external_system_url(self) -> str:
        return self.committee.external_system_url

    @property
    def name(self) -> str:
        return self.committee.organisation.name

    @property
    def note(self) -> str:
        if self.is_external:
            return f"该评委会通过{self.external_system_name}受理申报，请到{self.external_system_name}申报"
        return f"{self.plan.title}，申报时间{_window(self.plan)}"


def _city_code(region_code: str) -> str:
    return region_code[:4] + "00"


def committee_serves_region(*, committee: Committee, region_code: str | None) -> bool:
    """属地管理: a provincial committee serves the whole province; a city committee only applicants
    whose personnel unit is in that city (its counties included)."""
    if not region_code:
        return True
    committee_region = committee.organisation.region_id
    if committee_region.endswith("0000"):
        return True
    return _city_code(committee_region) == _city_code(region_code)


def _territory(region_code: str | None) -> Q:
    if not region_code:
        return Q()
    return Q(organisation__region__code__endswith="0000") | Q(organisation__region_id=_city_code(region_code))


def committees_open_for(
    *, specialty: Specialty, level: int, on_date: dt.date, region_code: str | None = None
) -> list[CommitteeOffer]:
    """Committees an applicant may choose for ``specialty`` at ``level`` on ``on_date``.

    With ``region_code`` (the region of the applicant's personnel unit) only committees serving
    that region are offered: provincial ones, and the city's own (see ``committee_serves_region``).

    This system's committees appear when their scope covers the choice and a published plan covering it
    has its window around ``on_date``; committees on external systems that cover the choice are listed
    too, flagged ``is_external``, so the page can say "请到XX系统申报". Two queries, whatever the number.
    """
    level = int(level)
    open_plans = _plans_covering(specialty=specialty, level=level).filter(_open_on(on_date))
    committees = list(
        Committee.objects.filter(_committee_scope(specialty=specialty, level=level))
        .filter(_territory(region_code))
        .filter(Q(runs_on=RunsOn.EXTERNAL) | Q(Exists(open_plans.filter(committee_id=OuterRef("pk")))))
        .select_related("organisation")
        .order_by("runs_on", "organisation__region_id", "max_level", "id")
    )
    internal_ids = [c.pk for c in committees if c.runs_on != RunsOn.EXTERNAL]
    plans: dict[int, EvaluationPlan] = {}
    if internal_ids:
        for plan in open_plans.filter(committee_id__in=internal_ids).order_by("committee_id", "closes_at", "id"):
            plans.setdefault(plan.committee_id, plan)  # the one closing first, if several
    return [CommitteeOffer(committee=c, plan=plans.get(c.pk)) for c in committees]


def plan_accepting(
    *, committee: Committee, specialty: Specialty, level: int, on_date: dt.date
) -> EvaluationPlan | None:
    """The committee's published plan that accepts this specialty and level on ``on_date``, or None."""
    if committee.runs_on == RunsOn.EXTERNAL or not committee.covers(specialty=specialty, level=int(level)):
        return None
    return (
        _plans_covering(specialty=specialty, level=int(level))
        .filter(_open_on(on_date), committee=committee)
        .order_by("closes_at", "id")
        .first()
    )


def _md(d: dt.date, year: int) -> str:
    return f"{d.month}月{d.day}日" if d.year == year else f"{d.year}年{d.month}月{d.day}日"


def _window(plan: EvaluationPlan) -> str:
    return f"{_md(plan.opens_at, plan.year)}至{_md(plan.closes_at, plan.year)}"


def plan_refusal_reason(
    *, committee: Committee, specialty: Specialty, level: int, on_date: dt.date, region_code: str | None = None
) -> str | None:
    """Why the committee does not accept this choice on ``on_date`` (None when it does), in plain Chinese."""
    level = int(level)
    level_label = TitleLevel(level).label
    if not committee.covers(specialty=specialty, level=level):
        return f"该评委会不评审{specialty.name}专业{level_label}职称，请选择其他评委会"
    if not committee_serves_region(committee=committee, region_code=region_code):
        return f"该评委会只受理{committee.organisation.region.name}的申报人，请选择本市或省级评审委员会"
    if committee.runs_on == RunsOn.EXTERNAL:
        return f"该评委会通过{committee.external_system_name}受理申报，请到{committee.external_system_name}申报"
    if plan_accepting(committee=committee, specialty=specialty, level=level, on_date=on_date):
        return None
    plans = list(
        _plans_covering(specialty=specialty, level=level)
        .filter(committee=committee, status__in=[PlanStatus.PUBLISHED, PlanStatus.CLOSED])
        .order_by("-year", "-opens_at")
    )
    this_year = [p for p in plans if p.year == on_date.year]
    # Prefer this year's plans; among them, the next one to open, else the last one that closed.
    upcoming = sorted((p for p in plans if p.status == PlanStatus.PUBLISHED and p.opens_at > on_date),
                      key=lambda p: p.opens_at)
    plan = (upcoming[0] if upcoming else None) or (this_year[0] if this_year else None) or (plans[0] if plans else None)
    if plan is None:
        return f"该评委会尚未发布{on_date.year}年度{specialty.name}专业{level_label}评审计划，当前不受理申报"
    if plan.status == PlanStatus.CLOSED and plan.opens_at <= on_date <= plan.closes_at:
        return f"该评委会{plan.year}年度评审申报已停止受理（申报时间原为{_window(plan)}）"
    return f"该评委会{plan.year}年度评审申报时间为{_window(plan)}，当前不在申报时间内"


# -- eligibility rules ------------------------------------------------------------------------------
def eligibility_rules_for_committee(*, committee: Committee) -> list[dict]:
    """For each level the committee evaluates: the default rule, the committee's override, which applies."""
    rules = list(
        EligibilityRule.objects.filter(
            Q(committee__isnull=True) | Q(committee=committee),
            Q(series__isnull=True) | Q(series_id=committee.series_id),
            target_level__gte=committee.max_level, target_level__lte=committee.min_level,
        ).prefetch_related(Prefetch("paths"))
    )
    rows = []
    for level in range(committee.max_level, committee.min_level + 1):
        mine = [r for r in rules if r.target_level == level and r.committee_id]
        defaults = [r for r in rules if r.target_level == level and not r.committee_id]
        own = min(mine, key=lambda r: 0 if r.series_id else 1) if mine else None
        default = min(defaults, key=lambda r: 0 if r.series_id else 1) if defaults else None
        rows.append({
            "level": level, "level_label": TitleLevel(level).label,
            "default": default, "own": own, "effective": own or default,
        })
    return rows

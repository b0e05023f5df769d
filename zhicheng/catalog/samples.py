"""Builders of sample organisations, committees and evaluation plans: shared by the demo (which reads
its organisations from ``data/demo/organisations.json``) and the tests' world (which lists its own in
``tests/world/organisations.py``), decision 0036. Each passes its own data; nothing here is imported by
the product's pages. Idempotent: organisations are upserted by name, plans by committee, year and title.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhicheng.catalog.constants import PlanStatus, RunsOn, TitleLevel
from zhicheng.catalog.models import Committee, EvaluationPlan, PlanLevel, Series, Specialty
from zhicheng.orgs.constants import OrgKind, RegionLevel
from zhicheng.orgs.models import Organisation, Region
from zhicheng.orgs.services import organisation_upsert


def organisations_build(*, supervising_units: list[dict], provincial_points: list[dict], employers: list[dict],
                        committees: list[dict]) -> int:
    """Create (or bring back into line) the organisations and committees given, on the reference data (its
    HR bureaus and regions): ``supervising_units`` ({name, region, prefix}); a talent market and a
    non-public application point in every city, under its HR bureau; ``provincial_points`` ({name, region,
    prefix, supervisor, scope_note}); ``employers`` ({name, region, prefix, supervisor}); ``committees``
    ({name, region, bureau, series (code), specialties (names; none: the whole series), max_level, min_level,
    and ``external``, the external system's name, for a committee that does not work here}). ``prefix`` is
    the credit code's first two digits; ``supervisor`` a supervising unit's name. Returns how many."""
    count = 0
    by_name: dict[str, Organisation] = {}
    for item in supervising_units:
        by_name[item["name"]] = organisation_upsert(
            name=item["name"], kind=OrgKind.SUPERVISING_UNIT, region_code=item["region"], prefix=item["prefix"]
        )
        count += 1
    bureaus = {o.region_id: o for o in Organisation.objects.filter(kind=OrgKind.HR_BUREAU)}
    for city in Region.objects.filter(level=RegionLevel.CITY):
        organisation_upsert(
            name=f"{city.name}人才市场", kind=OrgKind.PERSONNEL_UNIT, region_code=city.code, prefix="12",
            supervising_unit=bureaus[city.code], is_talent_market=True, holds_personnel_files=True,
            scope_note="人事档案存放在本人才市场的人员",
        )
        organisation_upsert(
            name=f"{city.name}非公有制经济组织职称申报点", kind=OrgKind.PERSONNEL_UNIT, region_code=city.code,
            prefix="12", supervising_unit=bureaus[city.code], is_nonpublic_point=True,
            scope_note="本市非公有制单位、人事档案不在单位的专业技术人员",
        )
        count += 2
    for item in provincial_points:
        organisation_upsert(
            name=item["name"], kind=OrgKind.PERSONNEL_UNIT, region_code=item["region"], prefix=item["prefix"],
            supervising_unit=by_name[item["supervisor"]], is_nonpublic_point=True, scope_note=item["scope_note"],
        )
        count += 1
    for item in employers:
        organisation_upsert(
            name=item["name"], kind=OrgKind.PERSONNEL_UNIT, region_code=item["region"], prefix=item["prefix"],
            supervising_unit=by_name[item["supervisor"]], holds_personnel_files=True,
        )
        count += 1
    for item in committees:
        org = organisation_upsert(name=item["name"], kind=OrgKind.COMMITTEE, region_code=item["region"], prefix="12")
        committee, _ = Committee.objects.update_or_create(
            organisation=org,
            defaults={
                "managing_bureau": bureaus[item["bureau"]], "series": Series.objects.get(code=item["series"]),
                "max_level": item["max_level"], "min_level": item["min_level"],
                "runs_on": RunsOn.EXTERNAL if item.get("external") else RunsOn.THIS_SYSTEM,
                "external_system_name": item.get("external", ""),
            },
        )
        committee.specialties.set(Specialty.objects.filter(series=committee.series, name__in=item["specialties"]))
        count += 1
    return count


def plan_upsert(*, committee: Committee, year: int, title: str, opens_at: dt.date, closes_at: dt.date,
                notes: str = "", pre_evaluation_notice: bool = False) -> EvaluationPlan:
    """The published plan of ``committee`` for ``year`` titled ``title`` (made, or updated: window, notes,
    评前公示), validated, offering every level of the committee. Returns it."""
    plan = EvaluationPlan.objects.filter(committee=committee, year=year, title=title).first() or EvaluationPlan(
        committee=committee, year=year, title=title
    )
    plan.opens_at, plan.closes_at, plan.status, plan.notes = opens_at, closes_at, PlanStatus.PUBLISHED, notes
    plan.pre_evaluation_notice = pre_evaluation_notice
    plan.full_clean()
    plan.save()
    levels = range(committee.max_level, committee.min_level + 1)
    PlanLevel.objects.filter(plan=plan).exclude(level__in=levels).delete()
    for level in levels:
        PlanLevel.objects.get_or_create(plan=plan, level=level)
    return plan


def plans_build(*, open_committees: list[str], closed_committee: str, notice_committee: str,
                today: dt.date | None = None) -> list[EvaluationPlan]:
    """Published plans for ``today``'s year (default: ``timezone.localdate()``), one per committee named,
    titled ``{year}年度`` and the committee's name without ``委员会``: for each of ``open_committees`` one open
    from 30 days ago to 60 days on (the plan of ``notice_committee`` with a 评前公示 before forwarding,
    issue 21), and for ``closed_committee`` one from 120 to 30 days ago. Committees that do not exist are
    passed over. Returns the plans."""
    today = today or timezone.localdate()
    year = today.year
    committees = {c.organisation.name: c for c in Committee.objects.select_related("organisation")}
    plans = []
    for name in open_committees:
        committee = committees.get(name)
        if committee is None:
            continue
        levels = "、".join(str(TitleLevel(v).label) for v in range(committee.max_level, committee.min_level + 1))
        plans.append(plan_upsert(
            committee=committee, year=year, title=f"{year}年度{name.removesuffix('委员会')}",
            opens_at=today - dt.timedelta(days=30), closes_at=today + dt.timedelta(days=60),
            notes=f"受理{levels}职称评审申报。请在申报时间内完成单位审核，逾期不予受理。"
                  + ("人事管理单位报送前须进行评前公示（不少于 5 个工作日）。" if name == notice_committee else ""),
            pre_evaluation_notice=name == notice_committee,
        ))
    if closed_committee in committees:
        plans.append(
            plan_upsert(
                committee=committees[closed_committee],
                year=year,
                title=f"{year}年度{closed_committee.removesuffix('委员会')}",
                opens_at=today - dt.timedelta(days=120),
                closes_at=today - dt.timedelta(days=30),
                notes="本年度申报已截止。",
            )
        )
    return plans

"""Reads of regions and organisations: the region picker and the personnel-unit search."""

from __future__ import annotations

import re

from django.db.models import Case, Q, QuerySet, Value, When

from .constants import OrgKind, RegionLevel, Role
from .models import Membership, Organisation, Region, in_force_q
from .pinyin import NAME_KEY_MAX, normalize_text, syllable_prefix_like, syllable_prefix_regex

PROVINCE_CODE = "440000"
UNIT_SEARCH_LIMIT = 50
_PINYIN_QUERY = re.compile(r"[a-z0-9]+")


def regions_cities() -> QuerySet[Region]:
    """The cities of the province (GB/T 2260 regions of level city), by code. A queryset for the region
    picker."""
    return Region.objects.filter(level=RegionLevel.CITY).order_by("code")


def regions_counties(*, city_code: str) -> QuerySet[Region]:
    """The counties of the city ``city_code`` (a 6-digit GB/T 2260 code), by code. A queryset; empty for an
    unknown code."""
    return Region.objects.filter(level=RegionLevel.COUNTY, parent_id=city_code).order_by("code")


def _mixed_prefixes(key: str, *, anchored: bool) -> Q:
    """Rows whose words' pinyin prefixes spell ``key``: a LIKE that is cheap to evaluate first,
    then the regular expression that decides."""
    return Q(name_syllables__like=syllable_prefix_like(key, anchored=anchored)) & Q(
        name_syllables__regex=syllable_prefix_regex(key, anchored=anchored)
    )


def units_matching(qs: QuerySet[Organisation], q: str) -> QuerySet[Organisation]:
    """``qs`` narrowed to the units whose name matches what was typed (``q``), annotated with ``relevance``
    (0 exact, 1 prefix, 2 contains) and ordered by it. Returns a queryset; raises nothing.

    The query is normalised as the stored keys are (zhicheng.orgs.pinyin.normalize_text: width,
    brackets, punctuation, spaces, case; at most ``NAME_KEY_MAX`` characters). A query in letters and
    digits matches the normalised name, the full pinyin, the initials, or a run of prefixes of
    consecutive words' pinyin (``dgsrmyywj``, ``renminyiyuanwanjiang``, ``huadurmyy``); any other query
    matches the normalised name (``东莞市人民医院(万江`` → 东莞市人民医院（万江院区）). An empty query leaves
    ``qs`` as it is (relevance 0) (decision 0012).
    """
    key = normalize_text(q)[:NAME_KEY_MAX]
    if not key:
        return qs.annotate(relevance=Value(0))
    exact = Q(name_key=key)
    prefix = Q(name_key__startswith=key)
    contains = Q(name_key__contains=key)
    if _PINYIN_QUERY.fullmatch(key):
        # Plain comparisons first: the database stops at the first true one, so the regular
        # expression (the mixed prefixes) only runs for rows nothing cheaper matched.
        exact |= Q(name_pinyin=key) | Q(name_initials=key)
        prefix |= (
            Q(name_initials__startswith=key) | Q(name_pinyin__startswith=key) | _mixed_prefixes(key, anchored=True)
        )
        contains |= Q(name_initials__contains=key) | Q(name_pinyin__contains=key) | _mixed_prefixes(key, anchored=False)
    relevance = Case(When(exact, then=Value(0)), When(prefix, then=Value(1)), default=Value(2))
    return qs.filter(contains).annotate(relevance=relevance).order_by("relevance")


def personnel_units_search(*, region_code: str, q: str = "", limit: int = UNIT_SEARCH_LIMIT) -> list[Organisation]:
    """Active personnel management units of exactly one region (``region_code``, 6-digit GB/T 2260)
    matching ``q`` (see ``units_matching``), best match first; among equals talent markets and non-
    public points first, then by pinyin; at most ``limit`` (default ``UNIT_SEARCH_LIMIT``). Returns a
    list of ``Organisation`` (empty without a region). One query, whatever the number of units (the
    region/kind/is_active index narrows the rows before the name is matched)."""
    if not region_code:
        return []
    qs = Organisation.objects.filter(kind=OrgKind.PERSONNEL_UNIT, is_active=True, region_id=region_code)
    qs = units_matching(qs, q or "")
    return list(
        qs.select_related("supervising_unit", "region__parent").order_by(
            "relevance", "-is_talent_market", "-is_nonpublic_point", "name_pinyin", "pk"
        )[:limit]
    )


def personnel_unit_get(*, pk) -> Organisation | None:
    """The active personnel management unit with primary key ``pk`` (with its supervising unit and region),
    or None — what an applicant may choose as their unit. Raises nothing."""
    return (
        Organisation.objects.filter(pk=pk, kind=OrgKind.PERSONNEL_UNIT, is_active=True)
        .select_related("supervising_unit", "region__parent")
        .first()
    )


# -- HR bureaus and the units of their region ----------------------------------------------------
BUREAU_ROLES = (Role.REVIEWER, Role.ORG_ADMIN)


def bureaus_managed_by(*, user) -> QuerySet[Organisation]:
    """HR bureaus at which ``user`` is an active reviewer or administrator (they manage the units of the
    bureau's region, issue 19). A queryset; none for an anonymous or inactive user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=OrgKind.HR_BUREAU, memberships__user=user, memberships__role__in=BUREAU_ROLES,
        memberships__is_active=True,
    ).distinct().select_related("region__parent")


def regions_of_bureau(*, bureau: Organisation) -> QuerySet[Region]:
    """The regions (GB/T 2260) an HR bureau manages: the province's bureau all; a city's its city and
    counties; a county's its county. A queryset."""
    region = bureau.region
    if region.level == RegionLevel.PROVINCE:
        return Region.objects.all()
    if region.level == RegionLevel.CITY:
        return Region.objects.filter(Q(code=region.code) | Q(parent_id=region.code))
    return Region.objects.filter(code=region.code)


def units_of_bureau(*, bureau: Organisation) -> QuerySet[Organisation]:
    """Personnel units of the bureau's regions (``regions_of_bureau``), active and not. A queryset."""
    return Organisation.objects.filter(kind=OrgKind.PERSONNEL_UNIT, region__in=regions_of_bureau(bureau=bureau))


def _active_reviewer_exists():
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    # Whoever can act on a case waiting there: a unit's or bureau's reviewer, a committee's office
    # (the roles of cases.selectors.CASE_ROLES), with the role in force.
    return Exists(Membership.objects.in_force(today=timezone.localdate()).filter(
        organisation_id=OuterRef("pk"), role__in=(Role.REVIEWER, Role.COMMITTEE_OFFICE), user__is_active=True,
    ))


def region_units_overview(*, bureau: Organisation, only_waiting: bool = False) -> list[Organisation]:
    """The bureau's units, each with ``waiting`` (cases waiting there), ``oldest_wait`` (the oldest
    submission among them, a datetime or None) and ``can_act`` (a reviewer or committee office in force
    exists); units nobody can act for and that have waiting cases first, inactive units last.
    ``only_waiting`` keeps the units with waiting cases. Returns a list of annotated ``Organisation``;
    one query."""
    from django.db.models import Count, Min

    from zhicheng.cases.constants import CaseStatus

    waiting_q = Q(waiting_cases__status=CaseStatus.SUBMITTED)
    qs = (
        units_of_bureau(bureau=bureau)
        .select_related("region__parent", "supervising_unit", "merged_into")
        .annotate(waiting=Count("waiting_cases", filter=waiting_q),
                  oldest_wait=Min("waiting_cases__submitted_at", filter=waiting_q),
                  can_act=_active_reviewer_exists())
    )
    if only_waiting:
        qs = qs.filter(waiting__gt=0)
    rows = list(qs)
    rows.sort(
        key=lambda o: (not o.is_active, not (o.waiting and not o.can_act), -o.waiting, o.region_id, o.name_pinyin)
    )
    return rows


def units_unattended(*, organisation_ids=None) -> list[tuple[Organisation, int]]:
    """(unit, waiting count) for every organisation, active or not, with submitted cases waiting and nobody
    in force who can act (no reviewer or committee office). ``organisation_ids`` (optional) limits the
    check to those organisations. Returns a list of pairs."""
    from django.db.models import Count

    from zhicheng.cases.constants import CaseStatus

    qs = Organisation.objects.filter(waiting_cases__status=CaseStatus.SUBMITTED)
    if organisation_ids is not None:
        # After each submit and approval: first whether the unit has nobody who can act (one indexed
        # EXISTS, nearly always false), and only then count what waits there (10,000 rows at a busy unit).
        unattended = list(
            Organisation.objects.filter(pk__in=list(organisation_ids))
            .annotate(can_act=_active_reviewer_exists()).filter(can_act=False).values_list("pk", flat=True)
        )
        if not unattended:
            return []
        qs = qs.filter(pk__in=unattended)
    qs = (qs.annotate(waiting=Count("waiting_cases", filter=Q(waiting_cases__status=CaseStatus.SUBMITTED)),
                      can_act=_active_reviewer_exists())
          .filter(can_act=False).select_related("region__parent", "supervising_unit").distinct())
    return [(o, o.waiting) for o in qs]


# -- roles: which an organisation may grant, who administers an organisation ----------------------
# Which roles an organisation of each kind may grant (SPEC §3; window staff only at HR bureaus,
# committee office and experts only at committees).
# Statistics readers at HR bureaus and supervising units; expert-pool managers at committees.
ROLES_BY_KIND: dict[str, list[str]] = {
    OrgKind.HR_BUREAU: [Role.REVIEWER, Role.ORG_ADMIN, Role.WINDOW_STAFF, Role.STATS_READER],
    OrgKind.SUPERVISING_UNIT: [Role.REVIEWER, Role.ORG_ADMIN, Role.STATS_READER],
    OrgKind.PERSONNEL_UNIT: [Role.REVIEWER, Role.ORG_ADMIN],
    OrgKind.COMMITTEE: [Role.REVIEWER, Role.ORG_ADMIN, Role.COMMITTEE_OFFICE, Role.EXPERT_POOL_MANAGER, Role.EXPERT],
}


def roles_grantable_at(*, organisation: Organisation) -> list[str]:
    """The roles (``Role`` values) an organisation of ``organisation``'s kind may grant (SPEC §3:
    ``ROLES_BY_KIND``; reviewer and administrator for any other kind). Returns a new list."""
    return list(ROLES_BY_KIND.get(organisation.kind, [Role.REVIEWER, Role.ORG_ADMIN]))


def organisations_managed_by(*, user) -> QuerySet[Organisation]:
    """Organisations whose staff ``user`` manages (an org-admin role in force, ``in_force_q``). A queryset;
    none for an anonymous user."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        in_force_q("memberships__"), memberships__user=user, memberships__role=Role.ORG_ADMIN
    ).distinct()

"""Reads of regions and organisations: the region picker and the personnel-unit search."""

from __future__ import annotations

import re

from django.db.models import Case, Q, QuerySet, Value, When

from .constants import OrgKind, RegionLevel
from .models import Organisation, Region
from .pinyin import NAME_KEY_MAX, normalize_text, syllable_prefix_like, syllable_prefix_regex

PROVINCE_CODE = "440000"
UNIT_SEARCH_LIMIT = 50
_PINYIN_QUERY = re.compile(r"[a-z0-9]+")


def regions_cities() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.CITY).order_by("code")


def regions_counties(*, city_code: str) -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.COUNTY, parent_id=city_code).order_by("code")


def _mixed_prefixes(key: str, *, anchored: bool) -> Q:
    """Rows whose words' pinyin prefixes spell ``key``: a LIKE that is cheap to evaluate first,
    then the regular expression that decides."""
    return Q(name_syllables__like=syllable_prefix_like(key, anchored=anchored)) & Q(
        name_syllables__regex=syllable_prefix_regex(key, anchored=anchored)
    )


def units_matching(qs: QuerySet[Organisation], q: str) -> QuerySet[Organisation]:
    """``qs`` narrowed to the units whose name matches what was typed, annotated with ``relevance``
    (0 exact, 1 prefix, 2 contains) and ordered by it.

    The query is normalised as the stored keys are (zhicheng.orgs.pinyin.normalize_text: width,
    brackets, punctuation, spaces, case). A query in letters and digits matches the normalised
    name, the full pinyin, the initials, or a run of prefixes of consecutive words' pinyin
    (``dgsrmyywj``, ``renminyiyuanwanjiang``, ``huadurmyy``); any other query matches the
    normalised name (``东莞市人民医院(万江`` → 东莞市人民医院（万江院区）). An empty query leaves
    ``qs`` as it is (relevance 0)."""
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
        prefix |= Q(name_initials__startswith=key) | Q(name_pinyin__startswith=key) | _mixed_prefixes(key, anchored=True)
        contains |= Q(name_initials__contains=key) | Q(name_pinyin__contains=key) | _mixed_prefixes(key, anchored=False)
    relevance = Case(When(exact, then=Value(0)), When(prefix, then=Value(1)), default=Value(2))
    return qs.filter(contains).annotate(relevance=relevance).order_by("relevance")


def personnel_units_search(*, region_code: str, q: str = "", limit: int = UNIT_SEARCH_LIMIT) -> list[Organisation]:
    """Active personnel management units of exactly one region matching ``q`` (see
    ``units_matching``), best match first; among equals talent markets and non-public points
    first, then by pinyin. One query, whatever the number of units (the region/kind/is_active
    index narrows the rows before the name is matched)."""
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
    return (
        Organisation.objects.filter(pk=pk, kind=OrgKind.PERSONNEL_UNIT, is_active=True)
        .select_related("supervising_unit", "region__parent")
        .first()
    )

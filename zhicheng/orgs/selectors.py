"""Reads of regions and organisations: the region picker and the personnel-unit search."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .constants import OrgKind, RegionLevel
from .models import Organisation, Region

PROVINCE_CODE = "440000"
UNIT_SEARCH_LIMIT = 50


def regions_cities() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.CITY).order_by("code")


def regions_counties(*, city_code: str) -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.COUNTY, parent_id=city_code).order_by("code")


def personnel_units_search(*, region_code: str, q: str = "", limit: int = UNIT_SEARCH_LIMIT) -> list[Organisation]:
    """Active personnel management units of exactly one region, matched by name, full pinyin or
    pinyin initials (``qysrcsc`` → 清远市人才市场). Talent markets and non-public points first."""
    if not region_code:
        return []
    qs = Organisation.objects.filter(kind=OrgKind.PERSONNEL_UNIT, is_active=True, region_id=region_code)
    q = (q or "").strip()
    if q:
        key = q.lower().replace(" ", "")
        qs = qs.filter(Q(name__contains=q) | Q(name_pinyin__contains=key) | Q(name_initials__contains=key))
    return list(
        qs.select_related("supervising_unit", "region__parent").order_by(
            "-is_talent_market", "-is_nonpublic_point", "name_pinyin"
        )[:limit]
    )


def personnel_unit_get(*, pk) -> Organisation | None:
    return (
        Organisation.objects.filter(pk=pk, kind=OrgKind.PERSONNEL_UNIT, is_active=True)
        .select_related("supervising_unit", "region__parent")
        .first()
    )

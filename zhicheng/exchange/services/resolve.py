"""Resolving what an external system sends: a committee, an issuer, a level, a qualification by name or id.

Each function returns the row (or rows) it finds, or None / an empty list / 0 when nothing matches;
the callers turn that into the catalogue's error for the item (``numbers``).
"""

from __future__ import annotations

from typing import Any

from zhicheng.catalog.constants import TitleLevel
from zhicheng.catalog.models import Committee, Qualification
from zhicheng.common.validators import normalize_identifier
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

_LEVEL_BY_LABEL = {str(label): value for value, label in TitleLevel.choices}


def _is_id(value: Any) -> bool:
    """A primary key as sent: an int, or a string of at most 9 ASCII digits (longer digit strings are
    codes such as a region code or a number, never an id)."""
    return isinstance(value, int) or (
        isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 10
    )


def resolve_committee(value: Any) -> Committee | None:
    """The evaluation committee (评审委员会) an item names: by id (int or digit string) or by the name of
    its organisation (surrounding spaces ignored). None when there is none."""
    qs = Committee.objects.select_related("organisation", "series")
    if _is_id(value):
        return qs.filter(pk=int(value)).first()
    return qs.filter(organisation__name=str(value).strip()).first()


def resolve_issuer(value: str) -> Organisation | None:
    """The issuing authority (发证机关), an active HR bureau, by its 6-digit administrative region code
    (GB/T 2260) or its 18-character unified social credit code (GB 32100), normalised first
    (``normalize_identifier``: full-width characters and spaces). None when there is none or the value
    has neither shape."""
    value = normalize_identifier(value)
    qs = Organisation.objects.filter(kind=OrgKind.HR_BUREAU, is_active=True)
    if len(value) == 6 and value.isascii() and value.isdigit():
        return qs.filter(region_id=value).first()
    if len(value) == 18:
        return qs.filter(credit_code=value).first()
    return None


def resolve_level(value: Any) -> int | None:
    """The title level (``TitleLevel``: 1 正高级 … 5 员级) an item gives, as an int or digit string or a
    Chinese label. None when the item gives none; 0 when it gives one that is not a level."""
    if value is None:
        return None
    if isinstance(value, int):
        return value if value in TitleLevel.values else 0
    value = str(value).strip()
    if value.isdigit():
        return int(value) if int(value) in TitleLevel.values else 0
    return _LEVEL_BY_LABEL.get(value, 0)


def resolve_qualification(value: Any, *, committee: Committee, level: int | None) -> list[Qualification]:
    """The qualifications (资格) an item may mean: by id, or by name narrowed to the committee's series,
    then to ``level`` (when given) while the name is still ambiguous. Returns a list: empty when there is
    none, more than one when the name stays ambiguous (the caller refuses both)."""
    if _is_id(value):
        return list(Qualification.objects.select_related("series").filter(pk=int(value)))
    qs = Qualification.objects.select_related("series").filter(name=str(value).strip())
    if qs.count() > 1:
        qs = qs.filter(series_id=committee.series_id)
        if level and qs.count() > 1:
            qs = qs.filter(level=level)
    return list(qs)

"""``numbers:allocate``: certificate numbers for a batch of holders, from the shared counters, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.catalog.models import Committee, Qualification, Specialty
from zhicheng.certificates.services import HolderData, certificates_allocate
from zhicheng.common.bulk import bulk_insert
from zhicheng.common.id_documents import IdDocument, name_may_be_latin, validate_id_document
from zhicheng.common.masking import mask_id_number
from zhicheng.common.validators import validate_person_name
from zhicheng.orgs.models import Organisation

from ..models import Allocation, ExternalSystem
from .errors import item_error
from .resolve import resolve_committee, resolve_issuer, resolve_level, resolve_qualification


class _Lookups:
    """What one batch may use and what it has looked up: a batch usually repeats the same committee,
    issuer and qualification, so each is looked up once."""

    def __init__(self, system: ExternalSystem) -> None:
        self.allowed_issuers = set(system.issuers.values_list("pk", flat=True))
        self.allowed_committees = set(system.committees.values_list("pk", flat=True))
        self.committee = lru_cache(maxsize=None)(resolve_committee)
        self.issuer = lru_cache(maxsize=None)(resolve_issuer)
        self._qualifications: dict[tuple, list[Qualification]] = {}

    def qualification(self, value: Any, *, committee: Committee, level: int | None) -> list[Qualification]:
        key = (value, committee.pk, level)
        if key not in self._qualifications:
            self._qualifications[key] = resolve_qualification(value, committee=committee, level=level)
        return self._qualifications[key]


def _holder_identity(i: int, h: Any) -> tuple[IdDocument, str]:
    """The item's identity document (GB 11643 for a 居民身份证) and name, checked."""
    try:
        document = validate_id_document(h.document_type, h.id_number, nationality=h.nationality or "")
    except ValidationError as exc:
        if exc.code == "nationality":
            raise item_error("invalid_nationality", i, "nationality", exc.messages[0]) from None
        raise item_error("invalid_id_number", i, "id_number", exc.messages[0]) from None
    try:
        name = validate_person_name(h.name, latin_allowed=name_may_be_latin(document.document_type))
    except ValidationError as exc:
        raise item_error("invalid_name", i, "name", exc.messages[0]) from None
    return document, name


def _holder_committee(i: int, h: Any, lookups: _Lookups) -> Committee:
    committee = lookups.committee(h.committee)
    if committee is None:
        raise item_error("unknown_committee", i, "committee")
    if committee.pk not in lookups.allowed_committees:
        raise item_error("committee_not_allowed", i, "committee", f"该对接系统无权使用评审委员会“{committee.name}”。")
    return committee


def _holder_issuer(i: int, h: Any, lookups: _Lookups) -> Organisation:
    issuer = lookups.issuer(h.issuer)
    if issuer is None:
        raise item_error("unknown_issuer", i, "issuer")
    if issuer.pk not in lookups.allowed_issuers:
        raise item_error("issuer_not_allowed", i, "issuer", f"该对接系统无权使用发证机关“{issuer.name}”。")
    return issuer


def _holder_qualification(i: int, h: Any, lookups: _Lookups, committee: Committee) -> Qualification:
    """The one qualification the item names, at the level it gives (if it gives one)."""
    level = resolve_level(h.level)
    if level == 0:
        raise item_error("level_mismatch", i, "level", "级别应为1至5或正高级、副高级、中级、助理级、员级。")
    candidates = lookups.qualification(h.qualification, committee=committee, level=level)
    if not candidates:
        raise item_error("unknown_qualification", i, "qualification")
    if len(candidates) > 1:
        raise item_error("ambiguous_qualification", i, "qualification")
    qualification = candidates[0]
    if level is not None and level != qualification.level:
        raise item_error(
            "level_mismatch", i, "level",
            f"资格“{qualification.name}”的级别是{qualification.get_level_display()}，与填写的级别不符。",
        )
    return qualification


def _check_award(i: int, committee: Committee, qualification: Qualification) -> None:
    """The committee evaluates the qualification's series, at its level."""
    if qualification.series_id != committee.series_id:
        raise item_error(
            "award_invalid", i, "committee", f"评审委员会“{committee.name}”不评审{qualification.series.name}系列。"
        )
    if not committee.max_level <= qualification.level <= committee.min_level:
        raise item_error(
            "award_invalid", i, "committee",
            f"评审委员会“{committee.name}”无权评审{qualification.get_level_display()}。",
        )


def _holder_specialty(i: int, h: Any, committee: Committee, qualification: Qualification) -> Specialty | None:
    """The item's specialty (None when it gives none): in the qualification's series, evaluated by the
    committee (a committee with no specialties listed evaluates them all)."""
    if not h.specialty:
        return None
    specialty = Specialty.objects.filter(series_id=qualification.series_id, name=h.specialty.strip()).first()
    if specialty is None:
        raise item_error("unknown_specialty", i, "specialty")
    allowed = set(committee.specialties.values_list("pk", flat=True))
    if allowed and specialty.pk not in allowed:
        raise item_error("award_invalid", i, "specialty", f"评审委员会“{committee.name}”不评审专业“{specialty.name}”。")
    return specialty


def _resolve_holder(i: int, h: Any, lookups: _Lookups) -> dict[str, Any]:
    """One item, checked in the documented order (the first failing check is the item's error)."""
    document, name = _holder_identity(i, h)
    committee = _holder_committee(i, h, lookups)
    issuer = _holder_issuer(i, h, lookups)
    qualification = _holder_qualification(i, h, lookups, committee)
    _check_award(i, committee, qualification)
    specialty = _holder_specialty(i, h, committee, qualification)
    return {
        "index": i, "ref": h.ref, "id_number": document.number, "document": document, "name": name,
        "committee": committee, "issuer": issuer, "qualification": qualification, "specialty": specialty,
    }


def _resolve_holders(*, system: ExternalSystem, holders: Sequence[Any]) -> list[dict[str, Any]]:
    """Every item resolved, or the ``ExchangeError`` of the first bad one; a holder may appear once per
    qualification in a batch (``duplicate_item``)."""
    lookups = _Lookups(system)
    resolved: list[dict[str, Any]] = []
    seen: dict[tuple, int] = {}
    for i, h in enumerate(holders):
        item = _resolve_holder(i, h, lookups)
        document = item["document"]
        pair = (document.document_type, document.nationality, item["id_number"], item["qualification"].pk)
        if pair in seen:
            raise item_error("duplicate_item", i, "id_number", f"与第{seen[pair] + 1}项的持证人及资格重复。")
        seen[pair] = i
        resolved.append(item)
    return resolved


def numbers_allocate(*, system: ExternalSystem, holders: Sequence[Any]) -> dict[str, Any]:
    """Certificate numbers for a list of holders, all or nothing (one transaction).

    Holders are grouped by (issuer, committee, qualification, specialty); each group gets one
    contiguous batch from the shared counters through ``certificates_allocate``.
    """
    resolved = _resolve_holders(system=system, holders=holders)
    year = timezone.localdate().year
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for item in resolved:
        key = (
            item["issuer"].pk,
            item["committee"].pk,
            item["qualification"].pk,
            getattr(item["specialty"], "pk", None),
        )
        groups.setdefault(key, []).append(item)
    with transaction.atomic():
        for items in groups.values():
            first = items[0]
            try:
                certificates = certificates_allocate(
                    holders=[
                        HolderData(
                            name=it["name"],
                            id_number=it["id_number"],
                            document_type=it["document"].document_type,
                            nationality=it["document"].nationality,
                        )
                        for it in items
                    ],
                    qualification=first["qualification"],
                    specialty=first["specialty"],
                    committee=first["committee"],
                    issuer=first["issuer"],
                    year=year,
                    source=system.name,
                    actor=None,
                )
            except ValidationError as exc:
                code = (
                    "serials_exhausted"
                    if getattr(exc, "code", "") == "certificate_serials_exhausted"
                    else "award_invalid"
                )
                raise item_error(code, first["index"], "holders", exc.messages[0]) from None
            bulk_insert(Allocation, [Allocation(system=system, certificate=c) for c in certificates])
            for item, certificate in zip(items, certificates, strict=True):
                item["certificate"] = certificate
    return {
        "year": year,
        "count": len(resolved),
        "items": [
            {
                "index": it["index"], "ref": it["ref"], "number": it["certificate"].number, "name": it["name"],
                "id_number_masked": mask_id_number(it["id_number"]), "document_type": str(it["document"].document_type),
                "qualification": it["qualification"].name,
                "level": it["qualification"].level, "committee": it["committee"].name, "issuer": it["issuer"].name,
            }
            for it in resolved
        ],
    }

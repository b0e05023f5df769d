"""Writes of the exchange app: managing external systems and tokens, and the API's changes.

The API's certificate work goes through the certificates app's services (same counters, same
rows, same audit); this module resolves what an external system sends, checks its scope, and
keeps every write idempotent (``idempotent_write``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_record
from zhicheng.catalog.constants import TitleLevel
from zhicheng.catalog.models import Committee, Qualification, Specialty
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.certificates.numbering import certificate_number_grouped, certificate_number_parse
from zhicheng.certificates.services import (
    HolderData,
    certificate_report_issued,
    certificate_void,
    certificates_allocate,
)
from zhicheng.common.bulk import bulk_insert, insert_unless_conflict
from zhicheng.common.id_documents import name_may_be_latin, validate_id_document
from zhicheng.common.masking import mask_id_number
from zhicheng.common.validators import normalize_identifier, validate_person_name
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

from .auth import token_digest, token_generate, token_prefix
from .errors import ApiError
from .models import Allocation, ApiToken, ExternalSystem, IdempotencyRecord, Scope
from .selectors import certificate_allocated_to

logger = logging.getLogger(__name__)

# -- management of external systems and tokens ----------------------------------------------------

_SYSTEM_FIELDS = ("name", "organisation", "scopes", "is_active", "expires_at", "contact", "note")


def _system_snapshot(system: ExternalSystem) -> dict[str, Any]:
    return {
        "name": system.name,
        "organisation": system.organisation.name if system.organisation_id else "",
        "scopes": list(system.scopes or []),
        "is_active": system.is_active,
        "expires_at": system.expires_at.isoformat() if system.expires_at else None,
        "contact": system.contact,
        "note": system.note,
        "issuers": sorted(system.issuers.values_list("name", flat=True)) if system.pk else [],
        "committees": sorted(c.name for c in system.committees.select_related("organisation")) if system.pk else [],
    }


def _check_issuers(issuers: Iterable[Organisation]) -> list[Organisation]:
    issuers = list(issuers)
    if any(o.kind != OrgKind.HR_BUREAU for o in issuers):
        raise ValidationError({"issuers": "发证机关只能是人社部门。"})
    return issuers


@transaction.atomic
def external_system_create(
    *, actor, name: str, organisation: Organisation, scopes: Sequence[str], issuers: Iterable[Organisation] = (),
    committees: Iterable[Committee] = (), is_active: bool = True, expires_at: dt.datetime | None = None,
    contact: str = "", note: str = "",
) -> ExternalSystem:
    """Register an external system (a city's or an industry's title system) that may call the API.

    Args:
        actor: the system administrator or exchange administrator doing it (audited).
        name: the system's name, unique; organisation: the HR bureau or body that runs it.
        scopes: ``Scope`` values it may use; issuers / committees: the bodies it may allocate numbers
            and report certificates for (issuers must be HR bureaus).
        expires_at: when its tokens stop working (aware datetime) or None.

    Returns the saved system. Raises ``ValidationError`` for a bad field or an issuer that is not an
    HR bureau. Audited as ``exchange.system.create`` with the whole record."""
    issuers = _check_issuers(issuers)
    system = ExternalSystem(
        name=name.strip(), organisation=organisation, scopes=list(scopes), is_active=is_active,
        expires_at=expires_at, contact=contact, note=note,
    )
    system.full_clean()
    system.save()
    system.issuers.set(issuers)
    system.committees.set(list(committees))
    audit_record(
        action="exchange.system.create", actor=actor, organisation=organisation, obj=system,
        object_label=system.audit_label, detail={"after": _system_snapshot(system)},
    )
    return system


@transaction.atomic
def external_system_update(
    *, actor, system: ExternalSystem, issuers: Iterable[Organisation] | None = None,
    committees: Iterable[Committee] | None = None, **fields: Any,
) -> ExternalSystem:
    """Change an external system's fields, issuers or committees (None leaves them as they are).

    ``fields`` are limited to the editable ones (``TypeError`` otherwise, a programming error). Raises
    ``ValidationError`` for a bad value. Audited as ``exchange.system.update`` with each changed field's
    before and after."""
    unknown = set(fields) - set(_SYSTEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    system = ExternalSystem.objects.select_for_update().get(pk=system.pk)
    before = _system_snapshot(system)
    for name, value in fields.items():
        setattr(system, name, value.strip() if name == "name" else value)
    system.full_clean()
    system.save()
    if issuers is not None:
        system.issuers.set(_check_issuers(issuers))
    if committees is not None:
        system.committees.set(list(committees))
    after = _system_snapshot(system)
    changed = {k: {"before": before[k], "after": after[k]} for k in after if before[k] != after[k]}
    audit_record(
        action="exchange.system.update", actor=actor, organisation=system.organisation, obj=system,
        object_label=system.audit_label, detail={"changed": changed},
    )
    return system


def _token_store(*, system: ExternalSystem, token: str, label: str, actor, expires_at: dt.datetime | None) -> ApiToken:
    api_token = ApiToken(
        system=system, label=label.strip(), prefix=token_prefix(token), digest=token_digest(token),
        created_by=actor if getattr(actor, "is_authenticated", False) else None, expires_at=expires_at,
    )
    api_token.full_clean()
    api_token.save()
    audit_record(
        action="exchange.token.issue", actor=actor, organisation=system.organisation, obj=system,
        object_label=system.audit_label,
        detail={"token": api_token.prefix + "…", "label": api_token.label,
                "expires_at": expires_at.isoformat() if expires_at else None},
    )
    return api_token


@transaction.atomic
def api_token_issue(
    *, actor, system: ExternalSystem, label: str = "", expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token; the plain value is returned this once and never stored."""
    token = token_generate()
    return _token_store(system=system, token=token, label=label, actor=actor, expires_at=expires_at), token


@transaction.atomic
def api_token_register(*, system: ExternalSystem, token: str, label: str, actor=None) -> ApiToken:
    """Store a token chosen by the caller (the published demo token); hashed like any other."""
    existing = ApiToken.objects.filter(digest=token_digest(token)).first()
    if existing is not None:
        if existing.system_id != system.pk:
            raise ValidationError("该令牌已属于另一对接系统。")
        return existing
    return _token_store(system=system, token=token, label=label, actor=actor, expires_at=None)


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke at once: the next call with it gets 401 ``token_revoked``."""
    token = ApiToken.objects.select_for_update().select_related("system__organisation").get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        action="exchange.token.revoke", actor=actor, organisation=token.system.organisation, obj=token.system,
        object_label=token.system.audit_label, detail={"token": token.prefix + "…", "label": token.label},
    )
    return token


# -- audit of API calls ----------------------------------------------------------------------------


def _endpoint(request) -> str:
    match = getattr(request, "resolver_match", None)
    route = f"/{match.route}" if match is not None and match.route else request.path
    return f"{request.method} {route}"


def api_action(request) -> str:
    """The audit action of an API request: ``api.<url name>`` (``api.call`` when it did not resolve)."""
    match = getattr(request, "resolver_match", None)
    name = match.url_name if match is not None else ""
    return f"api.{name}" if name else "api.call"


def api_call_audit(
    *, request, system: ExternalSystem, status: int, code: str = "", token: ApiToken | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """One audit row per API call: who (the system), what, the result. Never a full ID number."""
    if status < 400:
        result = AuditEvent.Result.SUCCESS
    elif status in (401, 403, 429):
        result = AuditEvent.Result.DENIED
    else:
        result = AuditEvent.Result.FAILURE
    token = token or getattr(request, "api_token", None)
    payload = {"endpoint": _endpoint(request), "status": status}
    if code:
        payload["code"] = code
    if token is not None:
        payload["token"] = token.prefix + "…"
    key = getattr(request, "idempotency_key", "")
    if key:
        payload["idempotency_key"] = key[:60]
    payload.update(detail or {})
    request.api_audited = True
    return audit_record(
        action=api_action(request), organisation=system.organisation, obj=system, object_label=system.audit_label,
        result=result, detail=payload,
    )


# -- idempotency -----------------------------------------------------------------------------------

_KEY_SHAPE = re.compile(r"^[\x21-\x7e]{1,200}$")


class _KeyTaken(Exception):
    pass


def request_hash(*, endpoint: str, payload: Any) -> str:
    """SHA-256 (hex) of an endpoint and its canonical JSON payload (sorted keys, no spaces).

    Two writes under one Idempotency-Key are the same request only if their hashes match; otherwise the
    second is 422 ``idempotency_key_reused`` (docs/api.md)."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{endpoint}\n{canonical}".encode()).hexdigest()


def idempotency_key_check(key: str | None) -> str:
    """Return the Idempotency-Key header of a write, checked: 1–200 printable ASCII characters.

    Raises ``ApiError("idempotency_key_missing")`` (400) when absent and
    ``ApiError("idempotency_key_invalid")`` (400) when malformed (docs/api.md, error catalogue)."""
    if key is None or key == "":
        raise ApiError("idempotency_key_missing")
    if not _KEY_SHAPE.match(key):
        raise ApiError("idempotency_key_invalid")
    return key


def _replay(record: IdempotencyRecord, wanted_hash: str) -> tuple[int, dict, bool]:
    if record.request_hash != wanted_hash:
        raise ApiError(
            "idempotency_key_reused",
            details={"first_used_at": timezone.localtime(record.created_at).isoformat(timespec="seconds"),
                     "endpoint": record.endpoint},
        )
    return record.status, record.body, True


def idempotent_write(
    *, system: ExternalSystem, key: str | None, endpoint: str, payload: Any,
    change: Callable[[], tuple[int, dict]],
) -> tuple[int, dict, bool]:
    """Run ``change`` once per (system, key): (status, body, replayed?).

    The record is inserted first, inside the same transaction as the change: a concurrent
    request with the same key waits on the unique index, then finds the committed record and
    gets the stored answer. An error rolls everything back, record included (a failed request
    does not use up its key). The same key with a different body is ``idempotency_key_reused``.
    """
    key = idempotency_key_check(key)
    wanted = request_hash(endpoint=endpoint, payload=payload)
    try:
        with transaction.atomic():
            # One statement claims the key: a replay finds it taken at once, a concurrent first
            # request makes this wait until that one commits (taken) or rolls back (ours).
            record = IdempotencyRecord(system=system, key=key, endpoint=endpoint, request_hash=wanted)
            if not insert_unless_conflict(record):
                raise _KeyTaken
            status, body = change()
            record.status = status
            record.body = body
            record.save(update_fields=["status", "body"])
    except _KeyTaken:
        existing = IdempotencyRecord.objects.filter(system=system, key=key).first()
        if existing is None or not existing.status:
            raise ApiError("idempotency_conflict") from None
        return _replay(existing, wanted)
    return status, body, False


def idempotency_records_prune(*, older_than_days: int | None = None, actor=None) -> int:
    """Delete the stored answers older than ``older_than_days`` (setting
    ``EXCHANGE_IDEMPOTENCY_DAYS``, 30 by default); after that a key counts as new. Audited."""
    days = older_than_days if older_than_days is not None else settings.EXCHANGE_IDEMPOTENCY_DAYS
    if days < 1:
        raise ValueError("keep idempotency records for at least one day")
    cutoff = timezone.now() - dt.timedelta(days=days)
    with transaction.atomic():
        deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
        audit_record(
            action="exchange.idempotency_prune", actor=actor, object_type="exchange.idempotencyrecord",
            detail={"older_than_days": days, "deleted": deleted},
        )
    return deleted


# -- resolving what an external system sends -------------------------------------------------------

_LEVEL_BY_LABEL = {str(label): value for value, label in TitleLevel.choices}


def _item_error(code: str, index: int, field: str, message: str | None = None, status: int | None = None) -> ApiError:
    base = message or ApiError(code).message
    return ApiError(code, f"第{index + 1}项（index={index}）：{base}", details={"index": index, "field": field},
                    status=status)


def _is_id(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 10)


def _resolve_committee(value: Any) -> Committee | None:
    qs = Committee.objects.select_related("organisation", "series")
    if _is_id(value):
        return qs.filter(pk=int(value)).first()
    return qs.filter(organisation__name=str(value).strip()).first()


def _resolve_issuer(value: str) -> Organisation | None:
    value = normalize_identifier(value)
    qs = Organisation.objects.filter(kind=OrgKind.HR_BUREAU, is_active=True)
    if len(value) == 6 and value.isascii() and value.isdigit():
        return qs.filter(region_id=value).first()
    if len(value) == 18:
        return qs.filter(credit_code=value).first()
    return None


def _resolve_level(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value if value in TitleLevel.values else 0
    value = str(value).strip()
    if value.isdigit():
        return int(value) if int(value) in TitleLevel.values else 0
    return _LEVEL_BY_LABEL.get(value, 0)


def _resolve_qualification(value: Any, *, committee: Committee, level: int | None) -> list[Qualification]:
    if _is_id(value):
        return list(Qualification.objects.select_related("series").filter(pk=int(value)))
    qs = Qualification.objects.select_related("series").filter(name=str(value).strip())
    if qs.count() > 1:
        qs = qs.filter(series_id=committee.series_id)
        if level and qs.count() > 1:
            qs = qs.filter(level=level)
    return list(qs)


# -- numbers:allocate --------------------------------------------------------------------------------


def _resolve_holders(*, system: ExternalSystem, holders: Sequence[Any]) -> list[dict[str, Any]]:
    allowed_issuers = set(system.issuers.values_list("pk", flat=True))
    allowed_committees = set(system.committees.values_list("pk", flat=True))
    resolved: list[dict[str, Any]] = []
    seen: dict[tuple[str, int], int] = {}
    # A batch usually repeats the same committee, issuer and qualification: look each up once.
    from functools import lru_cache

    resolve_committee = lru_cache(maxsize=None)(_resolve_committee)
    resolve_issuer = lru_cache(maxsize=None)(_resolve_issuer)
    qualification_memo: dict[tuple, list] = {}

    def resolve_qualification(value, *, committee, level):
        key = (value, committee.pk, level)
        if key not in qualification_memo:
            qualification_memo[key] = _resolve_qualification(value, committee=committee, level=level)
        return qualification_memo[key]

    for i, h in enumerate(holders):
        try:
            document = validate_id_document(h.document_type, h.id_number, nationality=h.nationality or "")
        except ValidationError as exc:
            if exc.code == "nationality":
                raise _item_error("invalid_nationality", i, "nationality", exc.messages[0]) from None
            raise _item_error("invalid_id_number", i, "id_number", exc.messages[0]) from None
        id_number = document.number
        try:
            name = validate_person_name(h.name, latin_allowed=name_may_be_latin(document.document_type))
        except ValidationError as exc:
            raise _item_error("invalid_name", i, "name", exc.messages[0]) from None
        committee = resolve_committee(h.committee)
        if committee is None:
            raise _item_error("unknown_committee", i, "committee")
        if committee.pk not in allowed_committees:
            raise _item_error("committee_not_allowed", i, "committee", f"该对接系统无权使用评审委员会“{committee.name}”。")
        issuer = resolve_issuer(h.issuer)
        if issuer is None:
            raise _item_error("unknown_issuer", i, "issuer")
        if issuer.pk not in allowed_issuers:
            raise _item_error("issuer_not_allowed", i, "issuer", f"该对接系统无权使用发证机关“{issuer.name}”。")
        level = _resolve_level(h.level)
        if level == 0:
            raise _item_error("level_mismatch", i, "level", "级别应为1至5或正高级、副高级、中级、助理级、员级。")
        candidates = resolve_qualification(h.qualification, committee=committee, level=level)
        if not candidates:
            raise _item_error("unknown_qualification", i, "qualification")
        if len(candidates) > 1:
            raise _item_error("ambiguous_qualification", i, "qualification")
        qualification = candidates[0]
        if level is not None and level != qualification.level:
            raise _item_error(
                "level_mismatch", i, "level",
                f"资格“{qualification.name}”的级别是{qualification.get_level_display()}，与填写的级别不符。",
            )
        if qualification.series_id != committee.series_id:
            raise _item_error("award_invalid", i, "committee", f"评审委员会“{committee.name}”不评审{qualification.series.name}系列。")
        if not committee.max_level <= qualification.level <= committee.min_level:
            raise _item_error(
                "award_invalid", i, "committee",
                f"评审委员会“{committee.name}”无权评审{qualification.get_level_display()}。",
            )
        specialty = None
        if h.specialty:
            specialty = Specialty.objects.filter(series_id=qualification.series_id, name=h.specialty.strip()).first()
            if specialty is None:
                raise _item_error("unknown_specialty", i, "specialty")
            allowed = set(committee.specialties.values_list("pk", flat=True))
            if allowed and specialty.pk not in allowed:
                raise _item_error("award_invalid", i, "specialty", f"评审委员会“{committee.name}”不评审专业“{specialty.name}”。")
        pair = (document.document_type, document.nationality, id_number, qualification.pk)
        if pair in seen:
            raise _item_error("duplicate_item", i, "id_number", f"与第{seen[pair] + 1}项的持证人及资格重复。")
        seen[pair] = i
        resolved.append({
            "index": i, "ref": h.ref, "id_number": id_number, "document": document, "name": name, "committee": committee,
            "issuer": issuer, "qualification": qualification, "specialty": specialty,
        })
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
        key = (item["issuer"].pk, item["committee"].pk, item["qualification"].pk, getattr(item["specialty"], "pk", None))
        groups.setdefault(key, []).append(item)
    with transaction.atomic():
        for items in groups.values():
            first = items[0]
            try:
                certificates = certificates_allocate(
                    holders=[
                        HolderData(name=it["name"], id_number=it["id_number"], document_type=it["document"].document_type,
                                   nationality=it["document"].nationality)
                        for it in items
                    ],
                    qualification=first["qualification"], specialty=first["specialty"], committee=first["committee"],
                    issuer=first["issuer"], year=year, source=system.name, actor=None,
                )
            except ValidationError as exc:
                code = "serials_exhausted" if getattr(exc, "code", "") == "certificate_serials_exhausted" else "award_invalid"
                raise _item_error(code, first["index"], "holders", exc.messages[0]) from None
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


# -- certificates:write ------------------------------------------------------------------------------


def certificate_out(certificate: Certificate) -> dict[str, Any]:
    """The API's representation of a certificate (docs/api.md, ``Certificate``): the holder's ID
    number only masked, codes with their Chinese labels, dates as ISO 8601 strings."""
    return {
        "number": certificate.number,
        "status": certificate.status,
        "status_label": str(certificate.get_status_display()),
        "holder_name": certificate.holder_name,
        "holder_id_number_masked": certificate.masked_holder_id_number,
        "holder_document_type": certificate.holder_id_type,
        "qualification": certificate.qualification.name,
        "series": certificate.series.name,
        "specialty": certificate.specialty.name if certificate.specialty_id else None,
        "level": certificate.level,
        "level_label": str(certificate.get_level_display()),
        "committee": certificate.committee.name if certificate.committee_id else None,
        "issuer": certificate.issuer.name,
        "issuer_region_code": certificate.issuer.region_id,
        "issued_on": certificate.issued_on.isoformat() if certificate.issued_on else None,
        "voided_at": certificate.voided_at.isoformat() if certificate.voided_at else None,
        "void_reason": certificate.void_reason,
        "source": certificate.source_label,
    }


def _parse_number(value: str, *, index: int | None = None) -> str:
    try:
        return certificate_number_parse(value).number
    except ValidationError as exc:
        if index is None:
            raise ApiError("invalid_certificate_number", exc.messages[0], details={"field": "number"}) from None
        raise _item_error("invalid_certificate_number", index, "number", exc.messages[0]) from None


def _allocated_or_404(*, system: ExternalSystem, number: str, index: int | None = None) -> Certificate:
    certificate = certificate_allocated_to(system=system, number=number)
    if certificate is None:
        if index is None:
            raise ApiError("certificate_not_found", details={"field": "number"})
        raise _item_error("certificate_not_found", index, "number")
    return certificate


def certificates_report(*, system: ExternalSystem, items: Sequence[Any]) -> dict[str, Any]:
    """The external system issued these certificates: they become valid and publicly verifiable."""
    today = timezone.localdate()
    checked = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        number = _parse_number(item.number, index=i)
        if number in seen:
            raise _item_error("duplicate_item", i, "number", f"与第{seen[number] + 1}项的证书编号重复。")
        seen[number] = i
        if item.issued_on > today:
            raise _item_error("issued_on_invalid", i, "issued_on", "发证日期不能晚于今天。")
        if item.issued_on.year != int(number[:4]):
            raise _item_error("issued_on_invalid", i, "issued_on", f"发证日期的年份应与证书编号年度（{number[:4]}）一致。")
        checked.append((i, number, item.issued_on))
    reported = []
    with transaction.atomic():
        for i, number, issued_on in checked:
            certificate = _allocated_or_404(system=system, number=number, index=i)
            if certificate.status != CertificateStatus.ALLOCATED:
                raise _item_error(
                    "certificate_already_reported", i, "number",
                    f"证书编号 {number} 当前状态为“{certificate.get_status_display()}”，不能报送发证。",
                )
            try:
                certificate = certificate_report_issued(certificate=certificate, issued_on=issued_on, actor=None)
            except ValidationError as exc:
                raise _item_error("certificate_already_reported", i, "number", exc.messages[0]) from None
            reported.append(certificate)
    return {"count": len(reported), "certificates": [certificate_out(c) for c in reported]}


def certificate_void_for_system(*, system: ExternalSystem, number: str, reason: str) -> dict[str, Any]:
    """The external system voids a number it was allocated (reported or not). The number is never reused."""
    number = _parse_number(number)
    reason = (reason or "").strip()
    if not reason:
        raise ApiError("validation_error", "请填写作废原因。", details={"field": "reason"})
    with transaction.atomic():
        certificate = _allocated_or_404(system=system, number=number)
        if certificate.status not in (CertificateStatus.ALLOCATED, CertificateStatus.VALID):
            raise ApiError(
                "certificate_not_voidable", f"证书编号 {number} 当前状态为“{certificate.get_status_display()}”，不能作废。",
                details={"field": "number", "status": certificate.status},
            )
        try:
            certificate = certificate_void(certificate=certificate, reason=reason, actor=None)
        except ValidationError as exc:
            if getattr(exc, "code", "") != "not_voidable":
                logger.warning("certificate_void refused %s: %s", certificate_number_grouped(number), exc.messages)
            message = exc.messages[0] if getattr(exc, "code", "") == "not_voidable" else None
            raise ApiError("certificate_not_voidable", message, details={"field": "number"}) from None
    return certificate_out(certificate)


def numbers_label(numbers: Iterable[str]) -> list[str]:
    """Certificate numbers grouped for reading in audit labels (``certificate_number_grouped``)."""
    return [certificate_number_grouped(n) for n in numbers]


__all__ = [
    "Scope", "api_call_audit", "api_token_issue", "api_token_register", "api_token_revoke",
    "certificate_out", "certificate_void_for_system", "certificates_report", "external_system_create",
    "external_system_update", "idempotent_write", "numbers_allocate",
]

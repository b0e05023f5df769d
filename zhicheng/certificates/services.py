"""Issuing, allocating, voiding and replacing certificates. Every change is audited.

Numbers are allocated inside the same transaction as the certificate row they go on, so a
rolled-back issue gives its serial back and the serials of each (year, issuer, level) run
000001, 000002, … without gaps (numbering.py, docs/decisions/0004-certificate-numbers.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.catalog.models import Committee, Qualification, Specialty
from zhicheng.common.bulk import bulk_insert
from zhicheng.common.cleaning import clean_fields_only
from zhicheng.common.id_documents import DEFAULT_DOCUMENT_TYPE, name_may_be_latin, validate_id_document
from zhicheng.common.kept import kept_forget_on_commit, kept_render_on_commit
from zhicheng.common.validators import validate_person_name
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

from .ecert import E_CERTIFICATE
from .models import SOURCE_THIS_SYSTEM, Certificate, CertificateStatus
from .numbering import certificate_number_build, certificate_number_grouped, serials_reserve
from .public_page import public_page_forget_on_commit


@dataclass(frozen=True)
class HolderData:
    """A holder as an external system reports one: name and ID number, maybe an account."""

    name: str
    id_number: str
    user: object | None = None
    document_type: str = DEFAULT_DOCUMENT_TYPE
    nationality: str = ""


def _check_issuer(issuer: Organisation) -> None:
    if issuer.kind != OrgKind.HR_BUREAU:
        raise ValidationError({"issuer": "发证机关必须是人社部门。"})


def _check_award(
    *, qualification: Qualification, specialty: Specialty | None, committee: Committee | None,
    recognising_bureau: Organisation | None,
) -> None:
    if specialty is not None and specialty.series_id != qualification.series_id:
        raise ValidationError({"specialty": "专业不属于该资格名称所在的系列。"})
    if committee is not None and recognising_bureau is not None:
        raise ValidationError("评审委员会与考核认定部门只能填写其一。")
    if committee is not None:
        if committee.series_id != qualification.series_id:
            raise ValidationError({"committee": "该评审委员会不评审此系列。"})
        if not committee.max_level <= qualification.level <= committee.min_level:
            raise ValidationError({"committee": "该评审委员会无权评审此级别。"})
    if recognising_bureau is not None and recognising_bureau.kind != OrgKind.HR_BUREAU:
        raise ValidationError({"recognising_bureau": "考核认定部门必须是人社部门。"})


def certificate_numbers_allocate(*, issuer: Organisation, level: int, year: int, count: int) -> list[str]:
    """A contiguous batch of ``count`` new numbers for (year, issuer, level), under one lock.

    The numbers are only reserved by the surrounding transaction: record each on a
    ``Certificate`` row (status allocated or valid) before it commits.
    """
    _check_issuer(issuer)
    with transaction.atomic(savepoint=False):  # all or nothing with the caller's transaction anyway
        first = serials_reserve(issuer=issuer, level=level, year=year, count=count)
        return [
            certificate_number_build(year=year, region_code=issuer.region_id, level=level, serial=serial)
            for serial in range(first, first + count)
        ]


def _certificate_new(
    *,
    number: str,
    year: int,
    status: str,
    holder,
    holder_name: str,
    holder_id_number: str,
    holder_id_type: str = DEFAULT_DOCUMENT_TYPE,
    holder_nationality: str = "",
    qualification: Qualification,
    specialty: Specialty | None,
    committee: Committee | None,
    recognising_bureau: Organisation | None,
    issuer: Organisation,
    issued_on: dt.date | None,
    case_id: int | None,
    source: str,
    replaces: Certificate | None = None,
) -> Certificate:
    certificate = Certificate(
        number=number,
        year=year,
        serial=int(number[11:17]),
        status=status,
        holder=holder,
        holder_name=holder_name,
        qualification=qualification,
        series_id=qualification.series_id,
        specialty=specialty,
        level=qualification.level,
        committee=committee,
        recognising_bureau=recognising_bureau,
        issuer=issuer,
        issued_on=issued_on,
        case_id=case_id,
        source=source,
        replaces=replaces,
    )
    certificate.set_holder_id_number(holder_id_number, holder_id_type, holder_nationality)
    # Related rows come from the calling service; foreign keys, uniqueness and check constraints
    # are the database's job (pre-validating them costs a query each).
    clean_fields_only(certificate)
    certificate.save(force_insert=True)
    return certificate


def _award_detail(certificate: Certificate) -> dict:
    return {
        "number": certificate_number_grouped(certificate.number),
        "holder_name": certificate.holder_name,
        "qualification": certificate.qualification.name,
        "level": certificate.level,
        "issuer": certificate.issuer.name,
        "issued_on": certificate.issued_on.isoformat() if certificate.issued_on else None,
        "case_id": certificate.case_id,
        "source": certificate.source_label,
    }


@transaction.atomic
def certificate_issue(
    *, holder, qualification: Qualification, specialty: Specialty | None, committee: Committee | None,
    issuer: Organisation, issued_on: dt.date, actor, case_id: int | None = None,
    recognising_bureau: Organisation | None = None, source: str = SOURCE_THIS_SYSTEM,
) -> Certificate:
    """Issue a valid certificate to an account holder, with a new number of ``issued_on``'s year."""
    _check_issuer(issuer)
    _check_award(
        qualification=qualification, specialty=specialty, committee=committee, recognising_bureau=recognising_bureau
    )
    if holder is None or not holder.id_number:
        raise ValidationError({"holder": "持证人须有已实名的账号。"})
    (number,) = certificate_numbers_allocate(issuer=issuer, level=qualification.level, year=issued_on.year, count=1)
    certificate = _certificate_new(
        number=number, year=issued_on.year, status=CertificateStatus.VALID, holder=holder,
        holder_name=holder.real_name, holder_id_number=holder.id_number, holder_id_type=holder.id_document_type,
        holder_nationality=holder.nationality, qualification=qualification,
        specialty=specialty, committee=committee, recognising_bureau=recognising_bureau, issuer=issuer,
        issued_on=issued_on, case_id=case_id, source=source,
    )
    audit_record(
        action="certificate.issue", actor=actor, organisation=issuer, obj=certificate,
        object_label=certificate.audit_label, detail=_award_detail(certificate),
    )
    kept_render_on_commit(kind=E_CERTIFICATE, object_id=certificate.pk)  # the e-certificate, by the worker
    return certificate


@transaction.atomic
def certificates_allocate(
    *, holders: Sequence[HolderData], qualification: Qualification, specialty: Specialty | None,
    committee: Committee | None, issuer: Organisation, year: int, source: str, actor,
    recognising_bureau: Organisation | None = None,
) -> list[Certificate]:
    """Numbers for an external system's holders, one contiguous batch, each bound to its holder.

    The rows are ``allocated`` (invisible to public verification) until the external system
    reports the certificate issued (``certificate_report_issued``) or the number voided.
    """
    if not holders:
        raise ValidationError("至少需要一名持证人。")
    if not source:
        raise ValidationError({"source": "请注明申请编号的对接系统。"})
    _check_issuer(issuer)
    _check_award(
        qualification=qualification, specialty=specialty, committee=committee, recognising_bureau=recognising_bureau
    )
    from zhicheng.accounts.models import accounts_by_document_digest, id_digest

    name_field = Certificate._meta.get_field("holder_name")
    checked = []
    for i, item in enumerate(holders, start=1):
        try:
            document = validate_id_document(item.document_type, item.id_number, nationality=item.nationality)
        except ValidationError as exc:
            raise ValidationError({"holders": f"第{i}名持证人：{exc.messages[0]}"}) from None
        id_number = document.number
        try:
            name = validate_person_name(item.name, latin_allowed=name_may_be_latin(document.document_type))
        except ValidationError as exc:
            raise ValidationError({"holders": f"第{i}名持证人：{exc.messages[0]}"}) from None
        if len(name) > name_field.max_length:
            raise ValidationError({"holders": f"第{i}名持证人：姓名不能超过{name_field.max_length}个字。"})
        checked.append((item, document, name, id_digest(id_number, document.document_type, document.nationality)))
    # Everything that does not need the numbers comes first: the counter row stays locked from
    # the moment the numbers are reserved until the transaction commits, and every other batch
    # for the same issuer and level waits for it (docs/benchmarks.md, API batches).
    # Two queries for the holders' accounts (own or linked document), one INSERT for the batch.
    accounts = accounts_by_document_digest([digest for *_, digest in checked])
    certificates = []
    for item, document, name, digest in checked:
        certificate = Certificate(
            number="", year=year, serial=1, status=CertificateStatus.ALLOCATED,
            holder=item.user or accounts.get(digest), holder_name=name,
            qualification=qualification, series_id=qualification.series_id, specialty=specialty,
            level=qualification.level, committee=committee, recognising_bureau=recognising_bureau,
            issuer=issuer, issued_on=None, case_id=None, source=source,
        )
        certificate.holder_id_number, certificate.holder_id_digest = document.number, digest
        certificate.holder_id_type, certificate.holder_nationality = document.document_type, document.nationality
        certificates.append(certificate)
    # Every row of the batch differs only in the holder (checked above) and its number (built
    # valid by certificate_number_build): the other fields are validated once, on the first row.
    # Related objects were checked by _check_issuer/_check_award; check constraints are enforced
    # by the INSERT itself (validating them here costs a query each).
    fk_fields = [
        "holder",
        "qualification",
        "series",
        "specialty",
        "committee",
        "recognising_bureau",
        "issuer",
        "replaces",
    ]
    certificates[0].full_clean(
        exclude=[*fk_fields, "number", "serial"], validate_unique=False, validate_constraints=False
    )
    numbers = certificate_numbers_allocate(issuer=issuer, level=qualification.level, year=year, count=len(holders))
    for certificate, number in zip(certificates, numbers, strict=True):
        certificate.number, certificate.serial = number, int(number[11:17])
    bulk_insert(Certificate, certificates)  # one INSERT, values prepared before the lock (common/bulk.py)
    audit_record(
        action="certificate.allocate",
        actor=actor,
        organisation=issuer,
        object_type="certificates.certificate",
        object_id=str(certificates[0].pk) if len(certificates) == 1 else f"{certificates[0].pk}..{certificates[-1].pk}",
        object_label="…".join(dict.fromkeys(certificate_number_grouped(n) for n in (numbers[0], numbers[-1]))),
        detail={
            "numbers": [certificate_number_grouped(n) for n in numbers],
            "source": source,
            "qualification": qualification.name,
            "year": year,
        },
    )
    return certificates


@transaction.atomic
def certificate_report_issued(*, certificate: Certificate, issued_on: dt.date, actor) -> Certificate:
    """An external system reports that it issued the certificate for an allocated number."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != CertificateStatus.ALLOCATED:
        raise ValidationError("该证书编号已报送发证或已作废，不能重复报送。", code="not_allocated")
    certificate.status = CertificateStatus.VALID
    certificate.issued_on = issued_on
    certificate.full_clean(validate_unique=False)
    certificate.save(update_fields=["status", "issued_on"])
    public_page_forget_on_commit(certificate)
    kept_render_on_commit(kind=E_CERTIFICATE, object_id=certificate.pk)
    audit_record(
        action="certificate.report_issued", actor=actor, organisation=certificate.issuer, obj=certificate,
        object_label=certificate.audit_label, detail=_award_detail(certificate),
    )
    return certificate


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写原因。"})
    if len(reason) > 200:
        raise ValidationError({"reason": "原因不能超过200字。"})
    return reason


def _status_save(certificate: Certificate, *, status: str, reason: str, voided_at, voided_by) -> None:
    """Save ``certificate``'s status and its ending fields (validated), and drop its kept public page after commit."""
    certificate.status = status
    certificate.void_reason = reason
    certificate.voided_at = voided_at
    certificate.voided_by = voided_by
    certificate.full_clean(validate_unique=False)
    certificate.save(update_fields=["status", "void_reason", "voided_at", "voided_by"])
    public_page_forget_on_commit(certificate)


def _status_end(certificate: Certificate, *, status: str, reason: str, actor) -> None:
    """End ``certificate`` (voided, replaced, revoked) now, by ``actor`` (kept only when a signed-in user); its
    kept e-certificate PDF is deleted after commit (an ended certificate is not downloadable, and no copy of
    it is left in storage)."""
    _status_save(certificate, status=status, reason=reason, voided_at=timezone.now(),
                 voided_by=actor if getattr(actor, "is_authenticated", False) else None)
    kept_forget_on_commit(kind=E_CERTIFICATE, object_id=certificate.pk)


@transaction.atomic
def certificate_void(*, certificate: Certificate, reason: str, actor) -> Certificate:
    """Void a certificate (or an allocated number). It keeps its number; numbers are never reused."""
    reason = _clean_reason(reason)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status not in (CertificateStatus.VALID, CertificateStatus.ALLOCATED):
        raise ValidationError(f"该证书当前状态为“{certificate.get_status_display()}”，不能作废。", code="not_voidable")
    before = certificate.status
    _status_end(certificate, status=CertificateStatus.VOIDED, reason=reason, actor=actor)
    audit_record(
        action="certificate.void",
        actor=actor,
        organisation=certificate.issuer,
        obj=certificate,
        object_label=certificate.audit_label,
        detail={
            "number": certificate_number_grouped(certificate.number),
            "reason": reason,
            "before": before,
            "after": certificate.status,
        },
    )
    return certificate


@transaction.atomic
def certificate_replace(
    *, certificate: Certificate, actor, reason: str, issued_on: dt.date | None = None
) -> Certificate:
    """补换发: a new certificate with a new number replaces a valid one, whose status becomes replaced."""
    reason = _clean_reason(reason)
    original = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if original.status != CertificateStatus.VALID:
        raise ValidationError(
            f"该证书当前状态为“{original.get_status_display()}”，只有有效证书可以补换发。", code="not_replaceable"
        )
    issued_on = issued_on or timezone.localdate()
    _status_end(original, status=CertificateStatus.REPLACED, reason=reason, actor=actor)
    (number,) = certificate_numbers_allocate(
        issuer=original.issuer, level=original.level, year=issued_on.year, count=1
    )
    replacement = _certificate_new(
        number=number, year=issued_on.year, status=CertificateStatus.VALID, holder=original.holder,
        holder_name=original.holder_name, holder_id_number=original.holder_id_number,
        holder_id_type=original.holder_id_type, holder_nationality=original.holder_nationality,
        qualification=original.qualification, specialty=original.specialty, committee=original.committee,
        recognising_bureau=original.recognising_bureau, issuer=original.issuer, issued_on=issued_on,
        case_id=original.case_id, source=SOURCE_THIS_SYSTEM, replaces=original,
    )
    audit_record(
        action="certificate.replace", actor=actor, organisation=original.issuer, obj=original,
        object_label=original.audit_label,
        detail={
            "number": certificate_number_grouped(original.number),
            "replacement": certificate_number_grouped(replacement.number),
            "reason": reason,
        },
    )
    audit_record(
        action="certificate.issue",
        actor=actor,
        organisation=original.issuer,
        obj=replacement,
        object_label=replacement.audit_label,
        detail={**_award_detail(replacement), "replaces": certificate_number_grouped(original.number)},
    )
    kept_render_on_commit(kind=E_CERTIFICATE, object_id=replacement.pk)
    return replacement


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, actor, organisation: Organisation | None = None,
                       detail: dict | None = None) -> Certificate:
    """撤销 a valid certificate for cause (an integrity finding, ``zhicheng.integrity``).

    Args:
        certificate: an issued certificate whose status is ``valid``.
        reason: the public reason (≤200 characters), shown on public verification beside 已撤销 — say
            what was found and the rule, never personal data.
        actor: who records it; organisation: the office acting (the audit row's organisation; default the
            issuer); detail: extra JSON-safe facts for the audit row (e.g. the finding's id).

    The certificate keeps its number (numbers are never reused); the kept public page is dropped
    after commit. Audited ``certificate.revoke``. Raises ``ValidationError`` (code ``not_revocable``)
    when the certificate is not valid, ``ValidationError({"reason": …})`` for an empty or long reason.
    Rule: 《职称评审管理暂行规定》（人社部令第40号）第四十条 — a title obtained by fraud is revoked.
    """
    reason = _clean_reason(reason)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != CertificateStatus.VALID:
        raise ValidationError(
            f"该证书当前状态为“{certificate.get_status_display()}”，只有有效证书可以撤销。", code="not_revocable"
        )
    _status_end(certificate, status=CertificateStatus.REVOKED, reason=reason, actor=actor)
    audit_record(
        action="certificate.revoke", actor=actor, organisation=organisation or certificate.issuer, obj=certificate,
        object_label=certificate.audit_label,
        detail={"number": certificate_number_grouped(certificate.number), "reason": reason,
                "before": CertificateStatus.VALID, "after": certificate.status, **(detail or {})},
    )
    return certificate


@transaction.atomic
def certificate_reinstate(*, certificate: Certificate, reason: str, actor, organisation: Organisation | None = None,
                          detail: dict | None = None) -> Certificate:
    """Undo a revocation (恢复) when the finding that caused it is withdrawn (an objection upheld).

    Only a ``revoked`` certificate can be reinstated; it becomes ``valid`` again and its ending fields
    are cleared (the revocation stays in the audit trail). ``reason`` (why, ≤200 characters) is audited
    ``certificate.reinstate``. Raises ``ValidationError`` (code ``not_revoked``) otherwise.
    """
    reason = _clean_reason(reason)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != CertificateStatus.REVOKED:
        raise ValidationError(f"该证书当前状态为“{certificate.get_status_display()}”，不能恢复。", code="not_revoked")
    revoked_reason = certificate.void_reason
    _status_save(certificate, status=CertificateStatus.VALID, reason="", voided_at=None, voided_by=None)
    audit_record(
        action="certificate.reinstate", actor=actor, organisation=organisation or certificate.issuer, obj=certificate,
        object_label=certificate.audit_label,
        detail={"number": certificate_number_grouped(certificate.number), "reason": reason,
                "revoked_reason": revoked_reason, "before": CertificateStatus.REVOKED, "after": certificate.status,
                **(detail or {})},
    )
    return certificate

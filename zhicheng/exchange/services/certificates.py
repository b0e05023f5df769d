"""``certificates:write`` (report issued certificates, void numbers) and the API's view of a certificate.

The work goes through the certificates app's services (same rows, same audit); this module checks
that the numbers were allocated to the calling system and that the batch is consistent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.certificates.numbering import certificate_number_grouped, certificate_number_parse
from zhicheng.certificates.services import certificate_report_issued, certificate_void

from ..models import ExternalSystem
from ..selectors import certificate_allocated_to
from .errors import ExchangeError, item_error

logger = logging.getLogger(__name__)


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
    """The number in its normal form; the error names the item when ``index`` is given."""
    try:
        return certificate_number_parse(value).number
    except ValidationError as exc:
        if index is None:
            raise ExchangeError("invalid_certificate_number", exc.messages[0], details={"field": "number"}) from None
        raise item_error("invalid_certificate_number", index, "number", exc.messages[0]) from None


def _allocated_or_404(*, system: ExternalSystem, number: str, index: int | None = None) -> Certificate:
    """The certificate of a number allocated to ``system`` (``certificate_not_found`` otherwise)."""
    certificate = certificate_allocated_to(system=system, number=number)
    if certificate is None:
        if index is None:
            raise ExchangeError("certificate_not_found", details={"field": "number"})
        raise item_error("certificate_not_found", index, "number")
    return certificate


def certificates_report(*, system: ExternalSystem, items: Sequence[Any]) -> dict[str, Any]:
    """The external system issued these certificates: they become valid and publicly verifiable.

    Args:
        system: the calling system; only numbers allocated to it (``Allocation``) may be reported.
        items: objects with ``number`` (a certificate number, any accepted spelling) and ``issued_on``
            (a date, not after today, in the number's year).

    Returns ``{"count": n, "certificates": [certificate_out(...), ...]}`` in the order of ``items``.
    All or nothing (one transaction). Raises ``ExchangeError`` for the first bad item, ``details``
    ``{"index", "field"}``: ``invalid_certificate_number``, ``duplicate_item``, ``issued_on_invalid``,
    ``certificate_not_found`` (not allocated to this system), ``certificate_already_reported``.
    """
    today = timezone.localdate()
    checked = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        number = _parse_number(item.number, index=i)
        if number in seen:
            raise item_error("duplicate_item", i, "number", f"与第{seen[number] + 1}项的证书编号重复。")
        seen[number] = i
        if item.issued_on > today:
            raise item_error("issued_on_invalid", i, "issued_on", "发证日期不能晚于今天。")
        if item.issued_on.year != int(number[:4]):
            raise item_error(
                "issued_on_invalid", i, "issued_on", f"发证日期的年份应与证书编号年度（{number[:4]}）一致。"
            )
        checked.append((i, number, item.issued_on))
    reported = []
    with transaction.atomic():
        for i, number, issued_on in checked:
            certificate = _allocated_or_404(system=system, number=number, index=i)
            if certificate.status != CertificateStatus.ALLOCATED:
                raise item_error(
                    "certificate_already_reported", i, "number",
                    f"证书编号 {number} 当前状态为“{certificate.get_status_display()}”，不能报送发证。",
                )
            try:
                certificate = certificate_report_issued(certificate=certificate, issued_on=issued_on, actor=None)
            except ValidationError as exc:
                raise item_error("certificate_already_reported", i, "number", exc.messages[0]) from None
            reported.append(certificate)
    return {"count": len(reported), "certificates": [certificate_out(c) for c in reported]}


def certificate_void_for_system(*, system: ExternalSystem, number: str, reason: str) -> dict[str, Any]:
    """The external system voids a number it was allocated (reported or not). The number is never reused.

    Args:
        system: the calling system; number: the certificate number; reason: why (required, stripped).

    Returns ``certificate_out`` of the voided certificate. Raises ``ExchangeError``:
    ``invalid_certificate_number``, ``validation_error`` (no reason), ``certificate_not_found`` (not
    allocated to this system), ``certificate_not_voidable`` (already void or revoked).
    """
    number = _parse_number(number)
    reason = (reason or "").strip()
    if not reason:
        raise ExchangeError("validation_error", "请填写作废原因。", details={"field": "reason"})
    with transaction.atomic():
        certificate = _allocated_or_404(system=system, number=number)
        if certificate.status not in (CertificateStatus.ALLOCATED, CertificateStatus.VALID):
            raise ExchangeError(
                "certificate_not_voidable",
                f"证书编号 {number} 当前状态为“{certificate.get_status_display()}”，不能作废。",
                details={"field": "number", "status": certificate.status},
            )
        try:
            certificate = certificate_void(certificate=certificate, reason=reason, actor=None)
        except ValidationError as exc:
            if getattr(exc, "code", "") != "not_voidable":
                logger.warning("certificate_void refused %s: %s", certificate_number_grouped(number), exc.messages)
            message = exc.messages[0] if getattr(exc, "code", "") == "not_voidable" else None
            raise ExchangeError("certificate_not_voidable", message, details={"field": "number"}) from None
    return certificate_out(certificate)


def numbers_label(numbers: Iterable[str]) -> list[str]:
    """Certificate numbers grouped for reading in audit labels (``certificate_number_grouped``)."""
    return [certificate_number_grouped(n) for n in numbers]

"""Sample certificates, issued through ``certificates.services``: shared by the demo and the tests' world
(decision 0036), which say who holds them. Idempotent: a holder who has the qualification keeps it.

* ``recognised_certificate_issue``: 助理工程师 (建筑工程) by recognition of 河源市人社局, issued 2019-12-20;
* ``external_certificates_load``: 工程师 (电力工程) numbers from the external 广东省电力行业 committee,
  allocated to 广东电网职称评审管理系统, each reported issued on its date or not yet reported;
* ``certificate_ended_on``: date an ended certificate (voided, replaced, revoked) on the day of the
  decision that ended it, for samples whose decision is dated in the past (the services stamp now).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhicheng.accounts.models import id_digest
from zhicheng.catalog.models import Committee, Qualification, Specialty
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.certificates.public_page import public_page_forget_on_commit
from zhicheng.certificates.services import (
    HolderData,
    certificate_issue,
    certificate_report_issued,
    certificates_allocate,
)
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

EXTERNAL_SYSTEM = "广东电网职称评审管理系统"
POWER_COMMITTEE = "广东省电力行业工程技术人才职称评审委员会"


def _bureau(region_code: str) -> Organisation:
    return Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id=region_code)


def _exists(id_number: str, qualification: Qualification) -> bool:
    return Certificate.objects.filter(holder_id_digest=id_digest(id_number), qualification=qualification).exists()


def recognised_certificate_issue(*, holder) -> int:
    """Issue ``holder`` (a user) 助理工程师 (工程·建筑工程) recognised by 河源市人社局 on 2019-12-20 unless
    they hold it; returns how many were created (0 or 1)."""
    assistant = Qualification.objects.get(series__code="engineering", name="助理工程师")
    if _exists(holder.id_number, assistant):
        return 0
    heyuan = _bureau("441600")
    certificate_issue(
        holder=holder, qualification=assistant,
        specialty=Specialty.objects.get(series__code="engineering", name="建筑工程"), committee=None,
        recognising_bureau=heyuan, issuer=heyuan, issued_on=dt.date(2019, 12, 20), actor=None,
    )
    return 1


def external_certificates_load(holders: list[tuple[str, str, dt.date | None]]) -> int:
    """For each ``(name, ID number, issued on or None)`` of ``holders`` (people with no account) without a
    工程师 certificate: a 工程师 (电力工程) number of ``POWER_COMMITTEE`` issued by the province, allocated to
    ``EXTERNAL_SYSTEM`` and, with a date, reported issued that day. Returns how many were created."""
    engineer = Qualification.objects.get(series__code="engineering", name="工程师")
    committee = Committee.objects.get(organisation__name=POWER_COMMITTEE)
    power = Specialty.objects.get(series__code="engineering", name="电力工程")
    created = 0
    for name, id_number, issued_on in holders:
        if _exists(id_number, engineer):
            continue
        (certificate,) = certificates_allocate(
            holders=[HolderData(name=name, id_number=id_number)], qualification=engineer, specialty=power,
            committee=committee, issuer=_bureau("440000"), year=(issued_on or dt.date(2025, 1, 1)).year,
            source=EXTERNAL_SYSTEM, actor=None,
        )
        if issued_on:
            certificate_report_issued(certificate=certificate, issued_on=issued_on, actor=None)
        created += 1
    return created


def certificate_ended_on(*, certificate: Certificate, on_date: dt.date) -> Certificate:
    """Date the end of ``certificate`` (voided, replaced or revoked through the services, which stamp now)
    on ``on_date``, the day of the decision that ended it, so that every page giving the date of the
    decision and of the end agrees (verification: "该证书已于…撤销"). Noon local time; the kept public page
    is dropped after commit. A sample builder only: the services never backdate. Returns the certificate."""
    if certificate.status not in (CertificateStatus.VOIDED, CertificateStatus.REPLACED, CertificateStatus.REVOKED):
        raise ValueError("只有已结束的证书才有结束日期。")
    certificate.voided_at = timezone.make_aware(dt.datetime.combine(on_date, dt.time(12)))
    Certificate.objects.filter(pk=certificate.pk).update(voided_at=certificate.voided_at)
    public_page_forget_on_commit(certificate)
    return certificate

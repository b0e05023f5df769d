"""Certificates of the test world, issued through ``certificates.services``. Idempotent.

* 王建国 (``applicant_c``): 助理工程师 (建筑工程) by recognition of 河源市人社局, issued 2019-12-20.
* 林振华 (no account): 工程师 (电力工程) from the external 广东省电力行业 committee, number
  allocated to 广东电网职称评审管理系统 and reported issued on 2024-12-18.
* 陈晓燕 (no account): a number allocated to the same external system, not yet reported.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tests.world.cast import make_id_number, person
from zhicheng.accounts.models import id_digest
from zhicheng.catalog.models import Committee, Qualification, Specialty
from zhicheng.certificates.models import Certificate
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
EXTERNAL_HOLDERS = [
    ("林振华", make_id_number("440106", "19860412", "017"), dt.date(2024, 12, 18)),
    ("陈晓燕", make_id_number("440111", "19900823", "028"), None),
]


def _bureau(region_code: str) -> Organisation:
    return Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id=region_code)


def _exists(id_number: str, qualification: Qualification) -> bool:
    return Certificate.objects.filter(holder_id_digest=id_digest(id_number), qualification=qualification).exists()


@transaction.atomic
def certificates_load() -> int:
    """Issue the test world's certificates that do not exist yet; return how many were created."""
    from zhicheng.accounts.models import User

    created = 0
    assistant = Qualification.objects.get(series__code="engineering", name="助理工程师")
    engineer = Qualification.objects.get(series__code="engineering", name="工程师")
    applicant_c = User.objects.get_by_id_number(person("applicant_c").id_number)
    if not _exists(applicant_c.id_number, assistant):
        heyuan = _bureau("441600")
        certificate_issue(
            holder=applicant_c, qualification=assistant,
            specialty=Specialty.objects.get(series__code="engineering", name="建筑工程"), committee=None,
            recognising_bureau=heyuan, issuer=heyuan, issued_on=dt.date(2019, 12, 20), actor=None,
        )
        created += 1
    committee = Committee.objects.get(organisation__name=POWER_COMMITTEE)
    power = Specialty.objects.get(series__code="engineering", name="电力工程")
    for name, id_number, issued_on in EXTERNAL_HOLDERS:
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

"""An integrity record (诚信档案) of the test world, through the services. Idempotent.

* 周德明 (an account with no profile): 工程师 (建筑工程) by recognition of 河源市人社局, issued 2022-12-20,
  revoked by a finding of 河源市人社局 (吴刚, ``hr_reviewer``) recorded on 2025-06-10 — forged degree
  certificate; he may not apply until 2028-06-10.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tests.world.cast import PASSWORD, make_id_number, person
from zhicheng.catalog.models import Qualification, Specialty
from zhicheng.certificates.services import certificate_issue
from zhicheng.integrity.models import IntegrityFinding
from zhicheng.integrity.services import finding_record
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

SUBJECT_NAME = "周德明"
SUBJECT_ID_NUMBER = make_id_number("441602", "19850618", "046")
SUBJECT_PHONE = "13800000009"
#: What the evidence file holds: a one-page PDF standing for the school's reply.
EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@transaction.atomic
def integrity_load() -> int:
    """The finding and its revoked certificate, unless present; returns how many findings were created."""
    from zhicheng.accounts.models import User, id_digest

    subject = User.objects.filter(id_number_digest=id_digest(SUBJECT_ID_NUMBER)).first()
    if subject is not None and IntegrityFinding.objects.filter(subject=subject).exists():
        return 0
    if subject is None:
        subject = User(real_name=SUBJECT_NAME)
        subject.set_id_number(SUBJECT_ID_NUMBER)
        subject.set_phone(SUBJECT_PHONE)
        subject.set_password(PASSWORD)
        subject.save()
    heyuan = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id="441600")
    certificate = certificate_issue(
        holder=subject, qualification=Qualification.objects.get(series__code="engineering", name="工程师"),
        specialty=Specialty.objects.get(series__code="engineering", name="建筑工程"), committee=None,
        recognising_bureau=heyuan, issuer=heyuan, issued_on=dt.date(2022, 12, 20), actor=None,
    )
    reviewer = User.objects.get_by_id_number(person("hr_reviewer").id_number)
    finding_record(
        actor=reviewer, office=heyuan, subject=subject, kind="forged_material",
        facts="经向发证院校核实，2022年考核认定时提交的本科毕业证书系伪造，学校无该生学籍记录。",
        evidence=SimpleUploadedFile("学历核查回函.pdf", EVIDENCE, content_type="application/pdf"),
        decided_on=dt.date(2025, 6, 10), certificates=[certificate],
    )
    return 1

"""A sample integrity record (诚信档案), through the services: shared by the demo and the tests' world
(decision 0036), which say who the subject is and who records the finding.

``finding_sample_record``: a 工程师 (建筑工程) certificate recognised by 河源市人社局 on 2022-12-20, revoked
by a finding of 河源市人社局 recorded on 2025-06-10 (forged degree certificate: no application until
2028-06-10; the certificate's 撤销 dated that day), with a one-page PDF standing for the school's reply as
evidence. Idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.catalog.models import Qualification, Specialty
from zhicheng.certificates.models import Certificate
from zhicheng.certificates.samples import certificate_ended_on
from zhicheng.certificates.services import certificate_issue
from zhicheng.integrity.models import IntegrityFinding
from zhicheng.integrity.services import finding_record
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

#: What the evidence file holds: a one-page PDF standing for the school's reply.
EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FACTS = "经向发证院校核实，2022年考核认定时提交的本科毕业证书系伪造，学校无该生学籍记录。"


def finding_sample_record(*, name: str, id_number: str, phone: str, password: str, reviewer) -> int:
    """Record the finding against the person ``id_number`` (an account is made with ``name``, ``phone`` and
    ``password`` if there is none), as ``reviewer`` (a reviewer of 河源市人社局), with the certificate it
    revokes. Returns 1, or 0 when the person already has a finding (nothing is done)."""
    from zhicheng.accounts.models import User, id_digest

    subject = User.objects.filter(id_number_digest=id_digest(id_number)).first()
    if subject is not None and IntegrityFinding.objects.filter(subject=subject).exists():
        return 0
    if subject is None:
        subject = User(real_name=name)
        subject.set_id_number(id_number)
        subject.set_phone(phone)
        subject.set_password(password)
        subject.save()
    heyuan = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id="441600")
    certificate = certificate_issue(
        holder=subject, qualification=Qualification.objects.get(series__code="engineering", name="工程师"),
        specialty=Specialty.objects.get(series__code="engineering", name="建筑工程"), committee=None,
        recognising_bureau=heyuan, issuer=heyuan, issued_on=dt.date(2022, 12, 20), actor=None,
    )
    finding = finding_record(
        actor=reviewer, office=heyuan, subject=subject, kind="forged_material", facts=FACTS,
        evidence=SimpleUploadedFile("学历核查回函.pdf", EVIDENCE, content_type="application/pdf"),
        decided_on=dt.date(2025, 6, 10), certificates=[certificate],
    )
    # revoked by the decision of that day, not on the day the sample is loaded
    certificate_ended_on(certificate=Certificate.objects.get(pk=certificate.pk), on_date=finding.decided_on)
    return 1

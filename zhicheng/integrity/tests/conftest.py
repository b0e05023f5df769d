"""王建国 (applicant C, stored at 龙川县城乡建设投资有限公司, 河源市) with a certificate issued by 河源市人社局, and
helpers to record a finding about him."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def evidence(name: str = "核查函.pdf", content: bytes = PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def stored_c(cast):
    from tests.world.profiles import profiles_load

    profiles_load()
    return cast["applicant_c"]


@pytest.fixture
def heyuan(db):
    from zhicheng.orgs.models import Organisation

    return Organisation.objects.get(kind="hr_bureau", region_id="441600")


@pytest.fixture
def cert_c(stored_c, heyuan):
    from zhicheng.catalog.models import Qualification, Specialty
    from zhicheng.certificates.services import certificate_issue

    return certificate_issue(
        holder=stored_c, qualification=Qualification.objects.get(name="工程师", series__code="engineering"),
        specialty=Specialty.objects.get(series__code="engineering", name="建筑工程"), committee=None,
        recognising_bureau=heyuan, issuer=heyuan, issued_on=dt.date(2024, 6, 1), actor=None,
    )


def record(*, actor, office, subject, certificates=(), decided_on=None, **kwargs):
    from zhicheng.integrity.services import finding_record

    defaults = {"kind": "forged_material", "facts": "经向发证院校核实，申报时提交的本科毕业证书系伪造。",
                "evidence": evidence()}
    defaults.update(kwargs)
    return finding_record(actor=actor, office=office, subject=subject, certificates=list(certificates),
                          decided_on=decided_on, **defaults)

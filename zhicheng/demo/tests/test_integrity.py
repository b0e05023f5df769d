import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zhicheng.certificates.models import CertificateStatus
from zhicheng.certificates.selectors import certificate_verify_lookup
from zhicheng.demo.integrity import SUBJECT_NAME, demo_integrity_load
from zhicheng.integrity.models import IntegrityFinding

pytestmark = pytest.mark.django_db


def test_demo_finding_revokes_a_certificate_once():
    assert demo_integrity_load() == 1
    assert demo_integrity_load() == 0
    finding = IntegrityFinding.objects.get(subject__real_name=SUBJECT_NAME)
    (certificate,) = finding.certificates.all()
    assert certificate.status == CertificateStatus.REVOKED
    shown = certificate_verify_lookup(number=certificate.number, holder_name=SUBJECT_NAME)
    assert shown.status == "revoked" and "伪造" in shown.void_reason


def test_demo_revocation_is_dated_on_the_decision(client):
    """Regression (a newcomer's walk): 诚信档案 gave the decision 2025年6月10日 but verification said the
    certificate was "已于<the day the demo was loaded>撤销"."""
    demo_integrity_load()
    finding = IntegrityFinding.objects.get(subject__real_name=SUBJECT_NAME)
    (certificate,) = finding.certificates.all()
    assert timezone.localdate(certificate.voided_at) == finding.decided_on == dt.date(2025, 6, 10)
    page = client.post(reverse("certificates:verify"), {"number": certificate.number, "holder_name": SUBJECT_NAME})
    assert "已于2025年6月10日撤销" in page.content.decode()

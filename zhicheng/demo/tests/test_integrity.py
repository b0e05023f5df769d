import pytest

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

"""The pages: who reaches what (404 for everyone else), bad input kept beside its field, the record flow."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.certificates.models import CertificateStatus
from zhicheng.integrity.models import IntegrityFinding

from .conftest import PDF, evidence, record

pytestmark = pytest.mark.django_db


def test_bureau_records_from_the_certificate_page(client, cast, stored_c, heyuan, cert_c):
    client.force_login(cast["hr_reviewer"])
    manage = client.get(reverse("certificates:manage"))
    url = reverse("integrity:record", kwargs={"source": "certificate", "pk": cert_c.pk})
    assert url in manage.content.decode()
    page = client.get(url)
    assert page.status_code == 200 and stored_c.id_number not in page.content.decode()
    # Empty: messages beside the fields, the typed facts kept, nothing recorded.
    response = client.post(url, {"office": heyuan.pk, "facts": "伪造学历证书。", "rule": "", "bar_years": "3"})
    body = response.content.decode()
    assert response.status_code == 200 and "请选择失信情形" in body and "请上传证据材料" in body
    assert "伪造学历证书。" in body and not IntegrityFinding.objects.exists()
    response = client.post(url, {
        "office": heyuan.pk, "subject_role": "applicant", "kind": "forged_material", "facts": "伪造学历证书。",
        "rule": "《职称评审管理暂行规定》第四十条", "decided_on": "2026-01-05", "bar_years": "3",
        "certificates": [str(cert_c.pk)], "evidence": evidence(), "confirm": "on",
    })
    finding = IntegrityFinding.objects.get()
    assert response.status_code == 302 and response.url == reverse("integrity:finding", kwargs={"pk": finding.pk})
    cert_c.refresh_from_db()
    assert cert_c.status == CertificateStatus.REVOKED and str(finding.bar_ends_on) == "2029-01-05"
    assert finding.certificates.get() == cert_c
    assert client.get(reverse("integrity:manage")).content.decode().count(stored_c.real_name) >= 1


def test_others_get_404(client, cast, stored_c, heyuan, cert_c):
    finding = record(actor=cast["hr_reviewer"], office=heyuan, subject=stored_c, certificates=[cert_c])
    urls = [
        reverse("integrity:record", kwargs={"source": "certificate", "pk": cert_c.pk}),
        reverse("integrity:finding", kwargs={"pk": finding.pk}),
        reverse("integrity:evidence", kwargs={"pk": finding.pk}),
        reverse("integrity:objection", kwargs={"pk": finding.pk}),
    ]
    for key in ("applicant_a", "other_hr_reviewer", "unit_reviewer_2", "committee_office"):
        client.force_login(cast[key])
        for url in urls:
            assert client.get(url).status_code == 404, (key, url)
    client.force_login(cast["applicant_a"])
    assert client.get(reverse("integrity:manage")).status_code == 404
    assert client.get(reverse("integrity:record", kwargs={"source": "nonsense", "pk": 1})).status_code == 404
    client.logout()
    assert client.get(reverse("integrity:mine")).status_code == 302


def test_person_sees_record_and_objects_and_office_resolves(client, cast, stored_c, heyuan, cert_c):
    finding = record(actor=cast["hr_reviewer"], office=heyuan, subject=stored_c, certificates=[cert_c])
    client.force_login(stored_c)
    mine = client.get(reverse("integrity:mine")).content.decode()
    assert "不得申报" in mine and "伪造、变造申报材料" in mine
    evidence_response = client.get(reverse("integrity:evidence", kwargs={"pk": finding.pk}))
    assert b"".join(evidence_response.streaming_content) == PDF
    url = reverse("integrity:objection", kwargs={"pk": finding.pk})
    assert "请填写异议理由" in client.post(url, {"text": " "}).content.decode()
    assert client.post(url, {"text": "证书真实。"}).status_code == 302
    client.force_login(cast["hr_reviewer"])
    detail = reverse("integrity:finding", kwargs={"pk": finding.pk})
    assert "处理异议" in client.get(detail).content.decode()
    client.get(reverse("integrity:evidence", kwargs={"pk": finding.pk}))
    assert AuditEvent.objects.filter(action="integrity.evidence_viewed", actor=cast["hr_reviewer"]).exists()
    assert client.post(detail, {"upheld": "0", "resolution": "证据确凿，维持。"}).status_code == 302
    finding.refresh_from_db()
    assert finding.status == "upheld"
    client.force_login(stored_c)
    assert "证据确凿，维持。" in client.get(reverse("integrity:mine")).content.decode()

"""certificates:write and certificates:read — report, void, read one, search a person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhicheng.catalog.models import Qualification
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.certificates.numbering import certificate_number_build
from zhicheng.certificates.services import certificate_issue
from zhicheng.orgs.models import Organisation

from .conftest import HOLDER_IDS, SZ_COMMITTEE, holder

pytestmark = pytest.mark.django_db


def unused_number() -> str:
    return certificate_number_build(year=timezone.localdate().year, region_code="440100", level=3, serial=999_995)


def allocate(api, *holders) -> list[str]:
    response = api.post("/numbers/allocate", {"holders": list(holders)})
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


def verify_page(client, number: str, name: str) -> str:
    return client.post("/certificates/verify/", {"number": number, "holder_name": name}).content.decode()


def test_report_then_void_round_trip_on_public_verification(gz, api_for, client):
    api = api_for(gz)
    (number,) = allocate(api, holder(0))
    # Allocated but not reported: the public sees nothing.
    assert 'id="verify-status"' not in verify_page(client, number, "持证人零")
    today = timezone.localdate()
    response = api.post("/certificates/report", {"certificates": [{"number": number, "issued_on": today.isoformat()}]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1 and body["certificates"][0]["status"] == "valid"
    assert body["certificates"][0]["issued_on"] == today.isoformat()
    page = verify_page(client, number, "持证人零")
    assert "有效" in page and "广州市工程技术人才中级职称评审委员会" in page and HOLDER_IDS[0] not in page
    # Reporting twice (with a new key) is a conflict, not a second change.
    again = api.post("/certificates/report", {"certificates": [{"number": number, "issued_on": today.isoformat()}]})
    assert again.status_code == 409 and again.json()["code"] == "certificate_already_reported"
    # Void it.
    response = api.post("/certificates/void", {"number": number, "reason": "信息有误，重新办理"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "voided" and response.json()["void_reason"] == "信息有误，重新办理"
    page = verify_page(client, number, "持证人零")
    assert "已作废" in page
    again = api.post("/certificates/void", {"number": number, "reason": "再次作废"})
    assert again.status_code == 409 and again.json()["code"] == "certificate_not_voidable"


def test_void_an_allocated_never_reported_number(gz, api_for, client):
    api = api_for(gz)
    (number,) = allocate(api, holder(0))
    response = api.post("/certificates/void", {"number": number, "reason": "未发证，编号作废"})
    assert response.status_code == 200, response.json()
    assert Certificate.objects.get(number=number).status == CertificateStatus.VOIDED
    # It keeps its number: the next allocation takes the next serial.
    (following,) = allocate(api, holder(1))
    assert int(following[11:17]) == int(number[11:17]) + 1
    # A number voided before issue was never a certificate: the public page finds nothing.
    assert "未查询到匹配的证书" in verify_page(client, number, "持证人零")


def test_report_is_all_or_nothing(gz, api_for, monkeypatch):
    # Mid-year, so that tomorrow is in the certificate number's year and only its being in the future
    # is wrong (the test asserted nothing on 31 December).
    noon = timezone.make_aware(dt.datetime(timezone.localdate().year, 6, 15, 12))
    monkeypatch.setattr("django.utils.timezone.now", lambda: noon)
    api = api_for(gz)
    a, b = allocate(api, holder(0), holder(1))
    today = timezone.localdate().isoformat()
    response = api.post("/certificates/report", {"certificates": [
        {"number": a, "issued_on": today}, {"number": unused_number(), "issued_on": today}]})
    assert response.status_code == 404 and response.json()["code"] == "certificate_not_found"
    assert response.json()["details"]["index"] == 1
    assert Certificate.objects.get(number=a).status == CertificateStatus.ALLOCATED
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = api.post("/certificates/report", {"certificates": [{"number": b, "issued_on": future}]})
    assert response.status_code == 422 and response.json()["code"] == "issued_on_invalid"
    response = api.post("/certificates/report", {"certificates": [{"number": b, "issued_on": "2001-01-01"}]})
    assert response.status_code == 422 and response.json()["code"] == "issued_on_invalid"


def test_numbers_of_another_client_are_refused(gz, sz, api_for):
    (gz_number,) = allocate(api_for(gz), holder(0))
    sz_api = api_for(sz)
    today = timezone.localdate().isoformat()
    response = sz_api.post("/certificates/report", {"certificates": [{"number": gz_number, "issued_on": today}]})
    assert response.status_code == 404 and response.json()["code"] == "certificate_not_found"
    response = sz_api.post("/certificates/void", {"number": gz_number, "reason": "恶意作废"})
    assert response.status_code == 404 and response.json()["code"] == "certificate_not_found"
    assert Certificate.objects.get(number=gz_number).status == CertificateStatus.ALLOCATED


def test_certificates_issued_here_cannot_be_reported_or_voided_by_a_client(gz, api_for, cast):
    bureau = Organisation.objects.get(kind="hr_bureau", region_id="440100")
    committee = gz.committees.get()
    certificate = certificate_issue(
        holder=cast["applicant_a"], qualification=Qualification.objects.get(name="工程师"), specialty=None,
        committee=committee, issuer=bureau, issued_on=timezone.localdate(), actor=cast["hr_reviewer"],
    )
    api = api_for(gz)
    response = api.post("/certificates/void", {"number": certificate.number, "reason": "x"})
    assert response.status_code == 404
    # ...but the client may read it: its issuer is in scope.
    response = api.get(f"/certificates/{certificate.number}")
    assert response.status_code == 200
    assert response.json()["holder_id_number_masked"] == cast["applicant_a"].masked_id_number
    assert response.json()["source"] == "本系统"


def test_read_one_only_within_scope(gz, sz, api_for):
    (gz_number,) = allocate(api_for(gz), holder(0))
    (sz_number,) = allocate(api_for(sz), holder(1, committee=SZ_COMMITTEE, issuer="440300"))
    gz_api = api_for(gz)
    body = gz_api.get(f"/certificates/{gz_number}").json()
    assert body["number"] == gz_number and body["status"] == "allocated"
    assert body["holder_id_number_masked"] == HOLDER_IDS[0][:6] + "********" + HOLDER_IDS[0][-4:]
    response = gz_api.get(f"/certificates/{sz_number}")
    assert response.status_code == 404 and response.json()["code"] == "certificate_not_found"
    # An unknown but well-formed number looks the same as one out of scope.
    assert gz_api.get(f"/certificates/{unused_number()}").json()["code"] == "certificate_not_found"


def test_search_by_id_number_in_body_within_scope(gz, sz, api_for, cast):
    person = HOLDER_IDS[5]
    (gz_number,) = allocate(api_for(gz), holder(5))
    allocate(api_for(sz), holder(5, committee=SZ_COMMITTEE, issuer="440300"))
    response = api_for(gz).post("/certificates/search", {"id_number": person.lower()})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["certificates"][0]["number"] == gz_number
    assert person not in response.content.decode()
    assert api_for(gz).post("/certificates/search", {"id_number": HOLDER_IDS[6]}).json() == {
        "count": 0,
        "certificates": [],
    }
    bad = api_for(gz).post("/certificates/search", {"id_number": "123456"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_id_number"
    # Reads need no Idempotency-Key, and the ID number is never accepted in the URL.
    in_url = api_for(gz).get(f"/certificates/search?id_number={person}")
    assert in_url.status_code == 405 and in_url.json()["code"] == "method_not_allowed"


def test_report_is_idempotent(gz, api_for):
    api = api_for(gz)
    (number,) = allocate(api, holder(0))
    payload = {"certificates": [{"number": number, "issued_on": timezone.localdate().isoformat()}]}
    first = api.post("/certificates/report", payload, key="report-1")
    again = api.post("/certificates/report", payload, key="report-1")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()

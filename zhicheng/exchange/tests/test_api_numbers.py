"""numbers:allocate — binding, scope, all-or-nothing, idempotency, audit."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.certificates.models import Certificate, CertificateCounter, CertificateStatus
from zhicheng.certificates.numbering import certificate_number_parse
from zhicheng.exchange.models import Allocation, IdempotencyRecord
from zhicheng.orgs.models import Organisation

from .conftest import HOLDER_IDS, SZ_COMMITTEE, holder, holder_name

pytestmark = pytest.mark.django_db


def counter_value(region: str = "440100", level: int = 3) -> int:
    row = CertificateCounter.objects.filter(
        year=timezone.localdate().year, issuer__region_id=region, issuer__kind="hr_bureau", level=level
    ).first()
    return row.last_serial if row else 0


def test_numbers_are_bound_to_their_holders_in_order(gz, api_for):
    before = counter_value()
    holders = [holder(0, ref="GZ-001"), holder(1, qualification=None, level="中级"), holder(2, issuer=None)]
    holders[1]["qualification"] = "工程师"
    holders[2]["issuer"] = gz.issuers.get().credit_code  # by credit code instead of region code
    response = api_for(gz).post("/numbers/allocate", {"holders": holders})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 3 and body["year"] == timezone.localdate().year
    serials = []
    for i, item in enumerate(body["items"]):
        assert item["index"] == i
        parsed = certificate_number_parse(item["number"])  # check character is right
        assert parsed.region_code == "440100" and parsed.level == 3
        serials.append(parsed.serial)
        certificate = Certificate.objects.get(number=item["number"])
        assert certificate.holder_id_number == HOLDER_IDS[i]
        assert certificate.holder_name == holder_name(i)
        assert certificate.status == CertificateStatus.ALLOCATED
        assert certificate.source == gz.name
        assert Allocation.objects.get(certificate=certificate).system == gz
        # The response never carries the full ID number.
        assert item["id_number_masked"] != HOLDER_IDS[i] and item["id_number_masked"][-4:] == HOLDER_IDS[i][-4:]
        assert HOLDER_IDS[i] not in response.content.decode()
    assert body["items"][0]["ref"] == "GZ-001"
    assert serials == list(range(before + 1, before + 4))  # same counter, no gaps
    assert counter_value() == before + 3


def test_committee_by_id_and_holder_with_account(gz, api_for, cast):
    applicant = cast["applicant_a"]
    committee = gz.committees.get()
    response = api_for(gz).post(
        "/numbers/allocate",
        {
            "holders": [
                holder(
                    0,
                    id_number=applicant.id_number,
                    name=applicant.real_name,
                    committee=committee.pk,
                    qualification=committee.series.qualifications.get(level=3).pk,
                )
            ]
        },
    )
    assert response.status_code == 200, response.content
    assert Certificate.objects.get(number=response.json()["items"][0]["number"]).holder == applicant


@pytest.mark.parametrize(
    ("override", "status", "code", "field"),
    [
        ({"issuer": "440300"}, 403, "issuer_not_allowed", "issuer"),
        ({"committee": SZ_COMMITTEE}, 403, "committee_not_allowed", "committee"),
        ({"id_number": "440106198501150000"}, 422, "invalid_id_number", "id_number"),
        ({"issuer": "999999"}, 422, "unknown_issuer", "issuer"),
        ({"committee": "不存在的评委会"}, 422, "unknown_committee", "committee"),
        ({"qualification": "不存在的资格"}, 422, "unknown_qualification", "qualification"),
        ({"qualification": "高级工程师", "level": 2}, 422, "award_invalid", "committee"),
        ({"level": 2}, 422, "level_mismatch", "level"),
        ({"specialty": "临床医学"}, 422, "unknown_specialty", "specialty"),
    ],
)
def test_one_bad_holder_allocates_nothing(gz, sz, api_for, override, status, code, field):
    before = counter_value()
    certificates = Certificate.objects.count()
    holders = [holder(0), holder(1), holder(2, **override), holder(3)]
    response = api_for(gz).post("/numbers/allocate", {"holders": holders})
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert body["details"] == {"index": 2, "field": field}
    assert "第3项" in body["message"]
    assert counter_value() == before
    assert Certificate.objects.count() == certificates
    assert not Allocation.objects.exists()
    assert not IdempotencyRecord.objects.exists()  # a refused request does not use up its key


def test_no_allocation_for_issuer_or_committee_of_another_client(gz, sz, api_for):
    # 深圳's client may use 深圳 only; 广州's numbers stay untouched.
    response = api_for(sz).post("/numbers/allocate", {"holders": [holder(0)]})
    assert response.status_code == 403 and response.json()["code"] == "committee_not_allowed"
    response = api_for(sz).post("/numbers/allocate", {"holders": [holder(0, committee=SZ_COMMITTEE)]})
    assert response.status_code == 403 and response.json()["code"] == "issuer_not_allowed"
    ok = api_for(sz).post("/numbers/allocate", {"holders": [holder(0, committee=SZ_COMMITTEE, issuer="440300")]})
    assert ok.status_code == 200
    assert certificate_number_parse(ok.json()["items"][0]["number"]).region_code == "440300"
    assert counter_value("440100") == 0


def test_duplicate_holder_in_one_request(gz, api_for):
    response = api_for(gz).post("/numbers/allocate", {"holders": [holder(0), holder(1), holder(0, name="又一次")]})
    assert response.status_code == 422
    assert response.json()["code"] == "duplicate_item" and response.json()["details"]["index"] == 2


def test_idempotent_repeat_returns_first_answer_and_allocates_once(gz, api_for):
    api = api_for(gz)
    payload = {"holders": [holder(0), holder(1)]}
    first = api.post("/numbers/allocate", payload, key="batch-2026-001")
    assert first.status_code == 200
    before = counter_value()
    # Same key, same body (keys in another order): the stored answer, nothing allocated.
    reordered = {"holders": [dict(reversed(list(h.items()))) for h in payload["holders"]]}
    again = api.post("/numbers/allocate", reordered, key="batch-2026-001")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert counter_value() == before
    assert Certificate.objects.filter(source=gz.name).count() == 2
    record = IdempotencyRecord.objects.get(system=gz, key="batch-2026-001")
    assert record.status == 200 and record.body == first.json()
    # The repeat is audited too, marked as a replay.
    assert AuditEvent.objects.filter(action="api.numbers.allocate", detail__replayed=True).count() == 1


def test_same_key_with_other_body_is_422(gz, api_for):
    api = api_for(gz)
    assert api.post("/numbers/allocate", {"holders": [holder(0)]}, key="k-1").status_code == 200
    before = counter_value()
    response = api.post("/numbers/allocate", {"holders": [holder(1)]}, key="k-1")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert counter_value() == before
    # A key is per endpoint body: the same key on another write is also a different request.
    response = api.post("/certificates/void", {"number": "202644010030000018", "reason": "x"}, key="k-1")
    assert response.status_code == 422 and response.json()["code"] == "idempotency_key_reused"


def test_keys_are_per_client(gz, sz, api_for):
    assert api_for(gz).post("/numbers/allocate", {"holders": [holder(0)]}, key="shared").status_code == 200
    response = api_for(sz).post(
        "/numbers/allocate", {"holders": [holder(0, committee=SZ_COMMITTEE, issuer="440300")]}, key="shared"
    )
    assert response.status_code == 200 and "Idempotent-Replayed" not in response


@pytest.mark.parametrize("key", [None, ""])
def test_missing_key_is_400(gz, api_for, key):
    response = api_for(gz).post("/numbers/allocate", {"holders": [holder(0)]}, key=key)
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_missing"
    assert not Certificate.objects.filter(source=gz.name).exists()


def test_key_with_spaces_is_refused(gz, api_for):
    response = api_for(gz).post("/numbers/allocate", {"holders": [holder(0)]}, key="has space")
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_invalid"


def test_every_call_is_audited_without_full_id_numbers(gz, api_for):
    api = api_for(gz)
    api.post("/numbers/allocate", {"holders": [holder(0), holder(1)]})
    api.post("/numbers/allocate", {"holders": [holder(2, issuer="440300")]})
    ok, refused = AuditEvent.objects.filter(action="api.numbers.allocate").order_by("id")
    assert ok.result == AuditEvent.Result.SUCCESS and ok.detail["count"] == 2 and ok.detail["status"] == 200
    assert ok.object_type == "exchange.externalsystem" and ok.object_id == str(gz.pk)
    assert ok.organisation == Organisation.objects.get(kind="hr_bureau", region_id="440100")
    assert ok.detail["endpoint"] == "POST /api/v1/numbers/allocate"
    assert refused.result == AuditEvent.Result.DENIED and refused.detail["code"] == "issuer_not_allowed"
    dump = json.dumps([e.detail for e in AuditEvent.objects.all()], ensure_ascii=False)
    assert not any(i in dump for i in HOLDER_IDS)

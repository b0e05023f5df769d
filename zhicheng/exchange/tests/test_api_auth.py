"""Tokens, scopes of operations, rate limits and the JSON shape of every error."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import override_settings
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.exchange.models import ApiToken, ExternalSystem, Scope
from zhicheng.exchange.services import api_token_issue, api_token_revoke, external_system_update

from .conftest import holder

pytestmark = pytest.mark.django_db


def assert_json_error(response, status: int, code: str):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), "message should be in Chinese"
    return body


def test_missing_and_unknown_tokens_are_401_json(gz, api_for):
    assert_json_error(api_for(None).get("/certificates/202644010030000018"), 401, "token_missing")
    assert_json_error(api_for("zc_not_a_real_token").get("/certificates/202644010030000018"), 401, "token_invalid")
    response = api_for(gz).client.get(
        "/api/v1/certificates/202644010030000018", headers={"Authorization": "Basic eDp5"}
    )
    assert_json_error(response, 401, "token_missing")


def test_revoked_token_is_refused_at_once(gz, sz, api_for, cast):
    api = api_for(sz)
    assert api.post("/certificates/search", {"id_number": holder(0)["id_number"]}).status_code == 200
    token = ApiToken.objects.get(system=sz)
    api_token_revoke(actor=cast["system_admin"], token=token)
    assert_json_error(api.post("/certificates/search", {"id_number": holder(0)["id_number"]}), 401, "token_revoked")
    # The refusal is audited against the system.
    event = AuditEvent.objects.filter(object_id=str(sz.pk), action="api.certificates.search").first()
    assert event.result == AuditEvent.Result.DENIED and event.detail["code"] == "token_revoked"


def test_expired_token_is_refused(gz, api_for):
    api_token, token = api_token_issue(actor=None, system=gz, expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert_json_error(api_for(token).post("/numbers/allocate", {"holders": [holder(0)]}), 401, "token_expired")
    # Other tokens of the same system still work.
    assert api_for(gz).post("/numbers/allocate", {"holders": [holder(0)]}).status_code == 200


def test_inactive_or_expired_system_is_refused(gz, api_for):
    external_system_update(actor=None, system=gz, is_active=False)
    assert_json_error(api_for(gz).post("/numbers/allocate", {"holders": [holder(0)]}), 401, "system_inactive")
    external_system_update(actor=None, system=gz, is_active=True, expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert_json_error(api_for(gz).post("/numbers/allocate", {"holders": [holder(0)]}), 401, "system_expired")


def test_last_used_is_recorded(gz, api_for):
    assert ApiToken.objects.get(system=gz).last_used_at is None
    api_for(gz).post("/certificates/search", {"id_number": holder(0)["id_number"]})
    assert ApiToken.objects.get(system=gz).last_used_at is not None


def test_operation_needs_its_scope(gz, api_for):
    external_system_update(actor=None, system=gz, scopes=[Scope.CERTIFICATES_READ])
    api = api_for(gz)
    body = assert_json_error(api.post("/numbers/allocate", {"holders": [holder(0)]}), 403, "scope_missing")
    assert body["details"]["scope"] == "numbers:allocate"
    assert_json_error(
        api.post("/certificates/void", {"number": "202644010030000018", "reason": "x"}), 403, "scope_missing"
    )
    assert api.post("/certificates/search", {"id_number": holder(0)["id_number"]}).status_code == 200
    external_system_update(actor=None, system=gz, scopes=[Scope.NUMBERS_ALLOCATE])
    assert_json_error(api.get("/certificates/202644010030000018"), 403, "scope_missing")


@override_settings(EXCHANGE_API_RATE_LIMIT=3, EXCHANGE_API_RATE_WINDOW=60)
def test_rate_limit_per_system(gz, sz, api_for):
    gz_api, sz_api = api_for(gz), api_for(sz)
    for _ in range(3):
        assert gz_api.post("/certificates/search", {"id_number": holder(0)["id_number"]}).status_code == 200
    response = gz_api.post("/certificates/search", {"id_number": holder(0)["id_number"]})
    body = assert_json_error(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert body["details"]["limit"] == 3
    # Another client has its own budget.
    assert sz_api.post("/certificates/search", {"id_number": holder(0)["id_number"]}).status_code == 200
    # One audit row for hitting the limit, not one per refused call.
    gz_api.post("/certificates/search", {"id_number": holder(0)["id_number"]})
    assert AuditEvent.objects.filter(object_id=str(gz.pk), detail__code="rate_limited").count() == 1


def test_unknown_path_and_wrong_method_are_json(gz, api_for):
    api = api_for(gz)
    assert_json_error(api.get("/no/such/thing"), 404, "not_found")
    assert_json_error(api.client.get("/api/v1"), 404, "not_found")
    response = api.get("/numbers/allocate")
    body = assert_json_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "POST" and body["details"]["allow"] == ["POST"]
    assert_json_error(api.client.delete("/api/v1/certificates/202644010030000018"), 405, "method_not_allowed")


def test_malformed_body_is_json_error(gz, api_for):
    api = api_for(gz)
    response = api.client.post(
        "/api/v1/numbers/allocate", data="{not json", content_type="application/json",
        headers={"Authorization": f"Bearer {gz.token}", "Idempotency-Key": "k1"},
    )
    assert_json_error(response, 400, "invalid_json")
    body = assert_json_error(api.post("/numbers/allocate", {"holders": []}), 422, "validation_error")
    assert body["details"]["errors"][0]["field"] == "holders"
    body = assert_json_error(
        api.post("/numbers/allocate", {"holders": [holder(0), {"name": "x"}]}), 422, "validation_error"
    )
    assert body["details"]["index"] == 1


def test_invalid_certificate_number_in_path(gz, api_for):
    body = assert_json_error(api_for(gz).get("/certificates/123"), 422, "invalid_certificate_number")
    assert "18位" in body["message"]


def test_docs_and_schema_are_public_and_local(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"].startswith("广东省")
    ops = {(path, method): op for path, item in schema["paths"].items() for method, op in item.items()}
    assert ("/api/v1/numbers/allocate", "post") in ops
    for (path, method), op in ops.items():
        for status in ("401", "429"):
            assert status in op["responses"], (path, method, status)
            assert op["responses"][status]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
        assert op.get("summary") and any("\u4e00" <= ch <= "\u9fff" for ch in op["summary"])
    writes = [op for (path, method), op in ops.items() if path.endswith(("allocate", "report", "void"))]
    assert len(writes) == 3
    for op in writes:
        assert {"400", "422"} <= set(op["responses"])
        assert any(p["name"] == "Idempotency-Key" for p in op["parameters"])
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()


def test_docs_with_a_trailing_slash_lead_to_the_docs(client):
    answer = client.get("/api/v1/docs/")
    assert answer.status_code == 301 and answer["Location"] == "/api/v1/docs"
    assert client.get("/api/v1/docs/", follow=True).status_code == 200


def test_tokens_are_stored_hashed(gz):
    from tests.world.exchange import API_TOKEN

    stored = ApiToken.objects.get(system=gz)
    assert API_TOKEN not in {stored.digest, stored.prefix}
    assert stored.prefix == API_TOKEN[:10]
    _, token = api_token_issue(actor=None, system=gz)
    assert token.startswith("zc_") and len(token) == 43
    assert not ApiToken.objects.filter(digest=token).exists()
    assert ExternalSystem.objects.get(pk=gz.pk).tokens.count() == 2

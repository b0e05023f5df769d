"""The API answers as docs/api.md says (issue 18, finding 8; issue 14: bodies over the limit).

Each test sends what a careless or hostile client sends and checks the documented status and code.
"""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from zhicheng.certificates.models import Certificate
from zhicheng.exchange.errors import ERROR_CODES

from .conftest import holder, new_key
from .test_api_auth import assert_json_error

pytestmark = pytest.mark.django_db

WRITES = [
    ("/numbers/allocate", lambda: {"holders": [holder(0)]}),
    ("/certificates/report", lambda: {"certificates": [{"number": "202644010030000018", "issued_on": "2026-01-05"}]}),
    ("/certificates/void", lambda: {"number": "202644010030000018", "reason": "测试"}),
]


def _raw_post(client, system, path, data: bytes | str, content_type: str | None, key: str | None = None):
    headers = {"Authorization": f"Bearer {system.token}", "Idempotency-Key": key or new_key()}
    kwargs = {"content_type": content_type} if content_type is not None else {}
    if content_type is None:  # the test client would otherwise add multipart/form-data
        return client.generic("POST", f"/api/v1{path}", data, headers=headers)
    return client.post(f"/api/v1{path}", data=data, headers=headers, **kwargs)


# -- Idempotency-Key ------------------------------------------------------------------------------
@pytest.mark.parametrize("path,body", WRITES)
@pytest.mark.parametrize("key", ["has space", "x" * 201, "tab\tinside", "é-not-ascii"])
def test_invalid_idempotency_key_is_400_idempotency_key_invalid(gz, api_for, path, body, key):
    response = api_for(gz).post(path, body(), key=key)
    assert_json_error(response, 400, "idempotency_key_invalid")
    assert not Certificate.objects.filter(source=gz.name).exists()


@pytest.mark.parametrize("path,body", WRITES)
def test_missing_idempotency_key_is_400_even_with_a_bad_body(gz, api_for, path, body):
    assert_json_error(api_for(gz).post(path, body(), key=None), 400, "idempotency_key_missing")
    # the header is checked before the body: a client learns about the key first
    assert_json_error(api_for(gz).post(path, {"unexpected": 1}, key=None), 400, "idempotency_key_missing")
    assert_json_error(api_for(gz).post(path, {"unexpected": 1}, key="has space"), 400, "idempotency_key_invalid")


def test_openapi_marks_the_idempotency_key_required_on_every_write(client):
    schema = client.get("/api/v1/openapi.json").json()
    seen = 0
    for path, item in schema["paths"].items():
        for op in item.values():
            params = {p["name"]: p for p in op.get("parameters", [])}
            if path.endswith(("/allocate", "/report", "/void")):
                seen += 1
                header = params["Idempotency-Key"]
                assert header["in"] == "header" and header["required"] is True, (path, header)
                assert header["schema"]["maxLength"] == 200
                assert "415" in op["responses"] and "413" in op["responses"], path
            else:
                assert "Idempotency-Key" not in params, path
    assert seen == 3


# -- media type -----------------------------------------------------------------------------------
@pytest.mark.parametrize("content_type", [
    "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "application/xml", "text/xml",
    "multipart/form-data; boundary=xyz", "application/octet-stream", "", None,
])
def test_a_body_that_is_not_json_is_415(gz, client, content_type):
    body = json.dumps({"holders": [holder(0)]})  # a perfectly good JSON text, under another media type
    response = _raw_post(client, gz, "/numbers/allocate", body, content_type)
    body = assert_json_error(response, 415, "unsupported_media_type")
    assert body["details"]["expected"] == "application/json"
    assert not Certificate.objects.filter(source=gz.name).exists()


def test_search_refuses_a_form_body_too(gz, client):
    response = _raw_post(client, gz, "/certificates/search", "id_number=440106198501151010",
                         "application/x-www-form-urlencoded")
    assert_json_error(response, 415, "unsupported_media_type")


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"])
def test_json_media_types_are_accepted(gz, client, content_type):
    response = _raw_post(client, gz, "/numbers/allocate", json.dumps({"holders": [holder(0)]}), content_type)
    assert response.status_code == 200, response.content


# -- strict types ---------------------------------------------------------------------------------
@pytest.mark.parametrize("field,value", [
    ("qualification", True), ("qualification", False), ("committee", True), ("level", True),
    ("qualification", 1.0), ("committee", 1.5), ("level", 3.0),
])
def test_booleans_and_floats_are_not_ids(gz, api_for, field, value):
    response = api_for(gz).post("/numbers/allocate", {"holders": [holder(0, **{field: value})]})
    body = assert_json_error(response, 422, "validation_error")
    assert any(e["field"].startswith(f"holders[0].{field}") for e in body["details"]["errors"]), body
    assert not Certificate.objects.filter(source=gz.name).exists()


def test_integer_ids_still_work(gz, api_for):
    from zhicheng.catalog.models import Committee, Qualification

    q = Qualification.objects.get(name="工程师", series__name="工程")
    c = Committee.objects.get(organisation__name="广州市工程技术人才中级职称评审委员会")
    response = api_for(gz).post("/numbers/allocate", {"holders": [holder(0, qualification=q.pk, committee=c.pk)]})
    assert response.status_code == 200, response.content


# -- size -----------------------------------------------------------------------------------------
def test_a_body_over_the_django_limit_is_413_not_500(gz, client, settings):
    """Issue 14: a request body over about 12 MB answered 500 internal_error."""
    big = json.dumps({"holders": [holder(0, ref="x" * 1000)] * 13_000})  # ~13 MB
    assert len(big) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = _raw_post(client, gz, "/numbers/allocate", big, "application/json")
    body = assert_json_error(response, 413, "payload_too_large")
    assert body["details"]["limit_bytes"] == settings.EXCHANGE_API_MAX_BODY_BYTES


def test_a_body_over_the_api_limit_is_413(gz, client):
    with override_settings(EXCHANGE_API_MAX_BODY_BYTES=2048):
        big = json.dumps({"holders": [holder(i) for i in range(12)]})
        assert len(big) > 2048
        assert_json_error(_raw_post(client, gz, "/numbers/allocate", big, "application/json"), 413,
                          "payload_too_large")
        small = json.dumps({"holders": [holder(0)]})
        assert _raw_post(client, gz, "/numbers/allocate", small, "application/json").status_code == 200


def test_the_largest_valid_batch_fits_under_the_limit(settings):
    """500 holders with every text at its maximum, every character escaped as JSON ``\\uXXXX``."""
    widest = {"id_number": "4" * 32, "name": "张" * 50, "qualification": "工" * 50, "level": "正" * 10,
              "specialty": "建" * 50, "committee": "委" * 100, "issuer": "4" * 18, "ref": "号" * 64}
    body = json.dumps({"holders": [widest] * 500}, ensure_ascii=True, indent=2)
    assert len(body.encode()) < settings.EXCHANGE_API_MAX_BODY_BYTES


def test_every_exception_at_the_edge_maps_to_the_catalogue():
    from django.core.exceptions import RequestDataTooBig
    from django.http import Http404
    from ninja.errors import AuthenticationError, HttpError

    from zhicheng.exchange.errors import ApiError, api_error_from

    assert api_error_from(RequestDataTooBig()).status == 413
    wrapped = HttpError(400, "Cannot parse request body")
    wrapped.__cause__ = ApiError("unsupported_media_type")
    assert api_error_from(wrapped).code == "unsupported_media_type"
    assert api_error_from(HttpError(400, "x")).code == "invalid_json"
    assert api_error_from(AuthenticationError()).code == "token_missing"
    assert api_error_from(Http404()).code == "not_found"
    assert api_error_from(RuntimeError("boom")).code == "internal_error"
    for exc in (RequestDataTooBig(), HttpError(418, "teapot"), KeyError("x")):
        assert api_error_from(exc).code in ERROR_CODES


# -- the catalogue --------------------------------------------------------------------------------
def test_every_code_is_in_docs_api_md():
    from django.conf import settings

    text = (settings.BASE_DIR / "docs" / "api.md").read_text(encoding="utf-8")
    for code, (status, _) in ERROR_CODES.items():
        assert f"| {status} | `{code}` |" in text, code

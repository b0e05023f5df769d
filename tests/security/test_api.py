"""The exchange API's access control: each operation without a token is a JSON 401; a browser
session is no credential there; another client's token sees only its own scope (404/403)."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from tests.world.cast import person

from .urlwalk import all_routes

pytestmark = pytest.mark.django_db

BODIES = {
    "exchange:api:numbers.allocate": {"holders": [{"id_number": "x", "name": "x", "qualification": "工程师",
                                                   "committee": 1, "issuer": "440100"}]},
    "exchange:api:certificates.report": {"certificates": [{"number": "202644010030000018", "issued_on": "2026-01-05"}]},
    "exchange:api:certificates.void": {"number": "202644010030000018", "reason": "测试"},
    "exchange:api:certificates.search": {"id_number": "440106198501151010"},
}


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def _operations(world) -> list[tuple[str, str, str]]:
    """(name, method, path) of every API operation, from the resolver."""
    ops = []
    for route in all_routes():
        if not route.name.startswith("exchange:api:") or route.name.split(":")[-1] in (
            "openapi-json", "openapi-view", "api-root",
        ):
            continue
        if route.name in BODIES:
            ops.append((route.name, "post", "/" + route.route))
        else:
            ops.append((route.name, "get", "/" + route.route.replace("<number>", world.certificate.number)))
    return ops


def _call(client, method, path, *, token=None, body=None):
    headers = {"Idempotency-Key": "security-1"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if method == "post":
        return client.post(path, data=json.dumps(body), content_type="application/json", headers=headers)
    return client.get(path, headers=headers)


def test_every_operation_without_a_token_is_a_json_401(security_world):
    ops = _operations(security_world)
    assert len(ops) >= 5
    session = Client()
    session.force_login(security_world.user("system_admin"))  # a browser session grants nothing here
    for client in (Client(), session):
        for name, method, path in ops:
            response = _call(client, method, path, body=BODIES.get(name))
            assert response.status_code == 401, (name, response.status_code)
            assert response["Content-Type"].startswith("application/json")
            assert json.loads(response.content)["code"] == "token_missing"


def test_another_clients_token_sees_nothing_outside_its_scope(security_world):
    """深圳's token: 广州's or 龙川's certificates do not exist for it; 广州's issuer and committee are refused."""
    client = Client()
    sz = security_world.sz_secret
    a_cert = security_world.certificate.number
    response = _call(client, "get", f"/api/v1/certificates/{a_cert}", token=sz)
    assert response.status_code == 404 and response.json()["code"] == "certificate_not_found"
    response = _call(client, "post", "/api/v1/certificates/search", token=sz,
                     body={"id_number": person("applicant_a").id_number})
    assert response.status_code == 200 and response.json()["count"] == 0
    holder = {"id_number": person("applicant_b").id_number, "name": "李雪梅", "qualification": "工程师", "level": 3,
              "committee": "广州市工程技术人才中级职称评审委员会", "issuer": "440100"}
    response = _call(client, "post", "/api/v1/numbers/allocate", token=sz, body={"holders": [holder]})
    assert response.status_code == 403, response.content
    # a number allocated to 广州 cannot be reported or voided by 深圳
    gz = _call(client, "post", "/api/v1/numbers/allocate", token=security_world.gz_secret, body={"holders": [holder]})
    assert gz.status_code == 200, gz.content
    number = gz.json()["items"][0]["number"]
    for path, body in (
        ("/api/v1/certificates/report", {"certificates": [{"number": number, "issued_on": "2026-01-05"}]}),
        ("/api/v1/certificates/void", {"number": number, "reason": "测试"}),
    ):
        response = client.post(path, data=json.dumps(body), content_type="application/json",
                                headers={"Authorization": f"Bearer {sz}", "Idempotency-Key": f"sz-{path}"})
        assert response.status_code == 404, (path, response.content)


def test_a_token_without_the_scope_is_a_403(security_world):
    from zhicheng.exchange.models import Scope
    from zhicheng.exchange.services import api_token_issue, external_system_update

    sz = security_world.sz
    external_system_update(
        actor=None, system=sz, name=sz.name, organisation=sz.organisation, scopes=[Scope.CERTIFICATES_READ],
        issuers=list(sz.issuers.all()), committees=list(sz.committees.all()), is_active=True, expires_at=None,
    )
    _, token = api_token_issue(actor=None, system=sz, label="只读")
    response = _call(Client(), "post", "/api/v1/certificates/void", token=token,
                     body={"number": "202644030030000010", "reason": "测试"})
    assert response.status_code == 403 and response.json()["code"] == "scope_missing"

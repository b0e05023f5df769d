"""Fixtures of the exchange tests: the demo external system (广州) and a second, narrower one."""

from __future__ import annotations

import itertools
import json

import pytest
from django.core.cache import cache

# Valid ID numbers (GB 11643 check digit) for external holders.
from tests.world.cast import make_id_number
from zhicheng.catalog.models import Committee
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

HOLDER_IDS = [make_id_number("440106", f"1985{m:02d}15", f"{100 + m:03d}") for m in range(1, 13)]
SZ_COMMITTEE = "深圳市工程技术人才中级职称评审委员会"

_keys = itertools.count(1)


def new_key() -> str:
    return f"test-key-{next(_keys)}"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def gz(db):
    """The demo system: 广州市人社局 + 广州市工程技术人才中级职称评审委员会, all scopes, fixed token."""
    from tests.world.exchange import API_TOKEN, exchange_system_load

    system = exchange_system_load()
    system.token = API_TOKEN
    return system


@pytest.fixture
def sz(db):
    """A second client: 深圳 issuer and committee only."""
    from zhicheng.exchange.models import Scope
    from zhicheng.exchange.services import api_token_issue, external_system_create

    bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id="440300")
    system = external_system_create(
        actor=None, name="深圳市职称评审管理服务平台", organisation=bureau, scopes=list(Scope.values),
        issuers=[bureau], committees=[Committee.objects.get(organisation__name=SZ_COMMITTEE)],
    )
    _, system.token = api_token_issue(actor=None, system=system, label="测试")
    return system


class Api:
    """A thin JSON client for /api/v1/ with a bearer token."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.token = token

    def _headers(self, key, extra):
        headers = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if key:
            headers["Idempotency-Key"] = key
        headers.update(extra or {})
        return headers

    def post(self, path, body, *, key: str | None = "auto", headers=None):
        if key == "auto":
            key = new_key()
        return self.client.post(
            f"/api/v1{path}",
            data=json.dumps(body),
            content_type="application/json",
            headers=self._headers(key, headers),
        )

    def get(self, path, *, headers=None):
        return self.client.get(f"/api/v1{path}", headers=self._headers(None, headers))


@pytest.fixture
def api_for(client):
    def make(system_or_token):
        token = system_or_token if isinstance(system_or_token, str | None) else system_or_token.token
        return Api(client, token)

    return make


def holder_name(i: int) -> str:
    """持证人零, 持证人一, … 持证人一二: a name without digits (digits are refused in names)."""
    return "持证人" + "".join("零一二三四五六七八九"[int(d)] for d in str(i))


def holder(i: int = 0, **overrides):
    data = {
        "id_number": HOLDER_IDS[i], "name": holder_name(i), "qualification": "工程师", "level": 3,
        "committee": "广州市工程技术人才中级职称评审委员会", "issuer": "440100",
    }
    data.update(overrides)
    return data

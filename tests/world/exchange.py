"""The test world's external system (广州市职称评审管理服务平台) with a fixed token, for the API tests.

``exchange_system_load()`` is idempotent; the token is stored hashed like any other.
"""

from __future__ import annotations

from django.db import transaction

from zhicheng.catalog.models import Committee
from zhicheng.exchange.models import ExternalSystem, Scope
from zhicheng.exchange.services import api_token_register, external_system_create, external_system_update
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

API_SYSTEM_NAME = "广州市职称评审管理服务平台"
API_TOKEN = "zc_test_guangzhou_1111111111111111111111111111"  # noqa: S105 - the tests' token
API_ISSUER_REGION = "440100"  # 广州市人力资源和社会保障局
API_COMMITTEE = "广州市工程技术人才中级职称评审委员会"


@transaction.atomic
def exchange_system_load() -> ExternalSystem:
    """广州市职称评审管理服务平台 of 广州市人社局: every scope, issuing for 广州市人社局 and the 广州市 engineering
    committee, active, no expiry, with ``API_TOKEN``; created or brought back into line. Returns it."""
    bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id=API_ISSUER_REGION)
    committee = Committee.objects.get(organisation__name=API_COMMITTEE)
    fields = {
        "organisation": bureau, "scopes": list(Scope.values), "issuers": [bureau], "committees": [committee],
        "is_active": True, "expires_at": None, "note": "测试数据",
    }
    system = ExternalSystem.objects.filter(name=API_SYSTEM_NAME).first()
    if system is None:
        system = external_system_create(actor=None, name=API_SYSTEM_NAME, **fields)
    elif (
        not system.is_active or system.expires_at is not None or set(system.scopes) != set(Scope.values)
        or set(system.issuers.all()) != {bureau} or set(system.committees.all()) != {committee}
    ):
        system = external_system_update(actor=None, system=system, **fields)
    api_token_register(system=system, token=API_TOKEN, label="测试令牌")
    return system

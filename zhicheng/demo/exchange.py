"""Demo external system with a fixed, published token, so that docs/api.md's examples work.

``demo_exchange_load()`` is idempotent. The demo token is stored hashed like any other; it is
public, so a production system must never load the demo data.
"""

from __future__ import annotations

from django.db import transaction

from zhicheng.catalog.models import Committee
from zhicheng.exchange.models import ExternalSystem, Scope
from zhicheng.exchange.services import api_token_register, external_system_create, external_system_update
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

DEMO_SYSTEM_NAME = "广州市职称评审管理服务平台"
DEMO_TOKEN = "zc_demo_guangzhou_0000000000000000000000000000"  # noqa: S105 - published demo credential
DEMO_ISSUER_REGION = "440100"  # 广州市人力资源和社会保障局
DEMO_COMMITTEE = "广州市工程技术人才中级职称评审委员会"


@transaction.atomic
def demo_exchange_load() -> ExternalSystem:
    bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id=DEMO_ISSUER_REGION)
    committee = Committee.objects.get(organisation__name=DEMO_COMMITTEE)
    fields = {
        "organisation": bureau, "scopes": list(Scope.values), "issuers": [bureau], "committees": [committee],
        "is_active": True, "expires_at": None, "note": "演示数据：令牌公开，仅供演示",
    }
    system = ExternalSystem.objects.filter(name=DEMO_SYSTEM_NAME).first()
    if system is None:
        system = external_system_create(actor=None, name=DEMO_SYSTEM_NAME, **fields)
    elif (
        not system.is_active or system.expires_at is not None or set(system.scopes) != set(Scope.values)
        or set(system.issuers.all()) != {bureau} or set(system.committees.all()) != {committee}
    ):
        system = external_system_update(actor=None, system=system, **fields)
    api_token_register(system=system, token=DEMO_TOKEN, label="演示令牌（公开）")
    return system

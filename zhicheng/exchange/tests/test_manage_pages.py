"""The staff pages: system administrators manage external systems and tokens; everyone else gets 404."""

from __future__ import annotations

import re

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.catalog.models import Committee
from zhicheng.exchange.models import ApiToken, ExternalSystem
from zhicheng.orgs.models import Organisation

from .conftest import holder

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["applicant_a", "hr_reviewer", "security_admin", "audit_admin"])
def test_only_system_administrators(client, cast, gz, who):
    client.force_login(cast[who])
    for url in ["/api/manage/", "/api/manage/new/", f"/api/manage/{gz.pk}/", f"/api/manage/{gz.pk}/edit/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")
    token = ApiToken.objects.get(system=gz)
    assert client.post(f"/api/manage/{gz.pk}/tokens/new/", {"label": "x"}).status_code == 404
    assert client.post(f"/api/manage/{gz.pk}/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(system=gz).count() == 1 and not ApiToken.objects.get(pk=token.pk).revoked_at


def test_anonymous_is_sent_to_login(client):
    response = client.get("/api/manage/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_create_edit_issue_and_revoke(client, cast, api_for):
    admin = cast["system_admin"]
    client.force_login(admin)
    assert client.get("/api/manage/").status_code == 200
    bureau = Organisation.objects.get(kind="hr_bureau", region_id="440300")
    committee = Committee.objects.get(organisation__name="深圳市工程技术人才中级职称评审委员会")
    # Bad input: a clear message, and what was typed is kept.
    response = client.post("/api/manage/new/", {"name": "", "organisation": bureau.pk, "contact": "王工 0755-1234"})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert "王工 0755-1234" in response.content.decode()
    response = client.post(
        "/api/manage/new/",
        {
            "name": "深圳市职称评审管理服务平台",
            "organisation": bureau.pk,
            "scopes": ["numbers:allocate", "certificates:read"],
            "issuers": [bureau.pk],
            "committees": [committee.pk],
            "is_active": "on",
            "expires_on": "",
        },
    )
    assert response.status_code == 302
    system = ExternalSystem.objects.get(name="深圳市职称评审管理服务平台")
    assert system.scopes == ["numbers:allocate", "certificates:read"]
    assert list(system.issuers.all()) == [bureau] and list(system.committees.all()) == [committee]
    assert AuditEvent.objects.filter(action="exchange.system.create", object_id=str(system.pk), actor=admin).exists()

    # A duplicate name is refused next to the field.
    response = client.post("/api/manage/new/", {"name": "深圳市职称评审管理服务平台", "organisation": bureau.pk})
    assert response.status_code == 200 and "已存在" in response.content.decode()

    # Issue a token: shown once, stored hashed, works at once.
    response = client.post(f"/api/manage/{system.pk}/tokens/new/", {"label": "生产环境"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = re.search(r'value="(zc_[A-Za-z0-9_-]{40})"', response.content.decode()).group(1)
    stored = ApiToken.objects.get(system=system)
    assert stored.prefix == token[:10] and token not in stored.digest
    assert AuditEvent.objects.filter(action="exchange.token.issue", object_id=str(system.pk)).exists()
    detail = client.get(f"/api/manage/{system.pk}/").content.decode()
    assert token[:10] in detail and token not in detail
    api = api_for(token)
    assert api.post("/certificates/search", {"id_number": holder(0)["id_number"]}).status_code == 200

    # Edit: take away the read scope; the API follows at once.
    response = client.post(f"/api/manage/{system.pk}/edit/", {
        "name": system.name, "organisation": bureau.pk, "scopes": ["numbers:allocate"],
        "issuers": [bureau.pk], "committees": [committee.pk], "is_active": "on",
    })
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="exchange.system.update", object_id=str(system.pk))
    assert event.detail["changed"]["scopes"] == {"before": ["numbers:allocate", "certificates:read"],
                                                 "after": ["numbers:allocate"]}
    assert api.post("/certificates/search", {"id_number": holder(0)["id_number"]}).json()["code"] == "scope_missing"

    # Revoke: a confirmation page, then refused at once.
    assert client.get(f"/api/manage/{system.pk}/tokens/{stored.pk}/revoke/").status_code == 200
    assert client.post(f"/api/manage/{system.pk}/tokens/{stored.pk}/revoke/").status_code == 302
    assert ApiToken.objects.get(pk=stored.pk).revoked_at is not None
    assert api.post("/numbers/allocate", {"holders": [holder(0)]}).json()["code"] == "token_revoked"
    assert AuditEvent.objects.filter(action="exchange.token.revoke", object_id=str(system.pk), actor=admin).exists()


def test_issuers_must_be_hr_bureaus(client, cast):
    client.force_login(cast["system_admin"])
    not_bureau = Organisation.objects.exclude(kind="hr_bureau").first()
    bureau = Organisation.objects.get(kind="hr_bureau", region_id="440300")
    response = client.post(
        "/api/manage/new/", {"name": "某系统", "organisation": bureau.pk, "issuers": [not_bureau.pk]}
    )
    assert response.status_code == 200
    assert not ExternalSystem.objects.filter(name="某系统").exists()


def test_token_of_another_system_cannot_be_revoked_through_this_one(client, cast, gz, sz):
    client.force_login(cast["system_admin"])
    token = ApiToken.objects.get(system=sz)
    assert client.post(f"/api/manage/{gz.pk}/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None

"""Regression tests for the authorization and safe-method bugs the security review fixed."""

from __future__ import annotations

import pytest
from django.test import Client

from zhicheng.audit.models import AuditEvent
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def _client(world, key):
    client = Client()
    client.force_login(world.user(key))
    return client


def test_opening_profile_pages_creates_no_profile(security_world):
    """A GET used to create an empty profile (and a ``profile.create`` audit event) per visitor."""
    from zhicheng.profiles.models import Profile

    b = security_world.user("applicant_b")
    client = _client(security_world, "applicant_b")
    last = AuditEvent.objects.order_by("-pk").first().pk
    for path in ("/profile/basic/", "/profile/unit/", "/profile/section/education/", "/profile/attachments/"):
        assert client.get(path).status_code == 200, path
    assert client.get("/profile/review/").status_code == 302
    assert not Profile.objects.filter(user=b).exists()
    assert not AuditEvent.objects.filter(pk__gt=last, action="profile.create").exists()
    # the first save creates it
    client.post("/profile/basic/", {"gender": "F", "ethnicity": "汉族", "political_status": "masses"})
    assert Profile.objects.filter(user=b).exists()


@pytest.mark.parametrize("role", [Role.ORG_ADMIN, Role.WINDOW_STAFF, Role.EXPERT])
def test_only_case_roles_open_an_organisations_cases(security_world, role):
    """An organisation administrator, window staff or expert at A's unit sees neither the queue nor A's case."""
    unit = security_world.unit
    user = security_world.user("applicant_b")
    Membership.objects.create(user=user, organisation=unit, role=role, is_active=True)
    client = _client(security_world, "applicant_b")
    assert client.get(f"/cases/queue/{unit.pk}/").status_code == 404
    assert client.get(f"/cases/{security_world.case.pk}/").status_code == 404
    assert client.get(f"/profile/attachments/{security_world.attachment.pk}/download/").status_code == 404
    Membership.objects.create(user=user, organisation=unit, role=Role.REVIEWER, is_active=True)
    assert client.get(f"/cases/queue/{unit.pk}/").status_code == 200


def test_admin_cannot_grant_roles(security_world):
    """Roles are granted on the audited staff pages; the system administrator's admin only shows them."""
    client = _client(security_world, "system_admin")
    membership = security_world.reviewer_membership
    assert client.get("/admin/orgs/membership/add/").status_code == 403
    response = client.post(f"/admin/orgs/membership/{membership.pk}/change/", {
        "user": membership.user_id, "organisation": membership.organisation_id, "role": Role.ORG_ADMIN,
        "is_active": "on",
    })
    assert response.status_code in (200, 403)
    assert Membership.objects.get(pk=membership.pk).role == Role.REVIEWER
    org = security_world.unit
    page = client.get(f"/admin/orgs/organisation/{org.pk}/change/").content.decode()
    assert "memberships-TOTAL_FORMS" not in page or 'name="memberships-0-role"' not in page


def test_admin_changes_to_accounts_and_organisations_are_audited(security_world):
    from zhicheng.accounts.models import User

    client = _client(security_world, "system_admin")
    b = security_world.user("applicant_b")
    response = client.post(f"/admin/accounts/user/{b.pk}/change/", {
        "real_name": b.real_name, "email": "", "must_change_password": "on",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    b = User.objects.get(pk=b.pk)
    assert b.is_active is False and b.must_change_password is True
    event = AuditEvent.objects.filter(action="account.admin.change", object_id=str(b.pk)).latest("pk")
    assert event.actor == security_world.user("system_admin")
    assert set(event.detail["fields"]) == {"is_active", "must_change_password"}
    assert event.detail["before"]["is_active"] is True and event.detail["after"]["is_active"] is False

    org = Organisation.objects.get(name="龙川县中医院")
    assert AuditEvent.objects.filter(action="organisation.admin.change").count() == 0
    org_data = {f: getattr(org, f) for f in ("name", "credit_code", "kind", "scope_note")}
    org_data.update({"region": org.region_id, "supervising_unit": org.supervising_unit_id, "is_active": "on",
                     "holds_personnel_files": "on", "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0})
    org_data["name"] = "龙川县中医院（测试改名）"
    response = client.post(f"/admin/orgs/organisation/{org.pk}/change/", org_data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="organisation.admin.change", object_id=str(org.pk))
    assert event.detail["after"]["name"] == "龙川县中医院（测试改名）"

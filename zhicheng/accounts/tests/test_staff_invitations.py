"""Staff of a unit: invited by ID number with a role, in force once accepted, ending on a date
(issue 19). Expert-pool managers and statistics readers are roles of their kinds of unit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.world.cast import BUILDING_COMMITTEE, person
from zhicheng.accounts.models import User
from zhicheng.audit.models import AuditEvent
from zhicheng.cases.models import Notification
from zhicheng.cases.services import case_approve
from zhicheng.cases.workflow import CasePermissionDenied
from zhicheng.committees.models import ExpertProfile
from zhicheng.orgs import memberships
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership, Organisation
from zhicheng.profiles.services import profile_submit
from zhicheng.profiles.tests.conftest import fill_profile

pytestmark = pytest.mark.django_db


def _admin_unit(cast):
    admin = cast["unit_admin"]
    return admin, Membership.objects.get(user=admin, role=Role.ORG_ADMIN).organisation


def test_invited_reviewer_acts_only_after_accepting(client, cast):
    admin, unit = _admin_unit(cast)
    newcomer = cast["applicant_c"]
    waiting = profile_submit(profile=fill_profile(cast["applicant_b"], unit.name), actor=cast["applicant_b"])
    client.force_login(admin)
    client.post(reverse("accounts:staff", args=[unit.pk]),
                {"id_number": person("applicant_c").id_number, "role": Role.REVIEWER})
    invitation = Membership.objects.get(user=newcomer, organisation=unit, role=Role.REVIEWER)
    assert invitation.is_pending
    assert Notification.objects.filter(user=newcomer, title__contains="邀请您担任审核人员").exists()
    with pytest.raises(CasePermissionDenied):
        case_approve(case=waiting, actor=newcomer, opinion="同意。")

    client.force_login(newcomer)
    home = client.get("/").content.decode()
    assert "角色邀请待处理" in home and unit.name in home
    # Nobody else can answer it.
    client.force_login(cast["applicant_b"])
    client.post(reverse("accounts:invitations"), {"membership": invitation.pk, "action": "accept"})
    invitation.refresh_from_db()
    assert invitation.is_pending
    client.force_login(newcomer)
    response = client.post(
        reverse("accounts:invitations"), {"membership": invitation.pk, "action": "accept"}, follow=True
    )
    assert f"您已成为{unit.name}的审核人员" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.is_active and invitation.accepted_at is not None
    assert AuditEvent.objects.filter(action="membership.accept", actor=newcomer).exists()
    newcomer = User.objects.get(pk=newcomer.pk)  # a fresh request reads the roles again
    assert case_approve(case=waiting, actor=newcomer, opinion="同意。").current_step_order == 1


def test_declined_invitation_gives_nothing(client, cast):
    admin, unit = _admin_unit(cast)
    invitation = memberships.membership_grant(
        actor=admin, organisation=unit, user=cast["applicant_c"], role=Role.REVIEWER
    )
    client.force_login(cast["applicant_c"])
    client.post(reverse("accounts:invitations"), {"membership": invitation.pk, "action": "decline"})
    invitation.refresh_from_db()
    assert not invitation.is_active and invitation.state_label == "已拒绝"
    assert "角色邀请待处理" not in client.get("/").content.decode()


def test_role_ends_on_its_date(client, cast):
    admin, unit = _admin_unit(cast)
    reviewer = cast["unit_reviewer"]
    membership = Membership.objects.get(user=reviewer, organisation=unit, role=Role.REVIEWER)
    today = timezone.localdate()
    client.force_login(admin)
    response = client.post(reverse("accounts:staff_ends_on", args=[unit.pk, membership.pk]),
                           {"ends_on": (today - dt.timedelta(days=1)).isoformat()}, follow=True)
    assert "截止日期不能早于今天" in response.content.decode()
    client.post(reverse("accounts:staff_ends_on", args=[unit.pk, membership.pk]), {"ends_on": today.isoformat()})
    membership.refresh_from_db()
    assert membership.ends_on == today
    assert AuditEvent.objects.filter(action="membership.ends_on", object_id=str(membership.pk)).exists()
    waiting = profile_submit(profile=fill_profile(cast["applicant_b"], unit.name), actor=cast["applicant_b"])
    # The day after, the role is out of force at once, and the daily run ends it.
    Membership.objects.filter(pk=membership.pk).update(ends_on=today - dt.timedelta(days=1))
    reviewer = User.objects.get(pk=reviewer.pk)
    with pytest.raises(CasePermissionDenied):
        case_approve(case=waiting, actor=reviewer, opinion="同意。")
    assert memberships.memberships_expire() == 1
    membership.refresh_from_db()
    assert not membership.is_active and membership.ended_at is not None
    assert memberships.memberships_expire() == 0


def test_expert_pool_manager_manages_the_pool_but_not_meetings(client, cast):
    committee_org = Organisation.objects.get(name=BUILDING_COMMITTEE)
    manager = cast["applicant_c"]
    Membership.objects.create(user=manager, organisation=committee_org, role=Role.EXPERT_POOL_MANAGER)
    client.force_login(manager)
    committee = committee_org.committee
    url = reverse("evaluation:experts", args=[committee.pk])
    assert client.get(url).status_code == 200
    employer = Organisation.objects.get(name="龙川县人民医院")
    response = client.post(url, {"id_number": person("applicant_b").id_number, "employer": employer.pk})
    assert response.status_code == 302
    assert ExpertProfile.objects.filter(user=cast["applicant_b"], committee=committee, is_active=True).exists()
    response = client.post(url, {"id_number": person("applicant_c").id_number, "employer": employer.pk})
    assert "不能将自己加入专家库" in response.content.decode()
    assert client.get(reverse("evaluation:meeting_new", args=[committee.pk])).status_code == 404


def test_roles_by_kind_include_the_new_roles(cast):
    from zhicheng.orgs.selectors import roles_grantable_at

    bureau = Organisation.objects.get(name="河源市人力资源和社会保障局")
    committee = Organisation.objects.get(name=BUILDING_COMMITTEE)
    assert Role.STATS_READER in roles_grantable_at(organisation=bureau)
    assert Role.EXPERT_POOL_MANAGER in roles_grantable_at(organisation=committee)
    assert Role.EXPERT_POOL_MANAGER not in roles_grantable_at(organisation=bureau)

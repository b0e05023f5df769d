"""Separation of duties (zhicheng/orgs/permissions.py): one test per rule, with the two attacks
of issue 19 as they were tried (何静 making herself a reviewer, 林涛 joining his own pool)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.world.cast import HEYUAN_ENG_COMMITTEE, person
from zhicheng.accounts import services as account_services
from zhicheng.accounts.models import AdminDuty
from zhicheng.audit.models import AuditEvent
from zhicheng.cases.constants import CaseStatus
from zhicheng.cases.services import case_approve
from zhicheng.cases.workflow import CasePermissionDenied
from zhicheng.committees.models import ExpertProfile
from zhicheng.committees.services import NotAllowed, expert_add
from zhicheng.orgs import memberships
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership, Organisation
from zhicheng.orgs.permissions import DutyConflict
from zhicheng.profiles.services import profile_submit
from zhicheng.profiles.tests.conftest import fill_profile

pytestmark = pytest.mark.django_db


def _unit_of(user, role=Role.ORG_ADMIN) -> Organisation:
    return Membership.objects.get(user=user, role=role, is_active=True).organisation


def test_unit_admin_cannot_make_herself_reviewer_and_decide(client, cast):
    """The attack: 何静, administrator of 龙川县人民医院, adds herself as reviewer, then opens a
    waiting case with its decision form. Both are refused now."""
    he_jing = cast["unit_admin"]
    unit = _unit_of(he_jing)
    waiting = profile_submit(profile=fill_profile(cast["applicant_b"], unit.name), actor=cast["applicant_b"])
    assert waiting.current_organisation == unit

    client.force_login(he_jing)
    response = client.post(reverse("accounts:staff", args=[unit.pk]),
                           {"id_number": person("unit_admin").id_number, "role": Role.REVIEWER})
    assert "不能为自己设置角色" in response.content.decode()
    assert not Membership.objects.filter(user=he_jing, organisation=unit, role=Role.REVIEWER).exists()
    assert not AuditEvent.objects.filter(action="membership.grant", actor=he_jing).exists()
    # Through the service (what the API or any other page would call) it is refused the same way.
    with pytest.raises(DutyConflict) as exc:
        memberships.membership_grant(actor=he_jing, organisation=unit, user=he_jing, role=Role.REVIEWER)
    assert exc.value.code == "self_grant"
    # No decision form, and no decision.
    assert client.get(reverse("cases:detail", args=[waiting.pk])).status_code == 404
    with pytest.raises(CasePermissionDenied):
        case_approve(case=waiting, actor=he_jing, opinion="同意。")


def test_unit_admin_reviews_when_another_administrator_grants_it(cast):
    he_jing = cast["unit_admin"]
    unit = _unit_of(he_jing)
    second_admin = cast["applicant_c"]
    Membership.objects.create(user=second_admin, organisation=unit, role=Role.ORG_ADMIN)
    invited = memberships.membership_grant(actor=second_admin, organisation=unit, user=he_jing, role=Role.REVIEWER)
    assert memberships.membership_accept(user=he_jing, membership=invited).is_active
    waiting = profile_submit(profile=fill_profile(cast["applicant_b"], unit.name), actor=cast["applicant_b"])
    case = case_approve(case=waiting, actor=he_jing, opinion="同意。")
    assert case.current_organisation == unit.supervising_unit


def test_nobody_changes_or_ends_their_own_role(client, cast):
    he_jing = cast["unit_admin"]
    unit = _unit_of(he_jing)
    own = Membership.objects.get(user=he_jing, organisation=unit, role=Role.ORG_ADMIN)
    client.force_login(he_jing)
    response = client.post(reverse("accounts:staff_revoke", args=[unit.pk, own.pk]), follow=True)
    assert "不能变更或撤销自己的角色" in response.content.decode()
    own.refresh_from_db()
    assert own.is_active
    with pytest.raises(DutyConflict):
        memberships.membership_revoke(actor=he_jing, membership=own)


def test_committee_office_cannot_put_himself_in_his_pool(client, cast):
    """The attack: 林涛 of the 河源市工程 committee office adds himself to its expert pool."""
    lin_tao = cast["other_committee_office"]
    committee = _unit_of(lin_tao, Role.COMMITTEE_OFFICE).committee
    assert committee.organisation.name == HEYUAN_ENG_COMMITTEE
    employer = Organisation.objects.get(name="河源市人力资源和社会保障局")
    client.force_login(lin_tao)
    response = client.post(reverse("evaluation:experts", args=[committee.pk]), {
        "id_number": person("other_committee_office").id_number, "employer": employer.pk,
        "title": "高级工程师",
    })
    assert "不能将自己加入专家库" in response.content.decode()
    assert not ExpertProfile.objects.filter(user=lin_tao).exists()
    assert not Membership.objects.filter(user=lin_tao, role=Role.EXPERT).exists()
    with pytest.raises(NotAllowed):
        expert_add(committee=committee, user=lin_tao, employer=employer, actor=lin_tao)
    # Someone else in the pool is fine.
    expert = expert_add(committee=committee, user=cast["applicant_c"], employer=employer, actor=lin_tao)
    assert expert.is_active


def test_reviewer_cannot_decide_his_own_case(client, cast):
    chen = cast["unit_reviewer"]  # 陈志强, reviewer of 龙川县人民医院, applies there himself
    unit = _unit_of(chen, Role.REVIEWER)
    own = profile_submit(profile=fill_profile(chen, unit.name), actor=chen)
    assert own.current_organisation == unit
    with pytest.raises(CasePermissionDenied) as exc:
        case_approve(case=own, actor=chen, opinion="同意。")
    assert "不能审核本人申报的业务" in exc.value.message
    own.refresh_from_db()
    assert own.status == CaseStatus.SUBMITTED and own.current_step_order == 0
    # The batch approval on his queue is refused the same way.
    client.force_login(chen)
    client.post(reverse("cases:batch_approve", args=[unit.pk]), {"cases": [own.pk], "opinion": "同意"})
    own.refresh_from_db()
    assert own.current_step_order == 0
    # Another reviewer of the unit decides it.
    other = cast["applicant_c"]
    Membership.objects.create(user=other, organisation=unit, role=Role.REVIEWER)
    assert case_approve(case=own, actor=other, opinion="同意。").current_step_order == 1


def test_administrator_duties_stay_apart(cast):
    security = cast["security_admin"]
    with pytest.raises(DutyConflict) as exc:
        account_services.admin_duty_set(actor=security, user=security, duty=AdminDuty.SYSTEM)
    assert exc.value.code == "self_duty"
    # One field, one duty: giving the audit duty to the system administrator takes the system duty away.
    system = cast["system_admin"]
    account_services.admin_duty_set(actor=security, user=system, duty=AdminDuty.AUDIT)
    system.refresh_from_db()
    assert system.admin_duty == AdminDuty.AUDIT and not system.is_superuser and not system.is_staff

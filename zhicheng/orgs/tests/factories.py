"""Organisations and roles for tests, made through ``orgs.services.organisation_upsert`` on the
reference data's regions (not the test world's organisations).

    SupervisingUnitFactory()                            # a 主管单位 in 龙川县
    PersonnelUnitFactory()                              # a 人事管理单位 under a new 主管单位
    PersonnelUnitFactory(supervising_unit=supervisor)
    MembershipFactory(user=u, organisation=unit)        # a reviewer's role, in force
    MembershipFactory(user=u, organisation=unit, role=Role.ORG_ADMIN)
    reviewer_at(unit), staff_at(committee.organisation, Role.COMMITTEE_OFFICE)   # whoever acts there
"""

from __future__ import annotations

import factory
from django.utils import timezone

from zhicheng.orgs.constants import OrgKind, Role
from zhicheng.orgs.models import Membership, Organisation

REGION = "441622"  # 龙川县


class OrganisationFactory(factory.Factory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试单位{n}号")
    kind = OrgKind.PERSONNEL_UNIT
    region_code = REGION
    prefix = "12"
    supervising_unit = None

    @classmethod
    def _create(cls, model_class, **kwargs) -> Organisation:
        from zhicheng.orgs.services import organisation_upsert

        return organisation_upsert(**kwargs)


class SupervisingUnitFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"测试主管局{n}号")
    kind = OrgKind.SUPERVISING_UNIT
    prefix = "11"


class PersonnelUnitFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"测试医院{n}号")
    supervising_unit = factory.SubFactory(SupervisingUnitFactory)
    holds_personnel_files = True


class MembershipFactory(factory.Factory):
    """A role in force, as if invited and accepted (``orgs.memberships.membership_grant`` then
    ``membership_accept`` need an administrator of the unit; the cast has none to start with)."""

    class Meta:
        model = Membership

    organisation = factory.SubFactory(PersonnelUnitFactory)
    role = Role.REVIEWER

    @classmethod
    def _create(cls, model_class, **kwargs) -> Membership:
        now = timezone.now()
        membership = model_class(is_active=True, invited_at=now, accepted_at=now, **kwargs)
        membership.full_clean()
        membership.save()
        return membership


def staff_at(organisation: Organisation, role: str = Role.REVIEWER):
    """Someone holding ``role`` (a ``Role``) in force at ``organisation``: the first there is (the cast's
    reviewer, say), else a new account given the role."""
    from zhicheng.accounts.tests.factories import UserFactory

    membership = (Membership.objects.in_force().filter(organisation=organisation, role=role)
                  .select_related("user").order_by("pk").first())
    if membership is not None:
        return membership.user
    return MembershipFactory(user=UserFactory(), organisation=organisation, role=role).user


def reviewer_at(organisation: Organisation):
    """A reviewer in force at ``organisation``: the first there is, else a new account given the role."""
    return staff_at(organisation, Role.REVIEWER)

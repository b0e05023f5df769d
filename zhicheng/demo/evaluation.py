"""Demo expert pool: the 12 experts of the provincial building committee (``zhicheng.demo.loader.EXPERTS``)
with their employers. Idempotent (one ``ExpertProfile`` per expert and committee)."""

from __future__ import annotations

from django.db import transaction

from zhicheng.accounts.models import User
from zhicheng.catalog.models import Committee, Specialty
from zhicheng.demo.loader import BUILDING_COMMITTEE, expert_people
from zhicheng.evaluation.models import ExpertProfile
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership, Organisation

DEMO_TITLES = ["正高级工程师", "高级工程师"]


@transaction.atomic
def demo_evaluation_load() -> int:
    """Create the missing expert profiles; return how many were created."""
    from zhicheng.demo.loader import EXPERTS

    committee = Committee.objects.filter(organisation__name=BUILDING_COMMITTEE).first()
    if committee is None:
        return 0
    specialties = list(Specialty.objects.filter(series=committee.series, name__in=["建筑工程", "土木工程", "建筑设计"]))
    created = 0
    for i, (p, (_name, employer_name)) in enumerate(zip(expert_people(), EXPERTS, strict=True)):
        user = User.objects.get_by_id_number(p.id_number)
        employer = Organisation.objects.get(name=employer_name)
        _, was_created = ExpertProfile.objects.get_or_create(
            user=user, committee=committee,
            defaults={
                "employer": employer,
                "specialty": specialties[i % len(specialties)] if specialties else None,
                "title": DEMO_TITLES[i % 2],
            },
        )
        Membership.objects.get_or_create(user=user, organisation=committee.organisation, role=Role.EXPERT,
                                         defaults={"is_active": True})
        created += was_created
    return created


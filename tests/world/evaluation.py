"""The building committee's expert pool, made through ``committees.services.expert_add``."""

from __future__ import annotations

from django.db import transaction

from tests.world.cast import BUILDING_COMMITTEE, EXPERTS, expert_people, user

TITLES = ["正高级工程师", "高级工程师"]


@transaction.atomic
def expert_pool_load() -> int:
    """Put the twelve experts (``expert_1`` … ``expert_12``) in the building committee's pool through
    ``committees.services.expert_add`` (by its office, 马琳), with their employers, a specialty and a title;
    those already in it are left alone. Returns how many were added."""
    from zhicheng.catalog.models import Committee, Specialty
    from zhicheng.committees.models import ExpertProfile
    from zhicheng.committees.services import expert_add
    from zhicheng.orgs.models import Organisation

    committee = Committee.objects.filter(organisation__name=BUILDING_COMMITTEE).first()
    if committee is None:
        return 0
    specialties = list(Specialty.objects.filter(series=committee.series, name__in=["建筑工程", "土木工程", "建筑设计"]))
    office = user("committee_office")
    added = 0
    for i, (p, (_name, employer_name)) in enumerate(zip(expert_people(), EXPERTS, strict=True)):
        expert = user(p.key)
        if ExpertProfile.objects.filter(user=expert, committee=committee).exists():
            continue
        expert_add(committee=committee, user=expert, employer=Organisation.objects.get(name=employer_name),
                   actor=office, specialty=specialties[i % len(specialties)] if specialties else None,
                   title=TITLES[i % 2])
        added += 1
    return added


"""The cast (``tests.world.cast``) made as accounts: registered through ``accounts.services.user_register``
(validated like a real registration), with their roles in force (given without an invitation, as a
service gives an expert's) and the administrators' duties."""

from __future__ import annotations

from django.db import transaction

from tests.world.cast import PASSWORD, Person, all_people


@transaction.atomic
def people_load(*, password: str = PASSWORD) -> list[Person]:
    """Register every cast member who has no account yet and give each their role; returns the cast."""
    from zhicheng.accounts.models import User, id_digest
    from zhicheng.accounts.services import user_register
    from zhicheng.orgs.models import Membership, Organisation

    people = all_people()
    for p in people:
        user = User.objects.filter(id_number_digest=id_digest(p.id_number)).first()
        if user is None:
            user = user_register(id_number=p.id_number, real_name=p.name, phone=p.phone, password=password,
                                 email=p.email)
        if p.admin_duty:
            user.admin_duty = p.admin_duty
            user.is_staff = user.is_superuser = p.admin_duty == "system"
            user.save(update_fields=["admin_duty", "is_staff", "is_superuser"])
        if p.org:
            Membership.objects.update_or_create(user=user, organisation=Organisation.objects.get(name=p.org),
                                                role=p.role, defaults={"is_active": True})
    return people

"""Build the test world (decision 0036) on the reference data: what every database test starts from."""

from __future__ import annotations

from django.db import transaction

from tests.world.cast import Person


@transaction.atomic
def world_load() -> list[Person]:
    """The organisations and committees (``organisations``), the cast with their roles (``people``), the
    open and closed plans (``plans``), the building committee's expert pool (``evaluation``), the
    certificates (``certificates``) and 清远市's FAQ (``announcements``). No cases: queues start empty;
    tests add state with the loaders of this package and the factories of each app. Needs
    ``load_reference_data`` first. Returns the cast."""
    from tests.world.announcements import announcements_load
    from tests.world.certificates import certificates_load
    from tests.world.evaluation import expert_pool_load
    from tests.world.organisations import organisations_load
    from tests.world.people import people_load
    from tests.world.plans import plans_load

    organisations_load()
    people = people_load()
    plans_load()
    expert_pool_load()
    certificates_load()
    announcements_load(with_notices=False)
    return people

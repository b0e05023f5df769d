"""The demo's own tests read the demo (decision 0036): each test loads the demo (no cases) over the test
world, inside its transaction, and ``cast`` finds the demo's people by the demo's ``person()``."""

from __future__ import annotations

import pytest


class DemoCast(dict):
    def __missing__(self, key):
        from zhicheng.accounts.models import User
        from zhicheng.demo.loader import person

        user = User.objects.get_by_id_number(person(key).id_number)
        self[key] = user
        return user


@pytest.fixture(autouse=True)
def _demo(db):
    """The demo's organisations, cast, plans, expert pool, certificates and FAQ over the test world."""
    from zhicheng.demo.loader import demo_load

    demo_load(with_cases=False)


@pytest.fixture
def cast(db, _demo) -> DemoCast:
    return DemoCast()

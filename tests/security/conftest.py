"""The security tests' world: built once per module inside a transaction that is rolled back at the
end of the module (``tests.world.module``), so that each module's tests share it and nothing leaks to
other tests."""

from __future__ import annotations

import pytest

from tests.world.module import logged_in_clients, module_world

from .world import USERS, world_build


@pytest.fixture(scope="module")
def security_world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, str(tmp_path_factory.mktemp("media")), world_build) as world:
        yield world


@pytest.fixture(scope="module")
def clients(security_world, django_db_blocker):
    """One logged-in test client per cast member (anonymous: a fresh client), made once per module."""
    return logged_in_clients(security_world, USERS, django_db_blocker)

"""The security tests' world: built once per module inside a transaction that is rolled back at
the end of the module, so that each module's tests share it and nothing leaks to other tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings

from .world import USERS, world_build


@pytest.fixture(scope="module")
def security_world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        from conftest import load_world
        from zhicheng.orgs.models import Region

        if not Region.objects.exists():  # a transactional test before us emptied the database
            load_world()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            world = world_build()
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


@pytest.fixture(scope="module")
def clients(security_world, django_db_blocker):
    """One logged-in test client per cast member (anonymous: a fresh client), made once per module."""
    made = {}
    with django_db_blocker.unblock():
        for key in USERS:
            client = Client()
            user = security_world.user(key)
            if user is not None:
                client.force_login(user)
            made[key] = client
    return made

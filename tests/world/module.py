"""A world built once per test module, inside a transaction rolled back at the end of the module: the
security tests' (``tests/security/conftest.py``) and the crawl's (``tests/crawl/conftest.py``), so that a
module's tests share it and nothing leaks to other tests. Also their logged-in clients."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings


@contextmanager
def module_world(django_db_blocker, media: str, build: Callable, **settings) -> Iterator:
    """``build()`` run on the test world (loaded again if a transactional test emptied the database), with
    ``MEDIA_ROOT`` at ``media`` and ``settings`` overridden, inside a transaction that is rolled back on
    exit; the cache is cleared before and after. Yields what ``build`` returns."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, **settings):
        from conftest import load_world
        from zhicheng.orgs.models import Region

        if not Region.objects.exists():  # a transactional test before us emptied the database
            load_world()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


def logged_in_clients(world, keys: Iterable[str], django_db_blocker, **client_options) -> dict[str, Client]:
    """One test client per key of ``keys``, logged in as ``world.user(key)`` (anonymous where that is
    ``None``); ``client_options`` go to ``Client``."""
    made = {}
    with django_db_blocker.unblock():
        for key in keys:
            client = Client(**client_options)
            user = world.user(key)
            if user is not None:
                client.force_login(user)
            made[key] = client
    return made

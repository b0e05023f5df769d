"""The crawl's world, its clients and its crawls: built once per module inside a transaction that is
rolled back at the end of the module (``tests.world.module``, like tests/security/conftest.py)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.world.module import logged_in_clients, module_world

from .crawler import crawl
from .world import CAST, crawl_world_build


@pytest.fixture(scope="module")
def crawl_world(django_db_setup, django_db_blocker, tmp_path_factory, browser):
    # The browser (tests/crawl/phone.py) starts first: once Playwright runs, Django on this thread keeps
    # its database connection per context rather than per thread (asgiref sees Playwright's event loop),
    # and the world's transaction must be on the connection that the rest of the module uses.
    with module_world(django_db_blocker, str(tmp_path_factory.mktemp("media")), crawl_world_build,
                      CERTIFICATE_VERIFY_LIMIT=100_000) as world:
        yield world


@pytest.fixture(scope="module")
def crawl_clients(crawl_world, django_db_blocker):
    """One logged-in test client per member of the crawl's cast (anonymous: a fresh client); a 500 is a
    fault to report, not a crash."""
    return logged_in_clients(crawl_world, CAST, django_db_blocker, raise_request_exception=False)


@pytest.fixture(scope="module")
def crawls(crawl_world, crawl_clients, django_db_blocker):
    """Every cast member's crawl from their home page (``crawler.Crawl`` by cast key)."""
    done = {}
    with django_db_blocker.unblock():
        for key in CAST:
            cache.clear()  # rate limits (certificate verification, searches) are per test, not per crawl
            done[key] = crawl(crawl_clients[key], key)
    return done

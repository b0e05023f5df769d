"""The workbench kept per person (zhicheng.common.kept_pages, issue 23).

The guard: every table the workbench reads, for every member of the security tests' world (an
applicant with a case in every business, 评前公示, a fee notice, certificates, a revoked one…), is
covered by a model's ``kept_pages_scopes`` or by the identity — so no change the page shows can leave a
kept copy stale. A new widget reading a new table fails here until its model says whom a row concerns.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from tests.security.conftest import clients, security_world  # noqa: F401  (the fixtures)
from zhicheng.common.kept_pages import kept_pages_models

pytestmark = pytest.mark.django_db

TABLES_READ = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"')
# Read by the middleware, not the page (the session), or made stale through the identity: a change to the
# account, its roles or authenticators calls identity_forget, which bumps the person's pages.
NOT_THE_PAGES = {"django_session"}
THROUGH_IDENTITY = {"accounts_user", "orgs_membership", "otp_totp_totpdevice"}
# Rows that never change while the site runs (written by migrations only).
FIXED = {"django_content_type"}


def _declared_tables() -> set[str]:
    return {m._meta.db_table for m in kept_pages_models()}


@pytest.fixture(scope="module")
def workbench_tables(security_world, clients, django_db_blocker):  # noqa: F811
    """Table → the cast members whose workbench read it (built, not kept)."""
    read: dict[str, set[str]] = {}
    url = reverse("profiles:dashboard")
    with django_db_blocker.unblock(), override_settings(KEPT_PAGES=False):
        for key, client in clients.items():
            if key == "anonymous":
                continue
            client.get(url)  # the identity kept: the second request reads what the page reads
            caches["fragments"].clear()  # the latest notices kept per process: read them too
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, key
            for query in queries.captured_queries:
                for table in TABLES_READ.findall(query["sql"]):
                    read.setdefault(table, set()).add(key)
    return read


def test_every_table_the_workbench_reads_is_declared(workbench_tables):
    uncovered = {
        table: sorted(who) for table, who in workbench_tables.items()
        if table not in _declared_tables() | NOT_THE_PAGES | THROUGH_IDENTITY | FIXED
    }
    assert not uncovered, (
        "the workbench reads tables whose models do not declare kept_pages_scopes (kept copies would go "
        f"stale): {uncovered}"
    )


def test_the_guard_sees_the_applicants_cases(workbench_tables):
    # The world gives the guard something to see: A's businesses are on A's workbench.
    assert "applicant_a" in workbench_tables["cases_case"]
    assert "businesses_evaluationapplication" in workbench_tables


def test_declarations_name_real_paths():
    for model in kept_pages_models():
        for kind, path in model.kept_pages_scopes.items():
            assert kind in {"person", "all"}, (model, kind)
            if path is None:
                continue
            current = model
            parts = path.split("__")
            for part in parts[:-1]:
                current = current._meta.get_field(part).related_model
            last = parts[-1]
            names = {f.attname for f in current._meta.concrete_fields} | {f.name for f in current._meta.concrete_fields}
            assert last in names, (model, path)
    assert apps.get_model("cases", "Case") in kept_pages_models()


def test_identity_cache_is_where_pages_are_kept():
    assert "identity" in caches  # settings/test.py: as production keeps them in Redis

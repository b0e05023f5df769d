"""Gapless numbering under real concurrency: 8 processes issuing at once (PostgreSQL only)."""

import multiprocessing
from collections import Counter, defaultdict
from urllib.parse import quote

import pytest
from django.db import connection

from zhicheng.catalog.models import Specialty
from zhicheng.certificates.models import Certificate, CertificateCounter

from .conftest import bureau, qualification

PROCESSES = 8
ISSUES_EACH = 200
YEAR = 2033

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _test_database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_eight_processes_issue_gapless_serials(world):
    holder = world["applicant_c"]
    sequences = [
        (bureau("441600").pk, qualification("助理工程师").pk),
        (bureau("441600").pk, qualification("工程师").pk),
        (bureau("441800").pk, qualification("助理工程师").pk),
    ]
    plan = {
        "holder_id": holder.pk,
        "specialty_id": Specialty.objects.get(series__code="engineering", name="建筑工程").pk,
        "sequences": sequences,
        "issues": ISSUES_EACH,
        "rollback_share": 0.15,
        "year": YEAR,
    }
    from zhicheng.certificates.tests import concurrency_worker

    connection.close()  # nothing shared with the children
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    url = _test_database_url()
    children = [
        ctx.Process(target=concurrency_worker.run, args=(url, plan, seed, queue)) for seed in range(1, PROCESSES + 1)
    ]
    for child in children:
        child.start()
    results = [queue.get(timeout=600) for _ in children]
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0

    assert not [e for r in results for e in r["errors"]]
    committed: Counter = Counter()
    for r in results:
        committed.update(r["committed"])
    rolled_back = sum(r["rolled_back"] for r in results)
    assert rolled_back > 0  # the test did exercise rollbacks
    assert sum(committed.values()) + rolled_back == PROCESSES * ISSUES_EACH

    serials: dict[str, list[int]] = defaultdict(list)
    for issuer_id, level, serial, number in Certificate.objects.filter(year=YEAR).values_list(
        "issuer_id", "level", "serial", "number"
    ):
        serials[f"{issuer_id}:{level}"].append(serial)
        assert number[11:17] == f"{serial:06d}"
    assert set(serials) == set(committed)
    for key, found in serials.items():
        n = committed[key]
        assert sorted(found) == list(range(1, n + 1)), key  # no duplicates, no gaps
        issuer_id, level = key.split(":")
        assert CertificateCounter.objects.get(year=YEAR, issuer_id=issuer_id, level=level).last_serial == n

"""Several external systems allocating at once (threads, PostgreSQL): no duplicates, no gaps,
and one winner for concurrent requests that share an Idempotency-Key."""

from __future__ import annotations

import json
import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from zhicheng.certificates.models import Certificate, CertificateCounter
from zhicheng.certificates.numbering import certificate_number_parse
from zhicheng.exchange.models import Allocation, IdempotencyRecord

from .conftest import HOLDER_IDS

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real concurrency"),
]

THREADS_PER_CLIENT = 3
REQUESTS_EACH = 8
HOLDERS_EACH = 3


def _clients():
    from tests.world.exchange import API_TOKEN, exchange_system_load
    from zhicheng.exchange.models import Scope
    from zhicheng.exchange.services import api_token_issue, external_system_create

    gz = exchange_system_load()
    tokens = [API_TOKEN]
    for name in ("广州市职称评审管理服务平台（备用）", "广州市某行业职称系统"):
        system = external_system_create(
            actor=None, name=name, organisation=gz.organisation, scopes=[Scope.NUMBERS_ALLOCATE],
            issuers=list(gz.issuers.all()), committees=list(gz.committees.all()),
        )
        tokens.append(api_token_issue(actor=None, system=system)[1])
    return tokens


def _post(client: Client, token: str, key: str, holders: list[dict]):
    return client.post(
        "/api/v1/numbers/allocate", data=json.dumps({"holders": holders}), content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
    )


def _chinese_digits(n: int) -> str:
    """Names hold no digits (the name rule), so each test holder's number is written in Chinese."""
    return "".join("零一二三四五六七八九"[int(c)] for c in str(n))


def _holders(seed: int) -> list[dict]:
    return [
        {
            "id_number": HOLDER_IDS[(seed + i) % len(HOLDER_IDS)],
            "name": f"并发{_chinese_digits(seed)}之{_chinese_digits(i)}",
            "qualification": "工程师",
            "committee": "广州市工程技术人才中级职称评审委员会",
            "issuer": "440100",
        }
        for i in range(HOLDERS_EACH)
    ]


def _run_threads(target, count: int) -> list:
    results: list = []
    errors: list = []
    barrier = threading.Barrier(count)

    def wrapper(n):
        try:
            barrier.wait(timeout=30)
            results.extend(target(n))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=wrapper, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    return results


def test_concurrent_allocation_from_several_clients_is_gapless(world):
    tokens = _clients()

    def work(n):
        client, token = Client(), tokens[n % len(tokens)]
        out = []
        for r in range(REQUESTS_EACH):
            response = _post(client, token, f"t{n}-r{r}", _holders(n * 100 + r))
            out.append((response.status_code, response.json()))
        return out

    results = _run_threads(work, THREADS_PER_CLIENT * len(tokens))
    assert all(status == 200 for status, _ in results), [b for s, b in results if s != 200][:3]
    numbers = [item["number"] for _, body in results for item in body["items"]]
    total = THREADS_PER_CLIENT * len(tokens) * REQUESTS_EACH * HOLDERS_EACH
    assert len(numbers) == total
    assert not [n for n, c in Counter(numbers).items() if c > 1], "duplicate numbers"
    serials = sorted(certificate_number_parse(n).serial for n in numbers)
    assert serials == list(range(1, total + 1)), "gaps in the serials"
    counter = CertificateCounter.objects.get(year=timezone.localdate().year, issuer__region_id="440100", level=3)
    assert counter.last_serial == total
    assert Allocation.objects.count() == Certificate.objects.filter(number__in=numbers).count() == total
    # Each holder's number is the one the database bound to that holder.
    for _, body in results[:5]:
        for item in body["items"]:
            assert Certificate.objects.get(number=item["number"]).holder_name == item["name"]


def test_concurrent_requests_with_one_key_allocate_once(world):
    token = _clients()[0]
    holders = _holders(7)

    def work(n):
        response = _post(Client(), token, "same-key-for-all", holders)
        return [(response.status_code, response.json())]

    results = _run_threads(work, 6)
    winners = [body for status, body in results if status == 200]
    assert winners, results
    assert all(status in (200, 409) for status, _ in results), results
    assert all(body == winners[0] for body in winners)  # the stored answer, not a second allocation
    assert Allocation.objects.count() == HOLDERS_EACH
    assert IdempotencyRecord.objects.filter(key="same-key-for-all").count() == 1

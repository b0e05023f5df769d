"""Failed logins cannot keep the owner out (issue 18, finding 5).

The attack: five wrong passwords from anywhere locked the account for 15 minutes, renewable for
ever, administrators included. Now failures count per (account, client address) with a delay that
grows, and an account attacked from many addresses only slows the owner down at a new address.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.world.cast import PASSWORD, person

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _try(address: str, identifier: str, password: str):
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": identifier, "password": password})


def _attack(address: str, key: str, times: int) -> list[int]:
    p = person(key)
    return [
        _try(address, p.phone if i % 2 else p.id_number, f"Wrong#{i}guess").status_code for i in range(times)
    ]


@pytest.mark.parametrize("key", ["applicant_b", "system_admin", "security_admin"])
def test_an_attacker_at_one_address_does_not_lock_the_owner_out(cast, key):
    statuses = _attack("198.51.100.66", key, settings.LOCKOUT_FAILURES + 3)
    assert statuses[: settings.LOCKOUT_FAILURES - 1] == [200] * (settings.LOCKOUT_FAILURES - 1)
    assert statuses[-1] == 429  # the attacker's address is locked out of this account
    p = person(key)
    assert _try("198.51.100.66", p.phone, PASSWORD).status_code == 429  # even with the right password
    owner = _try("203.0.113.7", p.phone, PASSWORD)  # the owner, elsewhere
    assert owner.status_code == 302


def _pause_over(address: str) -> None:
    """As if the current pause of this address had passed."""
    for attempt in AccessAttempt.objects.filter(ip_address=address):
        attempt.attempt_time -= timedelta(hours=25)
        attempt.save(update_fields=["attempt_time"])


def test_the_attackers_pause_doubles_with_every_further_failure(cast):
    from zhicheng.accounts.lockout import pair_cool_off

    p, key, address = person("applicant_b"), f"u{cast['applicant_b'].pk}", "198.51.100.67"
    _attack(address, "applicant_b", settings.LOCKOUT_FAILURES)
    assert pair_cool_off(account_key=key, address=address) == timedelta(minutes=15)
    assert "15 分钟" in _try(address, p.phone, "Wrong#during1").content.decode()  # refused, not counted
    assert pair_cool_off(account_key=key, address=address) == timedelta(minutes=15)
    waits = []
    for i in range(3):
        _pause_over(address)
        page = _try(address, p.phone, f"Wrong#after{i}")  # one more wrong password: paused again at once
        assert page.status_code == 429
        waits.append(pair_cool_off(account_key=key, address=address))
    assert waits == [timedelta(minutes=30), timedelta(hours=1), timedelta(hours=2)]
    assert "2 小时" in _try(address, p.phone, PASSWORD).content.decode()
    assert _try("203.0.113.8", p.phone, PASSWORD).status_code == 302  # the owner, elsewhere


def test_many_addresses_slow_the_owner_at_a_new_address_but_do_not_lock_them_out(cast):
    p = person("applicant_c")
    for n in range(3):  # 15 failures from three addresses: over the account's ceiling
        _attack(f"198.51.100.{80 + n}", "applicant_c", settings.LOCKOUT_FAILURES)
    # A new address gets one try at a time: a wrong one means a short wait ...
    first_wrong = _try("203.0.113.20", p.phone, "Wrong#typo1")
    assert first_wrong.status_code == 429 and "30 秒" in first_wrong.content.decode()
    waiting = _try("203.0.113.20", p.phone, PASSWORD)
    assert waiting.status_code == 429 and "30 秒" in waiting.content.decode()  # refused, and not counted
    # ... of seconds, not a lockout: once it has passed, the right password works.
    AccessAttempt.objects.filter(ip_address="203.0.113.20").update(
        attempt_time=timezone.now() - timedelta(seconds=settings.LOCKOUT_SLOW_SECONDS + 1)
    )
    assert _try("203.0.113.20", p.phone, PASSWORD).status_code == 302
    # The owner typing it right the first time at yet another address is not slowed at all.
    assert _try("203.0.113.21", p.id_number, PASSWORD).status_code == 302

"""Rate limits answer politely in Chinese (JSON on the API): login lockout (django-axes), recovery
codes, registrations per address, public certificate verification, and the exchange API.

The counters live in Django's cache: the database cache in the embedded set-up (shared by every
process on the machine) and Redis in production (``CACHE_URL=redis://…``); see docs/security.md.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from tests.world.cast import PASSWORD as CAST_PASSWORD
from tests.world.cast import make_id_number, person

pytestmark = pytest.mark.django_db

PASSWORD = "Lingnan#Spring42"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_login_lockout_is_a_polite_429(security_world):
    client = Client()
    phone = person("applicant_b").phone
    for i in range(settings.LOCKOUT_FAILURES):
        client.post("/accounts/login/", {"username": phone, "password": f"Wrong#{i}x"})
    response = client.post("/accounts/login/", {"username": phone, "password": CAST_PASSWORD})
    assert response.status_code == 429
    assert "暂时无法从当前网络登录该账号" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_recovery_codes_are_limited_per_address(security_world, settings):
    settings.RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR = 2
    client = Client()
    answers = []
    for key in ("applicant_a", "applicant_b", "applicant_c"):
        client.post("/accounts/recover/", {"identifier": person(key).phone})
        answers.append(client.post("/accounts/recover/channel/", {"channel": "sms"}))
    assert [r.status_code for r in answers[:2]] == [302, 302]
    assert "操作过于频繁" in answers[2].content.decode()


def _register(client: Client, i: int):
    id_number = make_id_number("441622", "19960101", f"{400 + i:03d}")
    return client.post("/accounts/register/", {
        "id_number": id_number, "real_name": "测试", "phone": f"1381234{i:04d}", "email": "",
        "password1": PASSWORD, "password2": PASSWORD,
    })


def test_registrations_are_limited_per_address(security_world, settings):
    from zhicheng.accounts.models import User

    settings.REGISTRATIONS_PER_ADDRESS_PER_HOUR = 3
    client = Client(REMOTE_ADDR="10.1.2.3")
    users_before = User.objects.count()
    assert [_register(client, i).status_code for i in range(3)] == [302, 302, 302]
    response = _register(client, 3)
    assert response.status_code == 429
    html = response.content.decode()
    assert "注册账号的次数过多，请一小时后再试" in html
    assert 'value="测试"' in html  # what was typed is kept
    assert User.objects.count() == users_before + 3
    # another address is not affected
    assert _register(Client(REMOTE_ADDR="10.9.9.9"), 4).status_code == 302


def test_registration_limit_counts_already_registered_answers(security_world, settings):
    """Testing ID numbers for "already registered" counts too: the limit stops enumeration."""
    settings.REGISTRATIONS_PER_ADDRESS_PER_HOUR = 2
    client = Client(REMOTE_ADDR="10.1.2.4")
    known = person("applicant_a").id_number
    data = {"id_number": known, "real_name": "某人", "phone": "13812340099", "email": "",
            "password1": PASSWORD, "password2": PASSWORD}
    assert "已注册" in client.post("/accounts/register/", data).content.decode()
    assert "已注册" in client.post("/accounts/register/", data).content.decode()
    response = client.post("/accounts/register/", data)
    assert response.status_code == 429 and "已注册" not in response.content.decode()


def test_certificate_verification_is_limited(security_world, settings):
    settings.CERTIFICATE_VERIFY_LIMIT = 2
    client = Client()
    certificate = security_world.certificate
    data = {"number": certificate.number, "holder_name": certificate.holder_name}
    assert [client.post("/certificates/verify/", data).status_code for _ in range(2)] == [200, 200]
    response = client.post("/certificates/verify/", data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "频繁" in html
    assert "主治医师" not in html and "有效" not in html.split("</form>")[-1]  # no result shown


def test_api_rate_limit_is_json_with_retry_after(security_world, settings):
    settings.EXCHANGE_API_RATE_LIMIT = 2
    client = Client()
    headers = {"Authorization": f"Bearer {security_world.gz_secret}"}
    number = "202644010030000018"
    for _ in range(2):
        assert client.get(f"/api/v1/certificates/{number}", headers=headers).status_code in (200, 404)
    response = client.get(f"/api/v1/certificates/{number}", headers=headers)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["code"] == "rate_limited" and "请求过于频繁" in body["message"]
    assert int(response["Retry-After"]) >= 1

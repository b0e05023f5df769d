"""Self-service recovery: code by SMS or e-mail, hashed, expiring, single use, limited, rate-limited."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests.world.cast import PASSWORD, person
from zhicheng.accounts import services
from zhicheng.accounts.models import AccountRecovery, RecoveryChallenge
from zhicheng.audit.models import AuditEvent
from zhicheng.common.models import OutboxMessage

from .conftest import make_id

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Qingming#Rain26"


def latest_code() -> str:
    return re.search(r"验证码：(\d{6})", OutboxMessage.objects.latest("id").body).group(1)


def start(client, identifier, channel="sms"):
    response = client.post("/accounts/recover/", {"identifier": identifier})
    assert response.status_code == 302 and response.url == "/accounts/recover/channel/"
    return client.post("/accounts/recover/channel/", {"channel": channel})


def test_recovery_end_to_end_by_sms(client, cast):
    user = cast["applicant_a"]
    p = person("applicant_a")
    # Logged in elsewhere: that session must end when the password is reset.
    elsewhere = Client()
    elsewhere.force_login(user)

    client.post("/accounts/recover/", {"identifier": p.id_number})
    page = client.get("/accounts/recover/channel/").content.decode()
    assert "预留的手机号码" in page and "预留的电子邮箱" in page
    assert user.masked_phone not in page and "z***@example.com" not in page  # nothing tells the account exists
    assert p.phone not in page and p.id_number not in page
    response = client.post("/accounts/recover/channel/", {"channel": "sms"})
    assert response.status_code == 302 and response.url == "/accounts/recover/code/"
    # Nothing identifying in any URL or in the session beyond ids.
    assert p.id_number not in str(dict(client.session))

    message = OutboxMessage.objects.latest("id")
    assert message.channel == "sms" and message.recipient_masked == user.masked_phone
    code = latest_code()
    challenge = RecoveryChallenge.objects.get(user=user, used_at__isnull=True)
    assert code not in challenge.code_hash and len(challenge.code_hash) == 64  # stored hashed
    assert challenge.expires_at - challenge.created_at == timedelta(minutes=10)

    response = client.post("/accounts/recover/code/", {"code": code})
    assert response.status_code == 302 and response.url == "/accounts/recover/password/"
    response = client.post("/accounts/recover/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == "/accounts/login/"

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert elsewhere.get("/accounts/me/").status_code == 302  # other session ended
    recovery = AccountRecovery.objects.get(user=user)
    assert recovery.method == "self" and recovery.channel == "sms"
    actions = set(AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    assert {"account.recovery_code_sent", "account.recovery_completed"} <= actions
    assert client.post("/accounts/login/", {"username": p.phone, "password": NEW_PASSWORD}).status_code == 302

    # The code was single use: the flow state is gone and the challenge is used.
    challenge.refresh_from_db()
    assert challenge.used_at is not None
    with pytest.raises(ValidationError):
        services.recovery_code_verify(challenge_id=challenge.pk, code=code)


def test_recovery_by_email_and_phone_identifier(client, cast):
    user = cast["applicant_a"]
    start(client, person("applicant_a").phone, channel="email")
    message = OutboxMessage.objects.latest("id")
    assert message.channel == "email" and message.recipient_masked == "z***@example.com"
    client.post("/accounts/recover/code/", {"code": latest_code()})
    client.post("/accounts/recover/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_email_channel_without_an_email_on_record_sends_nothing_and_says_the_same(client, cast):
    count = OutboxMessage.objects.count()
    client.post("/accounts/recover/", {"identifier": person("applicant_b").id_number})
    response = client.post("/accounts/recover/channel/", {"channel": "email"})
    assert response.status_code == 302 and response.url == "/accounts/recover/code/"
    assert "若该账号存在，验证码已发送至其预留的手机或邮箱" in client.get(response.url).content.decode()
    assert OutboxMessage.objects.count() == count
    assert AuditEvent.objects.filter(
        action="account.recovery_code_requested", object_id=str(cast["applicant_b"].pk)
    ).latest("id").detail["note"] == "channel not on record"


def test_unknown_identifier_gets_the_neutral_answer(client, db):
    count = OutboxMessage.objects.count()
    response = start(client, make_id("440106", "19800101", "123"))
    assert response.status_code == 302 and response.url == "/accounts/recover/code/"
    follow = client.get(response.url)
    assert follow.status_code == 200
    assert OutboxMessage.objects.count() == count
    response = client.post("/accounts/recover/code/", {"code": "123456"})
    assert "验证码不正确，还可尝试4次" in response.content.decode()  # as for a real code


def test_wrong_codes_are_limited(client, cast):
    start(client, person("applicant_a").phone)
    code = latest_code()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(services.recovery_code_max_attempts()):
        response = client.post("/accounts/recover/code/", {"code": wrong})
        assert response.status_code == 200
    response = client.post("/accounts/recover/code/", {"code": code})  # right code, too late
    assert response.status_code == 200 and "已失效" in response.content.decode()
    assert client.get("/accounts/recover/password/").status_code == 302


def test_expired_code_is_refused(client, cast, settings):
    settings.RECOVERY_CODE_MINUTES = 3
    start(client, person("applicant_a").phone)
    challenge = RecoveryChallenge.objects.filter(user=cast["applicant_a"]).latest("id")
    assert challenge.expires_at - challenge.created_at == timedelta(minutes=3)
    RecoveryChallenge.objects.filter(pk=challenge.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post("/accounts/recover/code/", {"code": latest_code()})
    assert "已失效" in response.content.decode()


def test_a_new_code_replaces_the_old_one(client, cast):
    start(client, person("applicant_a").phone)
    first = latest_code()
    client.post("/accounts/recover/channel/", {"channel": "sms"})
    second = latest_code()
    if first != second:
        response = client.post("/accounts/recover/code/", {"code": first})
        assert response.status_code == 200
    assert client.post("/accounts/recover/code/", {"code": second}).status_code == 302


def test_password_step_needs_a_verified_code(client, cast):
    assert client.get("/accounts/recover/password/").status_code == 302
    start(client, person("applicant_a").phone)
    assert client.get("/accounts/recover/password/").status_code == 302


def test_rate_limited_per_account(client, cast, settings):
    settings.RECOVERY_CODES_PER_ACCOUNT_PER_HOUR = 2
    p = person("applicant_a")
    start(client, p.phone)
    start(client, p.id_number)
    # The account's limit is silent (it must not link the phone to the ID number): same answer, no code.
    response = start(client, p.id_number)
    assert response.status_code == 302
    assert RecoveryChallenge.objects.filter(user=cast["applicant_a"]).count() == 2
    # Each typed identifier's own limit answers, as it would for any identifier.
    start(client, p.phone)
    response = start(client, p.phone)
    assert response.status_code == 200 and "操作过于频繁" in response.content.decode()
    assert RecoveryChallenge.objects.filter(user=cast["applicant_a"]).count() == 2


def test_rate_limited_per_client_address(client, cast, settings):
    settings.RECOVERY_REQUESTS_PER_ADDRESS_PER_HOUR = 2
    start(client, person("applicant_a").phone)
    start(client, person("applicant_b").phone)
    response = start(client, person("applicant_c").phone)
    assert "操作过于频繁" in response.content.decode()
    other_address = Client(REMOTE_ADDR="10.0.0.9")
    response = start(other_address, person("applicant_c").phone)
    assert response.status_code == 302


def test_recovery_lifts_a_lockout(client, cast):
    p = person("applicant_b")
    for i in range(5):
        client.post("/accounts/login/", {"username": p.phone, "password": f"Wrong#{i}x"})
    assert client.post("/accounts/login/", {"username": p.phone, "password": PASSWORD}).status_code == 429
    start(client, p.phone)
    client.post("/accounts/recover/code/", {"code": latest_code()})
    client.post("/accounts/recover/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert client.post("/accounts/login/", {"username": p.phone, "password": NEW_PASSWORD}).status_code == 302

"""Account recovery reveals nothing about whether an account exists (issue 18, finding 4).

The attack: type an identifier into 找回账号 and read the next page — for an existing account it
showed the masked phone and e-mail, for an unknown one only a placeholder. Here the whole flow is
walked for a known and an unknown identifier (both by phone number and by ID number, chosen so
that their masked forms are alike) and every answer must be the same: status, redirect target and
page text (CSRF tokens aside), including the answers to wrong codes.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client

from tests.world.cast import make_id_number, person
from zhicheng.accounts.models import User, id_digest, phone_digest
from zhicheng.common.masking import mask_id_number
from zhicheng.common.models import OutboxMessage

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')


def _walk(identifier: str, channel: str) -> list[tuple[int, str, str]]:
    """Every answer of the recovery flow, as (status, Location, text without CSRF tokens)."""
    client = Client(REMOTE_ADDR="203.0.113.50")
    answers = []

    def keep(response):
        body = CSRF.sub(r'\1-"', response.content.decode())
        answers.append((response.status_code, response.get("Location", ""), body))

    keep(client.get("/accounts/recover/"))
    keep(client.post("/accounts/recover/", {"identifier": identifier}))
    keep(client.get("/accounts/recover/channel/"))
    keep(client.post("/accounts/recover/channel/", {"channel": channel}))
    keep(client.get("/accounts/recover/code/"))
    sent = OutboxMessage.objects.order_by("-id").first()
    real = re.search(r"验证码：(\d{6})", sent.body).group(1) if sent and "找回账号" in sent.body else ""
    wrong = "000000" if real != "000000" else "111111"
    for _ in range(7):  # past the number of tries a real code allows
        keep(client.post("/accounts/recover/code/", {"code": wrong}))
    keep(client.get("/accounts/recover/password/"))
    return answers


def _unknown_id_masked_like(known: str) -> str:
    """An ID number with no account whose masked form equals ``known``'s."""
    birth = date(1960, 1, 1)
    while True:
        candidate = make_id_number(known[:6], birth.strftime("%Y%m%d"), known[14:17])
        if candidate[-1] == known[-1] and candidate != known:
            assert mask_id_number(candidate) == mask_id_number(known)
            return candidate
        birth += timedelta(days=1)


@pytest.mark.parametrize("channel", ["sms", "email"])
def test_known_and_unknown_phone_numbers_get_the_same_answers(cast, channel):
    known = person("applicant_a").phone  # has a phone and an e-mail on record
    unknown = known[:3] + "9999" + known[-4:]
    assert not User.objects.filter(phone_digest=phone_digest(unknown)).exists()
    assert _walk(known, channel) == _walk(unknown, channel)


def test_known_and_unknown_id_numbers_get_the_same_answers(cast):
    known = person("applicant_b").id_number  # no e-mail on record: choosing e-mail tells nothing either
    unknown = _unknown_id_masked_like(known)
    assert not User.objects.filter(id_number_digest=id_digest(unknown)).exists()
    for channel in ("sms", "email"):
        assert _walk(known, channel) == _walk(unknown, channel)


def test_the_answer_says_so_in_plain_words(cast):
    answers = _walk(person("applicant_a").phone, "sms")
    channel_page, page_after_sending = answers[2][2], answers[4][2]
    assert "预留的手机号码" in channel_page and "z***@example.com" not in channel_page
    assert "若该账号存在，验证码已发送至其预留的手机或邮箱" in page_after_sending


def test_the_account_limit_is_silent_and_the_identifier_limit_is_the_same_for_everyone(cast, settings):
    """Per typed identifier: a visible limit, the same for known and unknown identifiers. Per
    account: a silent one — a phone number and an ID number of one account must not be linkable
    by seeing one of them limited after requests with the other."""
    settings.RECOVERY_CODES_PER_ACCOUNT_PER_HOUR = 2
    p = person("applicant_c")
    before = OutboxMessage.objects.count()

    def send(identifier):
        client = Client(REMOTE_ADDR="203.0.113.51")
        client.post("/accounts/recover/", {"identifier": identifier})
        return client.post("/accounts/recover/channel/", {"channel": "sms"})

    assert [send(p.phone).status_code for _ in range(2)] == [302, 302]
    assert OutboxMessage.objects.count() == before + 2
    assert send(p.id_number).status_code == 302  # the account's limit is reached: nothing sent, same answer
    assert OutboxMessage.objects.count() == before + 2
    limited_known = send(p.phone)
    unknown = p.phone[:3] + "9999" + p.phone[-4:]
    [send(unknown) for _ in range(2)]
    limited_unknown = send(unknown)
    assert limited_known.status_code == limited_unknown.status_code == 200
    assert "操作过于频繁" in limited_known.content.decode()
    assert CSRF.sub(r'\1-"', limited_known.content.decode()) == CSRF.sub(r'\1-"', limited_unknown.content.decode())

"""The transactional outbox (issue 20, decision 0018): written with the change, delivered after commit
with retries and backoff, failed messages kept for the system administrator and sent again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.services import notification_send
from zhicheng.outbox.models import MessageStatus, OutgoingMessage
from zhicheng.outbox.services import message_deliver, message_resend, outbox_sweep, retry_delay, sms_enqueue

from .backends import log_lines

pytestmark = pytest.mark.django_db


def _due_now(message: OutgoingMessage) -> None:
    """Move the next attempt to now (as if the backoff had passed)."""
    OutgoingMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())


def test_a_notification_writes_its_sms_and_email_with_the_change_and_sends_them_after_commit(
    cast, flaky_sms, django_capture_on_commit_callbacks
):
    user = cast["applicant_a"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification_send(user=user, title="您的申报已退回", body="照片不清晰")
        rows = list(OutgoingMessage.objects.filter(user=user).order_by("id"))
        # Written in the transaction, before anything is sent.
        assert [(m.channel, m.status) for m in rows] == [("sms", "pending"), ("email", "pending")]
        assert log_lines("delivered.log") == [] and mail.outbox == []
    for callback in callbacks:
        callback()
    assert set(OutgoingMessage.objects.filter(user=user).values_list("status", flat=True)) == {"sent"}
    assert log_lines("delivered.log") == ["【广东省职称网上申报系统】您的申报已退回。照片不清晰"]
    assert [m.subject for m in mail.outbox] == ["您的申报已退回"] and mail.outbox[0].to == [user.email]


def test_nothing_is_sent_when_the_change_rolls_back(cast, flaky_sms, django_capture_on_commit_callbacks):
    before = OutgoingMessage.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notification_send(user=cast["applicant_a"], title="不会发出", body="")
            raise RuntimeError("the change fails")
    assert callbacks == []
    assert OutgoingMessage.objects.count() == before
    assert log_lines("attempts.log") == []


def test_recipient_and_body_are_encrypted_at_rest(cast, flaky_sms):
    from django.db import connection

    message = sms_enqueue(phone=cast["applicant_a"].phone, text="验证码：123456", valid_minutes=10)
    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient, body FROM outbox_outgoingmessage WHERE id = %s", [message.pk])
        recipient, body = cursor.fetchone()
    assert cast["applicant_a"].phone not in recipient and "123456" not in body
    assert OutgoingMessage.objects.get(pk=message.pk).body == "验证码：123456"


def test_a_delivery_that_fails_twice_then_succeeds_is_delivered_once(cast, flaky_sms, monkeypatch, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    monkeypatch.setenv("ZHICHENG_TEST_SMS_FAILURES", "2")
    message = sms_enqueue(phone=cast["applicant_a"].phone, text="审核通知")

    first = message_deliver(message_id=message.pk)
    assert (first.status, first.retry_in) == ("retry", 60)
    message.refresh_from_db()
    assert message.status == "pending" and message.attempts == 1
    assert message.next_attempt_at > timezone.now() + dt.timedelta(seconds=55)
    assert "ConnectionError" in message.last_error and cast["applicant_a"].phone not in message.last_error
    # Not due yet: a second task (or the sweep) does nothing.
    assert message_deliver(message_id=message.pk).status == "skipped"
    assert outbox_sweep() == 0

    _due_now(message)
    second = message_deliver(message_id=message.pk)
    assert (second.status, second.retry_in) == ("retry", 120)  # the backoff doubles
    _due_now(message)
    assert message_deliver(message_id=message.pk).status == "sent"
    assert message_deliver(message_id=message.pk).status == "skipped"  # a late retry sends nothing

    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 3 and message.sent_at
    assert log_lines("attempts.log") == ["审核通知"] * 3
    assert log_lines("delivered.log") == ["审核通知"]


def test_backoff_doubles_up_to_its_ceiling(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 3600
    assert [retry_delay(n) for n in (1, 2, 3, 4, 5, 6, 7, 8)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_message_that_fails_every_attempt_is_kept_failed_and_audited(cast, flaky_sms, monkeypatch, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    monkeypatch.setenv("ZHICHENG_TEST_SMS_FAILURES", "99")
    message = sms_enqueue(phone=cast["applicant_a"].phone, text="永远失败", user=cast["applicant_a"])
    outcomes = []
    for _ in range(3):
        _due_now(message)
        outcomes.append(message_deliver(message_id=message.pk).status)
    assert outcomes == ["retry", "retry", "failed"]
    message.refresh_from_db()
    assert message.status == "failed" and message.failed_at and message.attempts == 3
    assert outbox_sweep() == 0  # never picked up again by itself
    event = AuditEvent.objects.filter(action="outbox.message_failed", object_id=str(message.pk)).get()
    assert event.detail["attempts"] == 3 and event.detail["to"] == message.recipient_masked


def test_a_claim_that_ran_out_is_taken_again(cast, flaky_sms):
    """A worker that died while sending leaves the message 'sending'; after its claim runs out the sweep sends it."""
    message = sms_enqueue(phone=cast["applicant_a"].phone, text="worker died")
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, attempts=1, claimed_until=timezone.now() + dt.timedelta(minutes=5))
    assert outbox_sweep() == 0
    OutgoingMessage.objects.filter(pk=message.pk).update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    assert outbox_sweep() == 1  # eager in tests: delivered in-process
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2
    assert log_lines("delivered.log") == ["worker died"]


def test_a_one_time_code_is_not_sent_after_it_expired_and_cannot_be_resent(cast, flaky_sms):
    message = sms_enqueue(phone=cast["applicant_a"].phone, text="验证码：654321", valid_minutes=10)
    OutgoingMessage.objects.filter(pk=message.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert message_deliver(message_id=message.pk).status == "failed"
    message.refresh_from_db()
    assert message.status == "failed" and "过有效期" in message.last_error
    assert log_lines("attempts.log") == []
    with pytest.raises(ValidationError, match="重新获取验证码"):
        message_resend(message_id=message.pk, actor=cast["system_admin"])


def test_the_system_administrator_resends_a_failed_message(cast, flaky_sms, monkeypatch, settings,
                                                           django_capture_on_commit_callbacks):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    monkeypatch.setenv("ZHICHENG_TEST_SMS_FAILURES", "1")
    message = sms_enqueue(phone=cast["applicant_a"].phone, text="请补正材料", user=cast["applicant_a"])
    assert message_deliver(message_id=message.pk).status == "failed"
    with django_capture_on_commit_callbacks(execute=True):
        message_resend(message_id=message.pk, actor=cast["system_admin"])
    message.refresh_from_db()
    assert message.status == "sent" and message.resend_count == 1
    assert log_lines("delivered.log") == ["请补正材料"]
    assert AuditEvent.objects.filter(action="outbox.message_resend", actor=cast["system_admin"],
                                     object_id=str(message.pk)).exists()
    with pytest.raises(ValidationError, match="已发送"):
        message_resend(message_id=message.pk, actor=cast["system_admin"])


def test_failed_messages_page_for_the_system_administrator_only(client, cast, flaky_sms, monkeypatch, settings,
                                                                 django_assert_max_num_queries):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    monkeypatch.setenv("ZHICHENG_TEST_SMS_FAILURES", "99")
    for i in range(3):
        m = sms_enqueue(phone=cast["applicant_a"].phone, text=f"通知{i}", user=cast["applicant_a"])
        message_deliver(message_id=m.pk)
    code = sms_enqueue(phone=cast["applicant_b"].phone, text="验证码：111222", valid_minutes=10)
    message_deliver(message_id=code.pk)

    client.force_login(cast["applicant_a"])
    assert client.get(reverse("outbox:failed")).status_code == 404
    assert client.post(reverse("outbox:resend", args=[code.pk])).status_code == 404

    client.force_login(cast["system_admin"])
    home = client.get("/").content.decode()
    assert reverse("outbox:failed") in home
    with django_assert_max_num_queries(12):
        page = client.get(reverse("outbox:failed")).content.decode()
    assert "发送失败 4 条" in page
    assert "通知2" in page and "111222" not in page and "内容含验证码，不予显示" in page
    assert cast["applicant_a"].phone not in page
    assert "ConnectionError" in page

    monkeypatch.setenv("ZHICHENG_TEST_SMS_FAILURES", "0")
    response = client.post(reverse("outbox:resend", args=[code.pk]), follow=True)
    assert "已安排重新发送给 " + code.recipient_masked in response.content.decode()
    assert (
        OutgoingMessage.objects.get(pk=code.pk).status == "pending"
    )  # committed: dispatched after the test's transaction

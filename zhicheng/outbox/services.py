"""Writing messages to the outbox, delivering them with retries, and sending failed ones again.

The one way the system sends SMS and e-mail (decision 0018):

* :func:`sms_enqueue` / :func:`email_enqueue` write an :class:`~zhicheng.outbox.models.OutgoingMessage`
  row inside the caller's transaction and ask for delivery once it commits;
* :func:`message_deliver` (run by the Celery task ``zhicheng.outbox.deliver``) claims the row, sends it,
  and records the outcome: sent, another attempt after an exponential backoff, or — after
  ``OUTBOX_MAX_ATTEMPTS`` — failed;
* :func:`outbox_sweep` (Celery beat every minute; ``manage.py run_schedule``) dispatches every message
  whose attempt is due, so a message whose task was lost (broker down at commit, a worker killed) or
  that is waiting for its next attempt in the embedded mode is still delivered;
* :func:`message_resend` lets the system administrator send a failed message again (audited).

A message is claimed by one conditional UPDATE (pending and due, or a claim that has run out) before it
is sent, so two workers or a retry and the sweep never both send it: each message is handed to the
gateway once per attempt and, once sent, never again.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.common.cleaning import clean_fields_only
from zhicheng.common.logging import mask_text
from zhicheng.common.masking import mask_email, mask_phone
from zhicheng.common.messaging import dev_outbox_copy, email_transmit, sms_transmit

from .models import MessageChannel, MessagePurpose, MessageStatus, OutgoingMessage

logger = logging.getLogger(__name__)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _message_enqueue(
    *, channel: str, to: str, subject: str, text: str, purpose: str, user, valid_minutes: int | None
) -> OutgoingMessage:
    now = timezone.now()
    masked = mask_phone(to) if channel == MessageChannel.SMS else mask_email(to)
    message = OutgoingMessage(
        channel=channel, purpose=purpose, user=user, recipient=to, recipient_masked=masked, subject=subject[:200],
        body=text, sensitive=valid_minutes is not None, next_attempt_at=now,
        expires_at=now + dt.timedelta(minutes=valid_minutes) if valid_minutes is not None else None,
    )
    clean_fields_only(message)  # the row's CHECKs are the database's: no savepoint per constraint on every message
    message.save()
    dev_outbox_copy(channel=channel, recipient_masked=masked, subject=subject, body=text)
    _dispatch_on_commit(message.pk)
    return message


def sms_enqueue(*, phone: str, text: str, purpose: str = MessagePurpose.CASE_NOTICE, user=None,
                valid_minutes: int | None = None) -> OutgoingMessage:
    """Write an SMS to the outbox in the current transaction; it is sent once the transaction commits.

    ``phone``: the full mobile number (stored encrypted, shown masked); ``text``: the whole SMS;
    ``purpose``: a :class:`MessagePurpose`; ``user``: the account it concerns, if any;
    ``valid_minutes``: set for a one-time code — the text is then never shown on pages and the message is
    not sent once that many minutes have passed. Raises ``ValidationError`` for an empty number or text.
    """
    return _message_enqueue(channel=MessageChannel.SMS, to=phone, subject="", text=text, purpose=purpose,
                            user=user, valid_minutes=valid_minutes)


def email_enqueue(*, to: str, subject: str, text: str, purpose: str = MessagePurpose.CASE_NOTICE, user=None,
                  valid_minutes: int | None = None) -> OutgoingMessage:
    """Write an e-mail to the outbox in the current transaction (as :func:`sms_enqueue`; ``to`` is the address)."""
    return _message_enqueue(channel=MessageChannel.EMAIL, to=to, subject=subject, text=text, purpose=purpose,
                            user=user, valid_minutes=valid_minutes)


def _dispatch_on_commit(message_id: int) -> None:
    transaction.on_commit(lambda: message_dispatch(message_id), robust=True)


def message_dispatch(message_id: int, *, countdown: int | None = None) -> None:
    """Ask the task queue to deliver one message (in the embedded mode: deliver it now, in-process).

    Never raises: a broker that cannot be reached leaves the message pending, and :func:`outbox_sweep`
    dispatches it again when the broker is back.
    """
    from .tasks import outbox_deliver

    try:
        outbox_deliver.apply_async((message_id,), countdown=countdown)
    except Exception:  # the broker is down: the row stays pending for the sweep
        logger.warning("outbox: could not queue message %s; the sweep will send it", message_id, exc_info=True)


@dataclass(frozen=True)
class DeliveryOutcome:
    """What one attempt did: ``status`` is "sent", "retry" (another attempt in ``retry_in`` seconds),
    "failed" (no attempts left, or a code past its validity) or "skipped" (not due, or already handled)."""

    status: str
    retry_in: int | None = None


def retry_delay(attempts: int) -> int:
    """Seconds before the next attempt after ``attempts`` failed ones: ``OUTBOX_RETRY_BASE_SECONDS`` doubled
    each time (60, 120, 240 … by default), at most ``OUTBOX_RETRY_MAX_SECONDS``."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    return int(min(base * 2 ** max(attempts - 1, 0), settings.OUTBOX_RETRY_MAX_SECONDS))


def _error_text(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return mask_text(_EMAIL.sub(lambda m: mask_email(m.group(0)), text))[:500]


def message_deliver(*, message_id: int) -> DeliveryOutcome:
    """One delivery attempt of one message (the body of the task ``zhicheng.outbox.deliver``).

    Claims the message if it is pending and due (or its earlier claim ran out after
    ``OUTBOX_CLAIM_SECONDS``), sends it through the SMS backend or Django's e-mail backend, and records
    the outcome. A failed attempt is retried after :func:`retry_delay`; after ``OUTBOX_MAX_ATTEMPTS`` the
    message is ``failed`` (audited as ``outbox.message_failed``) and waits for the system administrator.
    A one-time code past ``expires_at`` is not sent (failed, with that reason). Never raises for a
    gateway error; returns a :class:`DeliveryOutcome`.
    """
    now = timezone.now()
    claimed = (
        OutgoingMessage.objects.filter(pk=message_id)
        .filter(Q(status=MessageStatus.PENDING, next_attempt_at__lte=now)
                | Q(status=MessageStatus.SENDING, claimed_until__lt=now))
        .update(status=MessageStatus.SENDING, attempts=F("attempts") + 1,
                claimed_until=now + dt.timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS))
    )
    if not claimed:
        return DeliveryOutcome("skipped")
    message = OutgoingMessage.objects.get(pk=message_id)
    mine = OutgoingMessage.objects.filter(pk=message_id, status=MessageStatus.SENDING)
    if message.expires_at and message.expires_at <= now:
        return _message_fail(message, mine, "验证码已过有效期，未再发送。", now)
    try:
        if message.channel == MessageChannel.SMS:
            sms_transmit(phone=message.recipient, text=message.body)
        else:
            email_transmit(to=message.recipient, subject=message.subject, text=message.body)
    except Exception as exc:  # noqa: BLE001 — any gateway error counts as a failed attempt
        error = _error_text(exc)
        logger.warning("outbox: message %s attempt %s failed: %s", message.pk, message.attempts, error)
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            return _message_fail(message, mine, error, timezone.now())
        delay = retry_delay(message.attempts)
        mine.update(status=MessageStatus.PENDING, claimed_until=None, last_error=error,
                    next_attempt_at=timezone.now() + dt.timedelta(seconds=delay))
        return DeliveryOutcome("retry", delay)
    mine.update(status=MessageStatus.SENT, sent_at=timezone.now(), claimed_until=None, next_attempt_at=None)
    return DeliveryOutcome("sent")


def _message_fail(message: OutgoingMessage, mine, error: str, now) -> DeliveryOutcome:
    with transaction.atomic():
        mine.update(status=MessageStatus.FAILED, failed_at=now, claimed_until=None, next_attempt_at=None,
                    last_error=error)
        audit_record(action="outbox.message_failed", obj=message, object_label=str(message),
                     detail={"channel": message.channel, "purpose": message.purpose, "to": message.recipient_masked,
                             "attempts": message.attempts, "error": error[:200]})
    return DeliveryOutcome("failed")


def outbox_sweep(*, limit: int = 500) -> int:
    """Dispatch every message whose attempt is due (pending with ``next_attempt_at`` passed, or a claim that
    ran out), oldest first, at most ``limit``. Returns how many were dispatched. Run every minute by Celery
    beat (``zhicheng.outbox.sweep``) and by ``manage.py run_schedule``."""
    now = timezone.now()
    ids = list(
        OutgoingMessage.objects.filter(
            Q(status=MessageStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=MessageStatus.SENDING, claimed_until__lt=now)
        ).order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit]
    )
    for message_id in ids:
        message_dispatch(message_id)
    return len(ids)


def can_manage_messages(*, user) -> bool:
    """Only the system administrator (the system duty of 三权分立) sees failed messages and sends them again."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "admin_duty", "") == "system")


@transaction.atomic
def message_resend(*, message_id: int, actor) -> OutgoingMessage:
    """Send a failed message again: a new round of ``OUTBOX_MAX_ATTEMPTS`` attempts, starting once this
    transaction commits. Audited as ``outbox.message_resend``.

    Raises ``OutgoingMessage.DoesNotExist`` for an unknown id, and ``ValidationError`` (Chinese message)
    when the message is not failed (already sent again, or sent meanwhile) or is a one-time code past its
    validity (sending it would not help the user, who must ask for a new code).
    """
    message = OutgoingMessage.objects.select_for_update().get(pk=message_id)
    if message.status != MessageStatus.FAILED:
        raise ValidationError(f"该消息当前为“{message.get_status_display()}”，无需重新发送。", code="not_failed")
    if message.expires_at and message.expires_at <= timezone.now():
        raise ValidationError(
            "该消息是验证码，已过有效期，重新发送没有意义；请告知用户重新获取验证码。", code="expired"
        )
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), failed_at=None,
        resend_count=F("resend_count") + 1,
    )
    message.refresh_from_db()
    audit_record(action="outbox.message_resend", actor=actor, obj=message, object_label=str(message),
                 detail={"channel": message.channel, "purpose": message.purpose, "to": message.recipient_masked,
                         "last_error": message.last_error[:200]})
    _dispatch_on_commit(message.pk)
    return message

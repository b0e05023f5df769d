"""Sending SMS and e-mail through pluggable backends.

The embedded default prints SMS to the console; with ``DEV_OUTBOX_ENABLED`` every message is also
kept in ``OutboxMessage`` and shown on the development outbox page (/dev/outbox/), so that a
recovery code can be read without a phone. Messages are sent after the transaction commits.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.module_loading import import_string

from .masking import mask_email, mask_phone
from .models import OutboxMessage

logger = logging.getLogger(__name__)


class ConsoleSmsBackend:
    def send(self, *, phone: str, text: str) -> None:
        # The log filter masks the number; the text is shown so a developer can read codes.
        logger.info("SMS to %s: %s", mask_phone(phone), text)


def _outbox(channel: str, recipient_masked: str, subject: str, body: str) -> None:
    if settings.DEV_OUTBOX_ENABLED:
        OutboxMessage.objects.create(channel=channel, recipient_masked=recipient_masked, subject=subject, body=body)


def send_sms(*, phone: str, text: str) -> None:
    backend = import_string(settings.SMS_BACKEND)()

    def _send() -> None:
        backend.send(phone=phone, text=text)

    _outbox(OutboxMessage.Channel.SMS, mask_phone(phone), "", text)
    transaction.on_commit(_send)


def send_email(*, to: str, subject: str, text: str) -> None:
    def _send() -> None:
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=True)

    _outbox(OutboxMessage.Channel.EMAIL, mask_email(to), subject, text)
    transaction.on_commit(_send)

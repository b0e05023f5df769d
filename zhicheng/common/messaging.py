"""The wire: sending one SMS or e-mail through the configured backend, and the development copy.

Nothing outside :mod:`zhicheng.outbox` calls these: every message is written to the transactional
outbox first (``zhicheng.outbox.services.sms_enqueue`` / ``email_enqueue``, decision 0018) and sent
from there by a task, with retries. The embedded default prints SMS to the console; with
``DEV_OUTBOX_ENABLED`` every message is also kept in ``OutboxMessage`` and shown on the development
outbox page (/dev/outbox/), so that a recovery code can be read without a phone.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from .masking import mask_phone
from .models import OutboxMessage

logger = logging.getLogger(__name__)


class ConsoleSmsBackend:
    """Writes the SMS to the log (embedded default). An SMS backend has one method, ``send(phone=,
    text=)``, and raises any exception when the gateway did not take the message."""

    def send(self, *, phone: str, text: str) -> None:
        # The log filter masks the number; the text is shown so a developer can read codes.
        logger.info("SMS to %s: %s", mask_phone(phone), text)


def dev_outbox_copy(*, channel: str, recipient_masked: str, subject: str, body: str) -> None:
    """Keep a copy for the development outbox page (only while ``DEV_OUTBOX_ENABLED``; never in production)."""
    if settings.DEV_OUTBOX_ENABLED:
        OutboxMessage.objects.create(channel=channel, recipient_masked=recipient_masked, subject=subject, body=body)


def sms_transmit(*, phone: str, text: str) -> None:
    """Hand one SMS to ``settings.SMS_BACKEND`` now. Raises whatever the backend raises."""
    import_string(settings.SMS_BACKEND)().send(phone=phone, text=text)


def email_transmit(*, to: str, subject: str, text: str) -> None:
    """Hand one e-mail to Django's ``EMAIL_BACKEND`` now. Raises on failure (``SMTPException``, ``OSError``)."""
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)

"""The transactional outbox: every SMS and e-mail the system sends (issue 20, decision 0018).

A service that changes something and must tell someone writes an :class:`OutgoingMessage` row in the
same transaction as the change (``zhicheng.outbox.services.sms_enqueue`` / ``email_enqueue``). If the
change rolls back, so does the message; if it commits, the message exists and is delivered by the
Celery task ``zhicheng.outbox.deliver`` with retries and exponential backoff. A message that fails
every attempt is kept with status ``failed`` and shown to the system administrator on
/messages/failed/, who may send it again. Nothing is dropped.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhicheng.common.fields import EncryptedTextField
from zhicheng.common.models import CachedDisplayMixin


class MessageChannel(models.TextChoices):
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("待发送")  # waiting for its (next) attempt at ``next_attempt_at``
    SENDING = "sending", _("发送中")  # claimed by a worker until ``claimed_until``
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")  # every attempt failed: shown to the system administrator


class MessagePurpose(models.TextChoices):
    CASE_NOTICE = "case_notice", _("业务通知")
    RECOVERY_CODE = "recovery_code", _("找回账号验证码")
    CONTACT_CODE = "contact_code", _("更换联系方式验证码")
    CONTACT_CHANGED = "contact_changed", _("联系方式已更换提醒")
    REMINDER = "reminder", _("期限提醒")


class OutgoingMessage(CachedDisplayMixin, models.Model):
    channel = models.CharField(_("渠道"), max_length=8, choices=MessageChannel.choices)
    purpose = models.CharField(_("用途"), max_length=20, choices=MessagePurpose.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收账号"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # The phone number or e-mail address, encrypted at rest (decision 0002); pages show the mask.
    recipient = EncryptedTextField(_("接收方"))
    recipient_masked = models.CharField(_("接收方"), max_length=100)
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    # Encrypted too: a body may hold a one-time code.
    body = EncryptedTextField(_("内容"))
    # A body with a one-time code: never shown on pages, not sent after ``expires_at``.
    sensitive = models.BooleanField(_("含验证码"), default=False)
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True)

    status = models.CharField(_("状态"), max_length=8, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("发送占用至"), null=True, blank=True)
    last_error = models.CharField(_("最近一次错误"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    failed_at = models.DateTimeField(_("失败时间"), null=True, blank=True)
    resend_count = models.PositiveSmallIntegerField(_("人工重发次数"), default=0)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("发送消息")
        verbose_name_plural = _("发送消息")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["status", "failed_at"], name="outbox_failed"),
        ]
        constraints = [
            models.CheckConstraint(
                name="outbox_sent_has_sent_at",
                condition=Q(status=MessageStatus.SENT, sent_at__isnull=False) | ~Q(status=MessageStatus.SENT),
            ),
            models.CheckConstraint(
                name="outbox_failed_has_failed_at",
                condition=Q(status=MessageStatus.FAILED, failed_at__isnull=False) | ~Q(status=MessageStatus.FAILED),
            ),
            models.CheckConstraint(
                name="outbox_sending_is_claimed",
                condition=Q(status=MessageStatus.SENDING, claimed_until__isnull=False)
                | ~Q(status=MessageStatus.SENDING),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient_masked}（{self.get_purpose_display()}）"

"""Shared base models and the development outbox."""

from __future__ import annotations

from django.db import models
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

_DISPLAY_LABELS: dict[tuple[int, str | None], dict] = {}


class CachedDisplayMixin:
    """``get_FOO_display()`` from a label table built once per field and language.

    Django rebuilds the field's whole choice table and resolves the lazy translation on every
    call; on a work-queue page of 20 rows that was a quarter of the rendering time
    (docs/benchmarks.md). Choices are fixed in code, so the table is built on first use.
    """

    def _get_FIELD_display(self, field):
        key = (id(field), get_language())
        labels = _DISPLAY_LABELS.get(key)
        if labels is None:
            labels = _DISPLAY_LABELS[key] = {
                make_hashable(value): str(label) for value, label in field.flatchoices
            }
        value = getattr(self, field.attname)
        return labels.get(make_hashable(value), value)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """A copy of each SMS or e-mail sent while the development outbox is on (never in production)."""

    class Channel(models.TextChoices):
        SMS = "sms", _("短信")
        EMAIL = "email", _("电子邮件")

    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    recipient_masked = models.CharField(_("接收方"), max_length=100)
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("开发环境消息")
        verbose_name_plural = _("开发环境消息")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient_masked}"

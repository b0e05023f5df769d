"""Shared base models and the development outbox."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
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


def _kept_path(instance: KeptDocument, filename: str) -> str:
    # No personal data in the name: the kind, the object's id and the version's first characters.
    return f"kept/{instance.kind}/{instance.object_id}-{instance.version[:16]}.pdf"


def _kept_storage():
    from .uploads import private_storage

    return private_storage()


class KeptDocument(models.Model):
    """A rendered document (评审表, 考核认定表, 一览表, e-certificate) kept per version of its inputs
    (zhicheng/common/kept.py, decision 0025). The file is under ``MEDIA_ROOT`` (never served directly);
    it is served only through the access-checked download view of its kind."""

    kind = models.CharField(_("文书类型"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    #: sha256 (hex) of exactly the inputs that determine the bytes (zhicheng.common.kept.kept_version)
    version = models.CharField(_("版本"), max_length=64)
    file = models.FileField(_("文件"), storage=_kept_storage, upload_to=_kept_path, max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rendered_at = models.DateTimeField(_("生成时间"), default=timezone.now)

    class Meta:
        verbose_name = _("已生成文书")
        verbose_name_plural = _("已生成文书")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "version"], name="kept_document_one_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.version[:12]}"

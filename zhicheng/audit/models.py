"""The append-only audit log.

Rows are written explicitly by services (never by signals). Each row carries the hash of the
previous row and its own hash, HMAC-SHA256 under the audit key named by ``key_id`` (a key the
database does not hold, ``sealing.py``), so that an edit made by hand is found by
``verify_audit_chain`` even when the editor recomputes the hashes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhicheng.common.models import CachedDisplayMixin


class AuditEvent(CachedDisplayMixin, models.Model):
    class Result(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")
        DENIED = "denied", _("拒绝")

    created_at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    actor_label = models.CharField(_("操作人（显示）"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("所属单位"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("对象"), max_length=200, blank=True)
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices, default=Result.SUCCESS)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    client_ip = models.CharField(_("客户端地址"), max_length=64, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=32, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    row_hash = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(_("签名密钥编号"), max_length=16)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"


class AuditChainHead(CachedDisplayMixin, models.Model):
    """A single row locked while a new event is chained, so that the chain stays linear.

    Not a proof of anything: whoever can write to the database can move it. The newest rows are
    vouched for by the signed checkpoints kept outside the database (``checkpoints.py``)."""

    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.last_hash[:12]

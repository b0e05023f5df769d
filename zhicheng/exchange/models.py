"""External systems (对接系统), their API tokens, the numbers they were allocated, and idempotency records.

See SPEC §9 and docs/decisions/0006-exchange-api.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.common.models import CachedDisplayMixin


class Scope(models.TextChoices):
    NUMBERS_ALLOCATE = "numbers:allocate", _("申请证书编号")
    CERTIFICATES_WRITE = "certificates:write", _("报送发证与作废")
    CERTIFICATES_READ = "certificates:read", _("查询证书")


class ExternalSystem(CachedDisplayMixin, models.Model):
    """A city or industry system that exchanges data with the province through the API."""

    name = models.CharField(_("系统名称"), max_length=100, unique=True)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("所代表的单位"), on_delete=models.PROTECT, related_name="external_systems"
    )
    issuers = models.ManyToManyField(
        "orgs.Organisation", verbose_name=_("可使用的发证机关"), blank=True, related_name="+",
        limit_choices_to={"kind": "hr_bureau"},
    )
    committees = models.ManyToManyField(
        "catalog.Committee", verbose_name=_("可使用的评审委员会"), blank=True, related_name="external_systems"
    )
    scopes = models.JSONField(_("权限范围"), default=list, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True, help_text=_("为空表示长期有效"))
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("对接系统")
        verbose_name_plural = _("对接系统")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = [s for s in (self.scopes or []) if s not in Scope.values]
        if not isinstance(self.scopes, list) or unknown:
            raise ValidationError({"scopes": _("权限范围只能是：%(s)s") % {"s": "、".join(Scope.values)}})
        self.scopes = [s for s in Scope.values if s in self.scopes]  # canonical order, no repeats

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.is_active and not self.is_expired

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    @property
    def scope_labels(self) -> list[str]:
        return [Scope(s).label for s in Scope.values if s in (self.scopes or [])]

    @property
    def audit_label(self) -> str:
        return f"对接系统：{self.name}"


class ApiToken(CachedDisplayMixin, models.Model):
    """A bearer credential of an external system. Only its SHA-256 digest is stored."""

    system = models.ForeignKey(
        ExternalSystem, verbose_name=_("对接系统"), on_delete=models.CASCADE, related_name="tokens"
    )
    label = models.CharField(_("用途说明"), max_length=100, blank=True)
    prefix = models.CharField(_("令牌前缀"), max_length=12, help_text=_("令牌的前几位，便于识别"))
    digest = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True, help_text=_("为空表示长期有效"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("吊销人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.system.name})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def status_label(self) -> str:
        if self.is_revoked:
            return "已吊销"
        if self.is_expired:
            return "已过期"
        return "有效"


class Allocation(CachedDisplayMixin, models.Model):
    """Which external system was given which certificate number (only it may report or void it)."""

    system = models.ForeignKey(
        ExternalSystem, verbose_name=_("对接系统"), on_delete=models.PROTECT, related_name="allocations"
    )
    certificate = models.OneToOneField(
        "certificates.Certificate", verbose_name=_("证书"), on_delete=models.PROTECT, related_name="allocation"
    )
    created_at = models.DateTimeField(_("分配时间"), default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("编号分配记录")
        verbose_name_plural = _("编号分配记录")

    def __str__(self) -> str:
        return f"{self.system_id}: {self.certificate_id}"


class IdempotencyRecord(CachedDisplayMixin, models.Model):
    """The first answer to a write with a given ``Idempotency-Key``, kept with the change it made."""

    system = models.ForeignKey(
        ExternalSystem, verbose_name=_("对接系统"), on_delete=models.CASCADE, related_name="idempotency_records"
    )
    key = models.CharField(_("幂等键"), max_length=200)
    endpoint = models.CharField(_("接口"), max_length=100)
    request_hash = models.CharField(_("请求摘要"), max_length=64)
    status = models.PositiveSmallIntegerField(_("响应状态码"), default=0)
    body = models.JSONField(_("响应内容"), default=dict)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("幂等记录")
        verbose_name_plural = _("幂等记录")
        constraints = [models.UniqueConstraint(fields=["system", "key"], name="unique_idempotency_key")]

    def __str__(self) -> str:
        return f"{self.system_id} {self.key}"

"""Integrity records (诚信档案): findings of fraud or misconduct against a person, and their objections.

A finding's effects are computed from its dates, never typed: the bar on applying (or on sitting in an
expert pool) is in force from ``decided_on`` until the day before ``bar_ends_on`` (the anniversary
``bar_years`` later), while the finding stands (in force, objection pending, or upheld after an
objection). Nothing expires by a job: on ``bar_ends_on`` the bar is simply no longer found.

Rule: 《职称评审管理暂行规定》（人力资源社会保障部令第40号）第四十条（条号待核）— a title obtained by false
materials, plagiarism or other improper means is revoked and recorded in the 职称评审诚信档案库,
纳入全国信用信息共享平台, 记录期限为3年; 《职称评审监管暂行办法》（人社部发〔2024〕56号）: no application in
that period. See docs/decisions/0028-integrity-records.md.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.common.models import CachedDisplayMixin
from zhicheng.common.uploads import private_storage

#: The record period of the rule (记录期限为3年), the default bar.
DEFAULT_BAR_YEARS = 3
MAX_BAR_YEARS = 10
#: The rule cited by default (article number 待核: see the module docstring).
DEFAULT_RULE = "《职称评审管理暂行规定》（人力资源社会保障部令第40号）第四十条"


class FindingKind(models.TextChoices):
    FORGED_MATERIAL = "forged_material", _("伪造、变造申报材料")
    PLAGIARISM = "plagiarism", _("剽窃他人作品和学术成果")
    FALSE_STATEMENT = "false_statement", _("提供虚假材料或作虚假陈述")
    IMPROPER_MEANS = "improper_means", _("通过其他不正当手段取得职称")
    EXPERT_MISCONDUCT = "expert_misconduct", _("评审专家违反评审工作纪律")


class SubjectRole(models.TextChoices):
    APPLICANT = "applicant", _("申报人")
    EXPERT = "expert", _("评审专家")


class FindingStatus(models.TextChoices):
    IN_FORCE = "in_force", _("生效")
    OBJECTION_PENDING = "objection_pending", _("异议处理中")
    UPHELD = "upheld", _("异议不成立，维持")
    WITHDRAWN = "withdrawn", _("异议成立，已撤销记录")


#: The statuses in which a finding has its effects (the bar, the revocation).
STANDING_STATUSES = (FindingStatus.IN_FORCE, FindingStatus.OBJECTION_PENDING, FindingStatus.UPHELD)


def evidence_path(instance, filename: str) -> str:
    return (
        f"integrity/{instance.subject_id}/{instance.evidence_sha256[:2]}/{instance.evidence_sha256}"
        f"{instance.evidence_extension}"
    )


def _private_storage():
    return private_storage()


class IntegrityFinding(CachedDisplayMixin, models.Model):
    """One finding recorded in a person's integrity record, by an HR bureau or a committee office."""

    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="integrity_findings"
    )
    subject_role = models.CharField(_("当事人身份"), max_length=10, choices=SubjectRole.choices,
                                    default=SubjectRole.APPLICANT)
    kind = models.CharField(_("失信情形"), max_length=24, choices=FindingKind.choices)
    facts = models.TextField(_("查实的事实"), max_length=2000)
    rule = models.CharField(_("处理依据"), max_length=200, default=DEFAULT_RULE)
    decided_on = models.DateField(_("处理决定日期"))
    bar_years = models.PositiveSmallIntegerField(
        _("记录期限（年）"), default=DEFAULT_BAR_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_BAR_YEARS)],
    )
    #: Computed by the service: the anniversary ``bar_years`` after ``decided_on``, the first day the bar no
    #: longer holds (the person may apply again from this day).
    bar_ends_on = models.DateField(_("限制截止日期（当日起可再申报）"), editable=False)
    certificates = models.ManyToManyField(
        "certificates.Certificate", verbose_name=_("撤销的证书"), blank=True, related_name="integrity_findings"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("查实时所在的业务"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    evidence = models.FileField(_("证据材料"), storage=_private_storage, upload_to=evidence_path, max_length=200)
    evidence_name = models.CharField(_("证据文件名"), max_length=200)
    evidence_type = models.CharField(_("证据文件类型"), max_length=40)
    evidence_sha256 = models.CharField(max_length=64)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("记录单位"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    status = models.CharField(_("状态"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.IN_FORCE)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("诚信档案记录")
        verbose_name_plural = _("诚信档案")
        constraints = [
            models.CheckConstraint(
                name="finding_bar_after_decision", condition=Q(bar_ends_on__gt=models.F("decided_on"))
            ),
            models.CheckConstraint(
                name="finding_status_known", condition=Q(status__in=[s.value for s in FindingStatus])
            ),
        ]
        indexes = [models.Index(fields=["subject", "bar_ends_on"], name="finding_subject_bar_idx")]

    def __str__(self) -> str:
        return f"{self.subject.real_name} · {self.get_kind_display()}"

    @property
    def evidence_extension(self) -> str:
        from zhicheng.common.uploads import ALLOWED_UPLOAD_TYPES

        return ALLOWED_UPLOAD_TYPES.get(self.evidence_type, "")

    @property
    def is_standing(self) -> bool:
        return self.status in STANDING_STATUSES

    def bar_in_force_on(self, day: dt.date) -> bool:
        """The bar holds on ``day``: the finding stands and ``decided_on`` ≤ ``day`` < ``bar_ends_on``."""
        return self.is_standing and self.decided_on <= day < self.bar_ends_on

    @property
    def bar_in_force(self) -> bool:
        return self.bar_in_force_on(timezone.localdate())

    @property
    def state_label(self) -> str:
        """The status as the person reads it, with expiry computed: 已期满 after ``bar_ends_on``."""
        if self.is_standing and timezone.localdate() >= self.bar_ends_on:
            return "已期满"
        return self.get_status_display()

    @property
    def audit_label(self) -> str:
        return f"诚信档案 {self.pk} {self.subject.real_name}"


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")


class IntegrityObjection(CachedDisplayMixin, models.Model):
    """The person's objection (异议) to a finding; the recording office resolves it."""

    finding = models.ForeignKey(IntegrityFinding, verbose_name=_("诚信档案记录"), on_delete=models.PROTECT,
                                related_name="objections")
    lodged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT,
                                  related_name="+")
    text = models.TextField(_("异议理由"), max_length=2000)
    lodged_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    status = models.CharField(
        _("状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING
    )
    resolution = models.TextField(_("处理意见"), max_length=2000, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["-lodged_at", "-id"]
        verbose_name = _("诚信档案异议")
        verbose_name_plural = _("诚信档案异议")
        constraints = [
            models.UniqueConstraint(fields=["finding"], condition=Q(status="pending"),
                                    name="one_pending_objection_per_finding"),
            models.CheckConstraint(
                name="objection_resolved_has_resolution",
                condition=(Q(status="pending") & Q(resolved_at__isnull=True))
                | (~Q(status="pending") & Q(resolved_at__isnull=False) & ~Q(resolution="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.finding} · 异议"

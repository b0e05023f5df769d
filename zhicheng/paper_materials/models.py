"""纸质材料 (paper materials) tracked on each case: which paper materials the organisation handling
the case received from the applicant, checked against the original, stamped, or handed back — who
did each and when. The list starts from what the applicant declared (提交资料清单 of a 评审申请 or
考核认定申请); staff may add what else was handed in. Only :mod:`zhicheng.paper_materials.services`
writes these rows; every change is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PaperStep(models.TextChoices):
    RECEIVED = "received", _("收到")
    CHECKED = "checked", _("已核")
    STAMPED = "stamped", _("已盖章")
    RETURNED = "returned", _("已退还")


class PaperMaterial(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="paper_materials"
    )
    name = models.CharField(_("材料名称"), max_length=200)
    declared = models.BooleanField(_("申报人已列入清单"), default=False)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("登记单位"), on_delete=models.PROTECT, related_name="+"
    )
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    received_at = models.DateTimeField(_("收到时间"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("收件人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("核对时间"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("核对人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    stamped_at = models.DateTimeField(_("盖章时间"), null=True, blank=True)
    stamped_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("盖章经办人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(_("退还时间"), null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("退还经办人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["case", "-declared", "id"]
        verbose_name = _("纸质材料")
        verbose_name_plural = _("纸质材料")
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="paper_material_once_per_case"),
            # each later step needs the receipt before it
            models.CheckConstraint(
                name="paper_material_steps_after_receipt",
                condition=Q(received_at__isnull=False)
                | (Q(checked_at__isnull=True) & Q(stamped_at__isnull=True) & Q(returned_at__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def state_label(self) -> str:
        if self.returned_at:
            return "已退还"
        if self.stamped_at:
            return "已盖章"
        if self.checked_at:
            return "已核"
        if self.received_at:
            return "已收到"
        return "未收到"


class PaperConclusion(models.TextChoices):
    MEETS = "meets", _("纸质材料齐全，经核对符合要求")
    FAILS = "fails", _("纸质材料不全或不符合要求")


class PaperReview(models.Model):
    """纸质材料审核: the personnel unit's review of the applicant's paper materials on a case, with its own
    reference (e.g. the unit's 审核登记编号), date, reviewer, conclusion and the materials it checked
    against the originals. On a plan marked 先交纸质材料，后补网上信息 (``EvaluationPlan.paper_first``) the
    unit may pass the online case citing it: the required online attachments missing from the record
    are allowed when ``materials_checked`` lists them (``zhicheng.paper_materials.approval``; decision 0032).
    Written once, never changed (a new review is recorded instead); audited (``paper.review``).
    """

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="paper_reviews"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("审核单位"), on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("纸质审核编号"), max_length=60)
    reviewed_on = models.DateField(_("审核日期"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT,
                                 related_name="+")
    conclusion = models.CharField(_("审核结论"), max_length=10, choices=PaperConclusion.choices)
    #: What the reviewer checked against the originals: attachment kinds (``ONLINE_ATTACHMENT_CHOICES``)
    #: and the applicant's declared materials, by name.
    materials_checked = models.JSONField(_("已核对的材料"), default=list, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["case", "-created_at", "-id"]
        verbose_name = _("纸质材料审核")
        verbose_name_plural = _("纸质材料审核")
        indexes = [models.Index(fields=["case", "organisation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.reference} · {self.reviewed_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("已登记的纸质材料审核不能修改，请另行登记。")
        super().save(*args, **kwargs)

    @property
    def meets(self) -> bool:
        return self.conclusion == PaperConclusion.MEETS

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
    case = models.ForeignKey("cases.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="paper_materials")
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

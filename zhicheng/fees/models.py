"""评审费 (issue 21, decision 0035): the payment notice a 评审申请 gets at 受理, its payments and refunds.

* :class:`FeeNotice` — one per accepted case of a plan with ``fee_required``: amount, payee and period are
  copied from the plan when it is issued (a later change of the plan never changes an issued notice), with
  its 缴费识别码 (``reference``: 14 digits, the plan's year, 11 digits of an HMAC of the case under the
  server's secret, one check digit; never anything of the person) and its deadline ``due_on``.
  ``paid_amount`` and ``refunded_amount`` are the sums of its payments and refunds, kept by the services
  under a row lock; ``paid_on`` is the day the last payment made it paid in full (None while not paid).
* :class:`FeePayment` — one payment recorded by the committee office, one by one or from a bank
  reconciliation file (:class:`FeeImport`); a bank serial number is recorded once in the whole system.
* :class:`FeeRefund` — a refund, full or partial, with its reason; never more than was paid.

Rows are never deleted; a payment recorded in error is corrected by a refund with the reason.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")


class FeeStatus(models.TextChoices):
    """Where a notice stands (computed by ``FeeNotice.status_on``; the list filters on it)."""

    DUE = "due", _("待缴费")
    OVERDUE = "overdue", _("逾期未缴")
    PAID = "paid", _("已缴费")
    REFUNDED = "refunded", _("已退费")
    PART_REFUNDED = "part_refunded", _("部分退费")


class PaymentChannel(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("银行转账")
    POS = "pos", _("窗口刷卡")
    CASH = "cash", _("现金")
    OTHER = "other", _("其他")


class FeeNotice(models.Model):
    case = models.OneToOneField(
        "cases.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="fee_notice"
    )
    plan = models.ForeignKey("catalog.EvaluationPlan", verbose_name=_("评审计划"), on_delete=models.PROTECT,
                             related_name="fee_notices")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT,
                                  related_name="+")
    reference = models.CharField(_("缴费识别码"), max_length=20, unique=True)
    amount = models.DecimalField(_("应缴金额（元）"), max_digits=9, decimal_places=2)
    payee_name = models.CharField(_("收款单位"), max_length=100)
    payee_account = models.CharField(_("收款账号"), max_length=40)
    payee_bank = models.CharField(_("开户银行"), max_length=100)
    provider = models.CharField(_("缴费方式"), max_length=30)
    issued_on = models.DateField(_("通知日期"))
    working_days = models.PositiveSmallIntegerField(_("缴费期限（工作日）"))
    due_on = models.DateField(_("缴费截止日期"))
    paid_amount = models.DecimalField(_("已缴金额（元）"), max_digits=9, decimal_places=2, default=ZERO)
    refunded_amount = models.DecimalField(_("已退金额（元）"), max_digits=9, decimal_places=2, default=ZERO)
    paid_on = models.DateField(_("缴清日期"), null=True, blank=True)
    #: When the applicant was told the case is held back for want of payment (the daily deadline run, once).
    overdue_notified_at = models.DateTimeField(_("逾期告知时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("缴费通知")
        verbose_name_plural = _("缴费通知")
        indexes = [models.Index(fields=["plan", "due_on"])]
        constraints = [
            models.CheckConstraint(name="fee_notice_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(name="fee_notice_refund_within_paid",
                                   condition=Q(refunded_amount__gte=0, refunded_amount__lte=F("paid_amount"))),
            models.CheckConstraint(name="fee_notice_due_after_issue", condition=Q(due_on__gte=F("issued_on"))),
        ]

    def __str__(self) -> str:
        return f"缴费通知 {self.reference}"

    @property
    def net_paid(self) -> Decimal:
        """What was paid and not refunded (yuan)."""
        return self.paid_amount - self.refunded_amount

    @property
    def outstanding(self) -> Decimal:
        """What is still to pay (yuan, never negative)."""
        return max(self.amount - self.net_paid, ZERO)

    @property
    def is_paid(self) -> bool:
        return self.net_paid >= self.amount

    def status_on(self, today) -> FeeStatus:
        """The notice's status on ``today``: paid in full (not refunded), refunded (all, or part), else
        due (until and including ``due_on``) or overdue."""
        if self.refunded_amount > 0:
            return FeeStatus.REFUNDED if self.net_paid <= 0 else FeeStatus.PART_REFUNDED
        if self.is_paid:
            return FeeStatus.PAID
        return FeeStatus.DUE if today <= self.due_on else FeeStatus.OVERDUE

    @property
    def reference_display(self) -> str:
        """The reference in groups of four, as printed for the applicant (spaces are ignored when typed)."""
        return " ".join(self.reference[i:i + 4] for i in range(0, len(self.reference), 4))


class FeeImport(models.Model):
    """A bank reconciliation file applied by the committee office (its rows are the payments it made)."""

    plan = models.ForeignKey("catalog.EvaluationPlan", verbose_name=_("评审计划"), on_delete=models.PROTECT,
                             related_name="fee_imports")
    file_name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    rows = models.PositiveIntegerField(_("行数"))
    applied = models.PositiveIntegerField(_("登记笔数"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("对账文件导入")
        verbose_name_plural = _("对账文件导入")

    def __str__(self) -> str:
        return self.file_name


class FeePayment(models.Model):
    notice = models.ForeignKey(FeeNotice, verbose_name=_("缴费通知"), on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("金额（元）"), max_digits=9, decimal_places=2)
    paid_on = models.DateField(_("缴费日期"))
    channel = models.CharField(_("缴费渠道"), max_length=20, choices=PaymentChannel.choices)
    #: The bank's serial number (交易流水号) or the receipt number, normalised like every identifier.
    serial = models.CharField(_("银行流水号"), max_length=64, blank=True)
    fee_import = models.ForeignKey(FeeImport, verbose_name=_("对账文件"), on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="payments")
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("缴费记录")
        verbose_name_plural = _("缴费记录")
        constraints = [
            models.CheckConstraint(name="fee_payment_amount_positive", condition=Q(amount__gt=0)),
            models.UniqueConstraint(fields=["serial"], condition=~Q(serial=""), name="unique_fee_payment_serial"),
        ]

    def __str__(self) -> str:
        return f"{self.notice.reference} {self.amount}"


class FeeRefund(models.Model):
    notice = models.ForeignKey(FeeNotice, verbose_name=_("缴费通知"), on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("退费金额（元）"), max_digits=9, decimal_places=2)
    refunded_on = models.DateField(_("退费日期"))
    reason = models.CharField(_("退费原因"), max_length=200)
    serial = models.CharField(_("退款流水号"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("退费记录")
        verbose_name_plural = _("退费记录")
        constraints = [
            models.CheckConstraint(name="fee_refund_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(name="fee_refund_has_reason", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.notice.reference} 退费 {self.amount}"

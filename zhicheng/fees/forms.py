"""Forms of the 评审费 pages: thin; the services check amounts, serials and dates (decision 0035)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from zhicheng.common.forms import StyledForm

from .models import PaymentChannel
from .services import amount_parse, date_parse


class _AmountField(forms.CharField):
    """An amount in yuan as people type it (full-width digits, 元, commas): ``services.amount_parse``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **kwargs)

    def clean(self, value):
        value = super().clean(value)
        amount = amount_parse(value)
        if amount is None or amount <= 0:
            raise forms.ValidationError("请填写金额，如 300 或 300.00（最多两位小数）")
        return amount


class _DateField(forms.CharField):
    """A date as people type it (``services.date_parse``); the browser offers a date picker."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.DateInput(attrs={"type": "date"}), max_length=20, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        parsed = date_parse(value)
        if parsed is None:
            raise forms.ValidationError("请填写日期，如 2026-12-01")
        return parsed


class PaymentForm(StyledForm):
    amount = _AmountField(label="金额（元）", error_messages={"required": "请填写金额"})
    paid_on = _DateField(label="缴费日期", error_messages={"required": "请填写缴费日期"})
    channel = forms.ChoiceField(label="缴费渠道", choices=PaymentChannel.choices,
                                error_messages={"required": "请选择缴费渠道", "invalid_choice": "请选择缴费渠道"})
    serial = forms.CharField(label="银行流水号", max_length=64, required=False,
                             help_text="银行转账、窗口刷卡必填；现金缴费可填票据号")
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, notice=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("paid_on", timezone.localdate().isoformat())
            if notice is not None:
                self.initial.setdefault("amount", f"{notice.outstanding:.2f}")


class RefundForm(StyledForm):
    amount = _AmountField(label="退费金额（元）", error_messages={"required": "请填写退费金额"})
    refunded_on = _DateField(label="退费日期", error_messages={"required": "请填写退费日期"})
    reason = forms.CharField(label="退费原因", max_length=200, error_messages={"required": "请填写退费原因"},
                             help_text="如：申报人撤回申请、重复缴费、未提交评审会议")
    serial = forms.CharField(label="退款流水号", max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("refunded_on", timezone.localdate().isoformat())


class ImportForm(StyledForm):
    file = forms.FileField(
        label="银行对账文件",
        help_text="CSV 或 Excel（.xlsx）文件，第一行为表头：缴费识别码、金额、缴费日期、银行流水号",
        error_messages={"required": "请选择要导入的文件", "empty": "文件是空的"},
    )

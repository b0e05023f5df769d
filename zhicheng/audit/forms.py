from __future__ import annotations

import copy

from django import forms

from zhicheng.common.forms import StyledForm

from .models import AuditEvent

FILTER_FIELDS = (
    "date_from", "date_to", "actor", "organisation", "action", "result",
    "object_type", "object_id", "client_ip", "request_id",
)

INVALID_DATE = "请输入有效的日期，如 2026-01-31。"


class AuditSearchForm(StyledForm):
    date_from = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": INVALID_DATE})
    date_to = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": INVALID_DATE})
    actor = forms.CharField(label="操作人", required=False, max_length=100, help_text="姓名包含")
    organisation = forms.CharField(label="所属单位", required=False, max_length=100, help_text="单位名称包含")
    action = forms.ChoiceField(label="操作", required=False,
                               error_messages={"invalid_choice": "日志中没有这种操作，请从列表中选择。"})
    result = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), *AuditEvent.Result.choices],
                               error_messages={"invalid_choice": "请从列表中选择结果。"})
    object_type = forms.CharField(
        label="对象类型", required=False, max_length=64, help_text="填写列表中对象下方的灰色代码，可只填一部分"
    )
    object_id = forms.CharField(label="对象编号", required=False, max_length=64)
    client_ip = forms.CharField(label="客户端地址", required=False, max_length=64, help_text="可只填开头，如 10.1.")
    request_id = forms.CharField(label="请求编号", required=False, max_length=32)

    #: Free text, which may be given an ID or phone number: never read from a URL.
    TEXT_FIELDS = ("actor", "organisation", "object_type", "object_id", "client_ip", "request_id")

    def __init__(self, *args, actions: list[tuple[str, str]] | None = None, **kwargs):
        # The choices are set on this form's own copy of the declared fields *before* Form.__init__,
        # because StyledFormMixin already validates a bound form inside __init__.
        action = copy.deepcopy(self.base_fields["action"])
        action.choices = [("", "全部"), *(actions or [])]
        self.base_fields = {**self.base_fields, "action": action}
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return data

    def active_filters(self) -> dict[str, str]:
        """The filters in use, as text (for the audit record of a search or an export)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: str(self.cleaned_data[name]) for name in FILTER_FIELDS if self.cleaned_data.get(name)}

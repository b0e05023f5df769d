from __future__ import annotations

from django import forms

from zhicheng.businesses.constants import BusinessCode
from zhicheng.common.forms import StyledForm

from .selectors import StatsFilters


class StatsFilterForm(StyledForm):
    """The statistics filters (a GET form: nothing personal in it)."""

    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              error_messages={"invalid": "请输入四位数的年度。", "min_value": "年度不正确。",
                                              "max_value": "年度不正确。"})
    plan = forms.TypedChoiceField(label="评审计划", required=False, coerce=int, empty_value=None)
    business_type = forms.ChoiceField(label="业务类型", required=False)
    date_from = forms.DateField(label="提交日期自", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": "请输入正确的日期。"})
    date_to = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": "请输入正确的日期。"})

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "全部")] + [(p.pk, f"{p.year}年 {p.title}") for p in plans]
        self.fields["business_type"].choices = [("", "全部"), ("profile", "个人基本信息")] + list(BusinessCode.choices)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return cleaned

    def filters(self) -> StatsFilters:
        """The filters of a valid form (an invalid one filters nothing: errors show beside the fields)."""
        data = self.cleaned_data if self.is_valid() else {}
        return StatsFilters(
            year=data.get("year"), plan_id=data.get("plan"), date_from=data.get("date_from"),
            date_to=data.get("date_to"), business_type=data.get("business_type") or "",
        )

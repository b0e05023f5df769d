from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhicheng.catalog.constants import PlanStatus
from zhicheng.catalog.forms import DateInput
from zhicheng.catalog.models import EvaluationPlan
from zhicheng.common.forms import StyledForm

from .services import announcement_file_check


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: EvaluationPlan) -> str:
        return f"{obj.year}年 {obj.title}（{obj.committee.name}）"


def _plans():
    year = timezone.localdate().year
    return (EvaluationPlan.objects.filter(status=PlanStatus.PUBLISHED, year__gte=year - 1)
            .select_related("committee").order_by("-year", "title"))


class AnnouncementForm(StyledForm):
    title = forms.CharField(label="标题", max_length=120, error_messages={"required": "请填写标题。"})
    body = forms.CharField(
        label="正文",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "请填写正文。"},
        help_text="支持简单排版：“## 小标题”、“**加粗**”、“- 列表”、“[链接文字](https://…)”、表格。不能插入网页代码；外部图片不会显示。",
    )
    pinned = forms.BooleanField(label="置顶", required=False)
    expires_on = forms.DateField(
        label="有效期至", required=False, widget=DateInput(), help_text="当天结束后不再显示；不填则长期有效。",
        error_messages={"invalid": "请填写正确的日期，例如 2026-12-31。"},
    )
    plan = PlanChoiceField(label="相关评审计划", queryset=EvaluationPlan.objects.none(), required=False,
                           empty_label="（无）", help_text="选择后，该评审计划页面会链接本通知。")
    attachment = forms.FileField(
        label="附件", required=False, help_text="PDF、Word（.docx）、Excel（.xlsx）、JPG 或 PNG；保存后可继续添加。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = _plans()

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day and day < timezone.localdate():
            raise ValidationError("有效期不能早于今天。")
        return day

    def clean_attachment(self):
        f = self.cleaned_data.get("attachment")
        if f:
            announcement_file_check(f)
        return f

    @property
    def expires_at(self):
        """The end of the chosen day (Asia/Shanghai), or None."""
        day = self.cleaned_data.get("expires_on")
        if not day:
            return None
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


class FaqForm(StyledForm):
    question = forms.CharField(label="问题", max_length=200, error_messages={"required": "请填写问题。"})
    answer = forms.CharField(label="解答", max_length=10000, widget=forms.Textarea(attrs={"rows": 8}),
                             error_messages={"required": "请填写解答。"}, help_text="支持简单排版（与通知正文相同）。")
    order = forms.IntegerField(
        label="排序",
        min_value=0,
        max_value=9999,
        initial=100,
        help_text="数字小的排在前面。",
        error_messages={
            "required": "请填写排序数字。",
            "invalid": "请填写 0–9999 的整数。",
            "min_value": "请填写 0–9999 的整数。",
            "max_value": "请填写 0–9999 的整数。",
        },
    )
    is_active = forms.BooleanField(label="在常见问题页显示", required=False, initial=True)


class SearchForm(forms.Form):
    region = forms.ChoiceField(label="地区", required=False)
    q = forms.CharField(label="关键词", required=False, max_length=50)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "全省")] + [(r.code, r.name) for r in regions]
        self.fields["region"].widget.attrs["class"] = "form-select"
        self.fields["q"].widget.attrs.update({"class": "form-control", "placeholder": "标题或内容中的词"})

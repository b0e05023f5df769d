from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from zhicheng.catalog.models import Committee
from zhicheng.common.forms import StyledForm
from zhicheng.orgs.constants import OrgKind
from zhicheng.orgs.models import Organisation

from .models import ExternalSystem, Scope


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name}（{obj.get_kind_display()}）"


class CommitteeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Committee) -> str:
        note = f"（{obj.external_system_name}）" if obj.is_external else ""
        return f"{obj.name}{note}"


def _end_of_day(day: dt.date | None) -> dt.datetime | None:
    """“有效期至 2027-06-30” means until the end of that day, Beijing time."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _as_day(moment: dt.datetime | None) -> dt.date | None:
    if moment is None:
        return None
    return (timezone.localtime(moment) - dt.timedelta(microseconds=1)).date()


class _CheckboxFix:
    """StyledForm gives every widget a form-control class; checkbox lists want form-check-input."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "form-check-input"


class ExternalSystemForm(_CheckboxFix, StyledForm):
    name = forms.CharField(label="系统名称", max_length=100, help_text="如：广州市职称评审管理服务平台")
    organisation = OrganisationChoiceField(
        label="所代表的单位",
        queryset=Organisation.objects.none(),
        help_text="该系统代表哪个单位对接（通常是人社部门）。",
    )
    scopes = forms.MultipleChoiceField(
        label="权限范围", choices=Scope.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    issuers = forms.ModelMultipleChoiceField(
        label="可使用的发证机关", queryset=Organisation.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="只能为这些人社部门申请编号、读取其证书。按住 Ctrl（手机上直接点选）可多选。",
    )
    committees = CommitteeChoiceField(
        label="可使用的评审委员会", queryset=Committee.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)
    expires_on = forms.DateField(
        label="有效期至", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text="含当天；留空表示长期有效。",
    )
    contact = forms.CharField(label="联系人及电话", max_length=100, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, instance: ExternalSystem | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name, "organisation": instance.organisation_id, "scopes": instance.scopes,
                "issuers": list(instance.issuers.values_list("pk", flat=True)),
                "committees": list(instance.committees.values_list("pk", flat=True)),
                "is_active": instance.is_active, "expires_on": _as_day(instance.expires_at),
                "contact": instance.contact, "note": instance.note,
            }
        super().__init__(*args, **kwargs)
        kind_order = Case(
            When(kind=OrgKind.HR_BUREAU, then=Value(0)), When(kind=OrgKind.COMMITTEE, then=Value(1)),
            default=Value(2), output_field=IntegerField(),
        )
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).order_by(
            kind_order, "region_id", "name"
        )
        self.fields["issuers"].queryset = Organisation.objects.filter(kind=OrgKind.HR_BUREAU, is_active=True).order_by(
            "region_id"
        )
        self.fields["committees"].queryset = Committee.objects.select_related("organisation").order_by(
            "organisation__region_id", "id"
        )

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"], "organisation": data["organisation"], "scopes": list(data["scopes"]),
            "issuers": list(data["issuers"]), "committees": list(data["committees"]),
            "is_active": data["is_active"], "expires_at": _end_of_day(data["expires_on"]),
            "contact": data["contact"], "note": data["note"],
        }


class TokenIssueForm(StyledForm):
    label = forms.CharField(label="用途说明", max_length=100, required=False, help_text="如：生产环境、测试环境")
    expires_on = forms.DateField(
        label="有效期至", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="留空表示长期有效。"
    )

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError("有效期不能早于今天。")
        return day

    @property
    def expires_at(self) -> dt.datetime | None:
        return _end_of_day(self.cleaned_data.get("expires_on"))

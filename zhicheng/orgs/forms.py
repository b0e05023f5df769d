"""Forms of the unit pages: registration (单位注册) and the HR bureau's management of its units."""

from __future__ import annotations

from django import forms

from zhicheng.common.forms import StyledForm

from .constants import OrgKind, RegionLevel
from .models import Organisation, Region, UnitType


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        indent = {"province": "", "city": "　", "county": "　　"}.get(obj.level, "")
        return f"{indent}{obj.full_name}（{obj.code}）"


class SupervisorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name}（{obj.region.full_name}）"


def _regions():
    return Region.objects.select_related("parent").order_by("code")


class RegistrationForm(StyledForm):
    name = forms.CharField(label="单位名称", max_length=100, help_text="与营业执照或法人登记证书上的名称一致。")
    credit_code = forms.CharField(label="统一社会信用代码", max_length=40,
                                  help_text="18 位，见营业执照或登记证书；系统校验其校验位和登记机关区划。")
    region = RegionChoiceField(label="所在行政区划", queryset=Region.objects.none(), empty_label="请选择",
                               help_text="企业选择颁发营业执照的市场监督管理部门所在区划。")
    unit_type = forms.ChoiceField(label="单位类型", choices=UnitType.choices, initial=UnitType.EMPLOYER,
                                  widget=forms.RadioSelect,
                                  help_text="人才市场、非公申报点由所在区划人社部门审核；用人单位由主管单位审核。")
    holds_personnel_files = forms.BooleanField(label="本单位具有人事档案管理权限（人事档案管理权）", required=False)
    supervising_unit = SupervisorChoiceField(
        label="主管单位", queryset=Organisation.objects.none(), required=False, empty_label="请选择",
        help_text="用人单位必选：本单位所属的主管部门或行业主管单位（本区划、所在市或省级）。",
    )
    scope_note = forms.CharField(label="受理范围说明", max_length=200, required=False,
                                 help_text="人才市场、非公申报点填写：为哪些人员办理。")
    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系人手机号码", max_length=30)
    file = forms.FileField(
        label="单位授权委托书",
        required=False,
        help_text="加盖单位公章的扫描件（PDF、JPG 或 PNG）；授权您为本单位办理注册并担任单位管理员。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _regions()
        self.fields["supervising_unit"].queryset = (
            Organisation.objects.filter(kind=OrgKind.SUPERVISING_UNIT, is_active=True)
            .select_related("region__parent")
            .order_by("region_id", "name_pinyin")
        )


class UnitCreateForm(StyledForm):
    """An HR bureau creates a 人才市场 or 非公申报点 of its region."""

    name = forms.CharField(label="名称", max_length=100)
    unit_type = forms.ChoiceField(label="类型", widget=forms.RadioSelect, choices=[
        (UnitType.NONPUBLIC_POINT.value, "非公申报点"), (UnitType.TALENT_MARKET.value, "人才市场")])
    credit_code = forms.CharField(label="统一社会信用代码", max_length=40)
    region = RegionChoiceField(label="行政区划", queryset=Region.objects.none(), empty_label="请选择")
    scope_note = forms.CharField(
        label="服务对象说明",
        max_length=200,
        help_text="简要说明为哪些人员办理，如“本区非公有制单位、人事档案不在单位的专业技术人员”。",
    )
    region_override_reason = forms.CharField(
        label="区划不一致的说明", max_length=200, required=False,
        help_text="仅当统一社会信用代码的登记机关区划与所选区划不一致、且确需在本区划设立时填写，记入审计日志。",
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class UnitRenameForm(StyledForm):
    name = forms.CharField(label="新名称", max_length=100)


class UnitMoveForm(StyledForm):
    supervising_unit = SupervisorChoiceField(label="新的主管单位", queryset=Organisation.objects.none(),
                                             empty_label="请选择")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervising_unit"].queryset = choices


class UnitMergeForm(StyledForm):
    target = forms.ModelChoiceField(label="并入单位", queryset=Organisation.objects.none(), empty_label="请选择",
                                    help_text="本单位待审核的业务和已入库人员转入该单位，本单位停用。")
    reason = forms.CharField(label="原因", max_length=200)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets


class UnitDeactivateForm(StyledForm):
    target = forms.ModelChoiceField(label="人员和业务转入", queryset=Organisation.objects.none(), required=False,
                                    empty_label="（无待转移的人员和业务时可不选）")
    reason = forms.CharField(label="原因", max_length=200)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets


__all__ = ["RegionLevel"]

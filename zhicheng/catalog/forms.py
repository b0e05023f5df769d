"""Forms of the committee office's pages: evaluation plans and eligibility conditions."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils import timezone

from zhicheng.common.forms import StyledForm, StyledFormMixin

from .constants import ONLINE_ATTACHMENT_CHOICES, Education, TitleLevel
from .models import (
    DEFAULT_PLEDGE_TEXT,
    MAX_FEE_PAYMENT_WORKING_DAYS,
    MAX_REMINDER_WORKING_DAYS,
    Committee,
    Specialty,
    default_reminder_working_days,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class SpecialtyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Specialty) -> str:
        return obj.name


class _PlanFields(forms.Form):
    year = forms.IntegerField(label="评审年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="计划名称", max_length=100, help_text="如：2026年度广东省建筑工程技术人才职称评审")
    levels = forms.TypedMultipleChoiceField(
        label="评审级别", coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个评审级别"},
    )
    specialties = SpecialtyChoiceField(
        label="评审专业", queryset=Specialty.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="不选则为本评委会可评审的全部专业",
    )
    opens_at = forms.DateField(label="申报开始日期", widget=DateInput(), help_text="当天起受理申报")
    closes_at = forms.DateField(label="申报截止日期", widget=DateInput(), help_text="当天仍受理申报（北京时间）")
    unit_deadline = forms.DateField(label="人事管理单位审核截止日期", widget=DateInput(), required=False)
    supervisor_deadline = forms.DateField(label="主管单位审核截止日期", widget=DateInput(), required=False)
    acceptance_deadline = forms.DateField(label="评委会受理截止日期", widget=DateInput(), required=False)
    correction_working_days = forms.IntegerField(
        label="退回补正期限（工作日）", min_value=1, max_value=60, required=False,
        help_text="申报被退回后，申报人须在此期限内修改并重新提交",
    )
    reminder_working_days = forms.IntegerField(
        label="到期提醒（提前工作日）", min_value=0, max_value=MAX_REMINDER_WORKING_DAYS, required=False,
        help_text="各截止日期前第几个工作日起，提醒需办理的审核人员和需补正的申报人（0 为截止当天）",
    )
    online_attachments_required = forms.MultipleChoiceField(
        label="网上须上传的附件",
        choices=ONLINE_ATTACHMENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="人事管理单位审核通过时，申报人提交的个人信息须带有这些类别的扫描件；不选则不要求",
        error_messages={"invalid_choice": "请从列出的附件类别中选择"},
    )
    paper_first = forms.BooleanField(
        label="先交纸质材料，后补网上信息", required=False,
        help_text="选中后，网上缺少上述附件的申报，人事管理单位可凭已登记的纸质材料审核（列明已核对的材料）审核通过",
    )
    pre_evaluation_notice = forms.BooleanField(
        label="人事管理单位报送前须进行评前公示（不少于 5 个工作日）",
        required=False,
        help_text=(
            "人事管理单位报送前，须将申报人姓名、单位、申报资格和业绩成果名称公示不少于 5 个工作日，"
            "期满无异议后方可报送"
        ),
    )
    fee_required = forms.BooleanField(
        label="收取评审费", required=False,
        help_text="选中后，评委会办公室受理申报时向申报人发出缴费通知；逾期未缴费的申报不提交评审会议",
    )
    fee_amount = forms.DecimalField(
        label="评审费金额（元）", required=False, min_value=Decimal("0.01"), max_value=Decimal("100000"),
        max_digits=9, decimal_places=2, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": "请填写金额，如 300 或 300.00", "min_value": "金额须大于 0",
                        "max_value": "金额不能超过 100000 元", "max_decimal_places": "金额最多精确到分（两位小数）",
                        "max_digits": "金额过大", "max_whole_digits": "金额过大"},
    )
    fee_payee_name = forms.CharField(label="收款单位", required=False, max_length=100)
    fee_payee_account = forms.CharField(label="收款账号", required=False, max_length=40)
    fee_payee_bank = forms.CharField(label="开户银行", required=False, max_length=100)
    fee_payment_working_days = forms.IntegerField(
        label="缴费期限（受理后工作日）", min_value=1, max_value=MAX_FEE_PAYMENT_WORKING_DAYS, required=False,
        help_text="受理之日后第几个工作日为缴费截止日（按国家法定节假日安排计算）",
    )
    notes = forms.CharField(label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    pledge_text = forms.CharField(
        label="诚信承诺书", max_length=2000, widget=forms.Textarea(attrs={"rows": 7}),
        help_text="申报人提交申报时阅读并确认此承诺书；已签署的承诺书不随此处修改而改变",
        error_messages={"required": "请填写诚信承诺书的内容"},
    )

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        # Choices are set here, before StyledFormMixin styles the fields (it validates a bound form).
        self.fields["levels"].choices = [
            (v, TitleLevel(v).label) for v in range(committee.max_level, committee.min_level + 1)
        ]
        scope = list(committee.specialties.all())
        self.fields["specialties"].queryset = (
            Specialty.objects.filter(pk__in=[s.pk for s in scope]) if scope
            else Specialty.objects.filter(series_id=committee.series_id)
        )
        if not self.is_bound and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year
        if not self.is_bound and self.initial.get("reminder_working_days") is None:
            self.initial["reminder_working_days"] = default_reminder_working_days()
        if not self.is_bound and self.initial.get("pre_evaluation_notice") is None:
            self.initial["pre_evaluation_notice"] = True  # on for a new plan (issue 21)
        if not self.is_bound and self.initial.get("fee_payment_working_days") is None:
            self.initial["fee_payment_working_days"] = 10
        if not self.is_bound and not self.initial.get("pledge_text"):
            self.initial["pledge_text"] = DEFAULT_PLEDGE_TEXT

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and opens > closes:
            self.add_error("closes_at", "申报截止日期不能早于开始日期")
        if data.get("fee_required"):
            for name in ("fee_amount", "fee_payee_name", "fee_payee_account", "fee_payee_bank"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, f"收取评审费时请填写{self.fields[name].label.removesuffix('（元）')}")
        return data


class PlanForm(StyledFormMixin, _PlanFields):
    """The plan's fields; the levels and specialties offered are those of ``committee``."""

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, committee=committee, **kwargs)
        for name in ("levels", "specialties", "online_attachments_required"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


EDUCATION_CHOICES = [("", "不限")] + [(v, label) for v, label in Education.choices if v >= Education.SECONDARY]
LEVEL_CHOICES = [("", "不要求")] + list(TitleLevel.choices)



class PathForm(StyledForm):
    min_education = forms.TypedChoiceField(
        label="最低学历", choices=EDUCATION_CHOICES, coerce=int, empty_value=None, required=False
    )
    min_years_since_graduation = forms.IntegerField(label="毕业满（年）", min_value=0, max_value=50, required=False)
    required_level = forms.TypedChoiceField(
        label="须已取得职称", choices=LEVEL_CHOICES, coerce=int, empty_value=None, required=False
    )
    min_years_at_required_level = forms.IntegerField(
        label="取得该职称满（年）", min_value=0, max_value=50, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("min_years_at_required_level") and data.get("required_level") is None:
            self.add_error("required_level", "填写了任职年限，请选择须已取得的职称级别")
        return data

    def path_values(self) -> dict:
        data = self.cleaned_data
        return {
            "min_education": data.get("min_education"),
            "min_years_since_graduation": data.get("min_years_since_graduation") or None,
            "required_level": data.get("required_level"),
            "min_years_at_required_level": data.get("min_years_at_required_level") or None,
        }


PathFormSet = formset_factory(PathForm, extra=2, max_num=8, validate_max=True)


class RuleSourceForm(StyledForm):
    source = forms.CharField(label="依据", max_length=200, required=False, help_text="如：粤人社规〔2021〕X号")

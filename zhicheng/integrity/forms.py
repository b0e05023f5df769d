from django import forms

from zhicheng.common.forms import StyledForm

from .models import DEFAULT_BAR_YEARS, DEFAULT_RULE, MAX_BAR_YEARS, FindingKind, SubjectRole


class FindingForm(StyledForm):
    """记入诚信档案: the recording office's form. The service checks everything again."""

    office = forms.ChoiceField(label="记录单位", error_messages={"required": "请选择记录单位。"})
    subject_role = forms.ChoiceField(label="当事人身份", choices=SubjectRole.choices, initial=SubjectRole.APPLICANT,
                                     error_messages={"required": "请选择当事人身份。"})
    kind = forms.ChoiceField(label="失信情形", choices=[("", "请选择"), *FindingKind.choices],
                             error_messages={"required": "请选择失信情形。", "invalid_choice": "请选择失信情形。"})
    facts = forms.CharField(
        label="查实的事实",
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "如：经向发证院校核实，申报时提交的本科毕业证书系伪造。"}
        ),
        help_text="仅当事人和记录单位可见，不在证书查询中公开。",
        error_messages={"required": "请填写查实的事实。", "max_length": "查实的事实不能超过2000字。"},
    )
    rule = forms.CharField(label="处理依据", max_length=200, initial=DEFAULT_RULE,
                           error_messages={"required": "请填写处理依据。", "max_length": "处理依据不能超过200字。"})
    decided_on = forms.DateField(
        label="处理决定日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="限制申报期限自该日起计算。",
        error_messages={"required": "请填写处理决定日期。", "invalid": "请填写正确的日期。"},
    )
    bar_years = forms.IntegerField(
        label="记录期限（年）", min_value=1, max_value=MAX_BAR_YEARS, initial=DEFAULT_BAR_YEARS,
        help_text="《职称评审管理暂行规定》规定记录期限为3年；期满自动解除，无需操作。",
        error_messages={"required": "请填写记录期限。", "invalid": "请填写整数年数。",
                        "min_value": "记录期限至少1年。", "max_value": f"记录期限不能超过{MAX_BAR_YEARS}年。"},
    )
    certificates = forms.MultipleChoiceField(
        label="撤销以下证书", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="勾选通过该失信行为取得的证书：证书将被撤销，证书查询显示“已撤销”及原因。",
    )
    evidence = forms.FileField(
        label="证据材料", help_text="PDF、JPG 或 PNG，如核查函、处理决定书。",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={"required": "请上传证据材料。"},
    )
    confirm = forms.BooleanField(
        label="我已核实上述事实，确认记入诚信档案", error_messages={"required": "请勾选确认。"}
    )

    def __init__(self, *args, offices=(), certificates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [(str(o.pk), o.name) for o in offices]
        if len(offices) == 1:
            self.fields["office"].initial = str(offices[0].pk)
        self.fields["certificates"].choices = [
            (str(c.pk), f"{c.number} {c.qualification.name}（{c.issued_on:%Y-%m-%d}）") for c in certificates
        ]


class ObjectionForm(StyledForm):
    text = forms.CharField(
        label="异议理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="说明您认为记录不实的理由；可在理由中注明可供核实的材料。",
        error_messages={"required": "请填写异议理由。", "max_length": "异议理由不能超过2000字。"},
    )


class ResolveForm(StyledForm):
    upheld = forms.TypedChoiceField(
        label="处理结果", choices=[("", "请选择"), ("1", "异议成立：撤销该记录并恢复被撤销的证书"),
                               ("0", "异议不成立：维持记录")],
        coerce=lambda v: v == "1", error_messages={"required": "请选择处理结果。"},
    )
    resolution = forms.CharField(
        label="处理意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="当事人可在本人的诚信档案中看到处理意见。",
        error_messages={"required": "请填写处理意见。", "max_length": "处理意见不能超过2000字。"},
    )

"""Forms of the businesses. The title choice cascades series → specialty → level → qualification
(→ committee): each select's options follow the values chosen before it. The same form renders
the htmx partial (unbound, from ``initial``) and validates the posted page (bound)."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from zhicheng.catalog.models import Committee, Qualification, Series, Specialty
from zhicheng.common.forms import StyledForm

from .constants import PROVINCES_OUTSIDE, BusinessCode
from .models import ReplacementReason
from .selectors import levels_for, qualifications_for, replaceable_certificates_of, specialties_of

PLEDGE_TEXT = (
    "本人承诺：所填信息和提交的材料真实、准确、完整，如有弄虚作假，愿按规定承担相应责任"
    "（包括撤销取得的职称、记入诚信档案）。"
)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class TitleChoiceForm(StyledForm):
    series = forms.ModelChoiceField(label="系列", queryset=Series.objects.all(), empty_label="请选择系列")
    specialty = forms.ModelChoiceField(label="专业", queryset=Specialty.objects.none(), empty_label="请先选择系列")
    level = forms.TypedChoiceField(label="级别", coerce=int, choices=[])
    qualification = forms.ModelChoiceField(
        label="资格名称", queryset=Qualification.objects.none(), empty_label="请先选择系列、专业和级别"
    )

    code = BusinessCode.EVALUATION
    cascade = ("series", "specialty", "level", "qualification")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        url = reverse("businesses:options", args=[self.code])
        for name in self.cascade:
            self.fields[name].widget.attrs.update({
                "hx-get": url, "hx-target": "#title-choice", "hx-include": "#title-choice",
                "hx-swap": "outerHTML", "hx-trigger": "change",
            })
        self.fields["level"].choices = [("", "请选择级别"), *levels_for(self.code)]
        # Narrow each select by the values before it; drop values that no longer fit (unbound only).
        series_id = _int(self._raw("series"))
        if not Series.objects.filter(pk=series_id).exists():
            series_id = None
        specialties = specialties_of(series_id=series_id)
        self.fields["specialty"].queryset = specialties
        self.fields["specialty"].label_from_instance = lambda obj: obj.name
        if series_id:
            self.fields["specialty"].empty_label = "请选择专业"
        specialty = specialties.filter(pk=_int(self._raw("specialty"))).first()
        level = _int(self._raw("level"))
        if level not in {v for v, _ in levels_for(self.code)}:
            level = None
        qualifications = qualifications_for(series_id=series_id, level=level, specialty=specialty)
        self.fields["qualification"].queryset = qualifications
        if series_id and level:
            self.fields["qualification"].empty_label = "请选择资格名称"
        qualification = qualifications.filter(pk=_int(self._raw("qualification"))).first()
        if qualification is None and qualifications.count() == 1 and specialty is not None:
            qualification = qualifications.first()
        self.values = {"series": series_id, "specialty": specialty, "level": level, "qualification": qualification}
        if not self.is_bound:
            self.initial.update({
                "series": series_id, "specialty": specialty.pk if specialty else None, "level": level,
                "qualification": qualification.pk if qualification else None,
            })

    def _raw(self, name):
        if self.is_bound:
            return self.data.get(self.add_prefix(name))
        value = self.initial.get(name)
        return getattr(value, "pk", value)

    @property
    def choice_complete(self) -> bool:
        return bool(self.values["series"] and self.values["specialty"] and self.values["level"]
                    and self.values["qualification"])


class EvaluationForm(TitleChoiceForm):
    committee = forms.ModelChoiceField(
        label="评审委员会", queryset=Committee.objects.select_related("organisation"), widget=forms.RadioSelect,
        error_messages={"required": "请选择评审委员会。", "invalid_choice": "请选择评审委员会。"},
    )
    achievements = forms.TypedMultipleChoiceField(
        label="选定提交的业绩成果", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
    )
    materials = forms.CharField(
        label="提交资料清单",
        required=False,
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "每行一项，例如：\n学历证书复印件\n现职称证书复印件\n代表作论文"}
        ),
        help_text="列出随申报提交（或交到单位）的纸质材料，每行一项。",
    )
    pledge = forms.BooleanField(label="我已阅读上述诚信承诺书，承诺遵守并签署", required=False)

    code = BusinessCode.EVALUATION

    def __init__(self, *args, achievements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["achievements"].choices = [
            (a["id"], f"{a.get('kind_label', '')}：{a.get('title', '')}（{a.get('date', '')}）") for a in achievements
        ]
        if not self.is_bound:
            committee = self.initial.get("committee")
            self.initial["committee"] = getattr(committee, "pk", committee)

    def clean(self):
        from django.utils import timezone

        from zhicheng.catalog.selectors import plan_refusal_reason

        data = super().clean()
        committee, specialty, level = data.get("committee"), data.get("specialty"), data.get("level")
        if committee and specialty and level:
            from .selectors import stored_chain_of

            chain = stored_chain_of(user=self.user) if self.user is not None else None
            region_code = chain.personnel_unit.region_id if chain is not None and chain.is_stored else None
            reason = plan_refusal_reason(committee=committee, specialty=specialty, level=level,
                                         on_date=timezone.localdate(), region_code=region_code)
            if reason:
                self.add_error("committee", reason + "。")
        return data


class RecognitionForm(TitleChoiceForm):
    materials = forms.CharField(
        label="提交资料清单", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "每行一项，例如：\n学历证书复印件\n工作年限证明"}),
        help_text="列出随申报提交（或交到单位）的纸质材料，每行一项。",
    )
    pledge = forms.BooleanField(label=PLEDGE_TEXT, required=False)

    code = BusinessCode.RECOGNITION


class UnitChangeForm(StyledForm):
    unit = forms.IntegerField(
        label="新人事管理单位", widget=forms.HiddenInput,
        error_messages={"required": "请在列表中选择新的人事管理单位。", "invalid": "请在列表中选择新的人事管理单位。"},
    )
    reason = forms.CharField(
        label="变更原因", max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "例如：2025年3月调入新单位，人事档案已转入。"}),
        error_messages={"required": "请填写变更原因。"},
    )


class ReplacementForm(StyledForm):
    certificate = forms.ModelChoiceField(
        label="需补换发的证书", queryset=None, empty_label="请选择证书",
        error_messages={"required": "请选择需补换发的证书。", "invalid_choice": "请选择本人的有效证书。"},
    )
    reason = forms.ChoiceField(
        label="补换发原因", choices=ReplacementReason.choices, widget=forms.RadioSelect,
        error_messages={"required": "请选择补换发原因。"},
    )
    explanation = forms.CharField(
        label="情况说明",
        max_length=500,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "证书何时、何地遗失或如何损毁；损毁的请将原证书交回发证机关。"}
        ),
        error_messages={"required": "请说明证书遗失或损毁的情况。"},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = replaceable_certificates_of(user=user)
        self.fields["certificate"].queryset = qs
        self.fields["certificate"].label_from_instance = (
            lambda c: f"{c.qualification.name} · {c.number} · {c.issuer.name} · {c.issued_on:%Y-%m-%d}"
        )


class QualificationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.series.name}系列 · {obj.get_level_display()} · {obj.name}"


class ExternalForm(StyledForm):
    province = forms.ChoiceField(
        label="取得职称的省份", choices=[("", "请选择省份"), *[(p, p) for p in PROVINCES_OUTSIDE]],
        error_messages={"required": "请选择取得职称的省份。"},
    )
    issuing_authority = forms.CharField(
        label="发证机关", max_length=100, error_messages={"required": "请填写发证机关。"},
        widget=forms.TextInput(attrs={"placeholder": "例如：湖南省人力资源和社会保障厅"}),
    )
    qualification = QualificationChoiceField(
        label="资格名称（系列、级别）", queryset=Qualification.objects.select_related("series"), empty_label="请选择",
        error_messages={"required": "请选择资格名称。"},
    )
    document_number = forms.CharField(
        label="证书（文件）编号", max_length=50, error_messages={"required": "请填写证书（文件）编号。"}
    )
    obtained_on = forms.DateField(
        label="取得时间", widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写取得时间。", "invalid": "请填写正确的日期。"},
    )
    file = forms.FileField(
        label="职称证书扫描件", required=False, help_text="PDF、JPG 或 PNG，清晰完整。",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

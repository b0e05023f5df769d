from django import forms

from zhicheng.common.forms import StyledForm

from .models import PaperConclusion, PaperStep


class PaperRecordForm(StyledForm):
    name = forms.CharField(label="材料名称", max_length=200, error_messages={"required": "请填写材料名称。"},
                           widget=forms.TextInput(attrs={"list": "declared-materials", "autocomplete": "off"}))
    step = forms.ChoiceField(label="登记", choices=PaperStep.choices, initial=PaperStep.RECEIVED,
                             error_messages={"required": "请选择登记的环节。", "invalid_choice": "请选择登记的环节。"})
    copies = forms.IntegerField(label="份数", min_value=1, max_value=99, initial=1, required=False,
                                error_messages={"invalid": "请填写 1–99 的整数。", "min_value": "请填写 1–99 的整数。",
                                                "max_value": "请填写 1–99 的整数。"})
    note = forms.CharField(label="备注", max_length=200, required=False)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PaperReviewForm(StyledForm):
    """纸质材料审核; ``choices``: what may be listed as checked (``services.paper_review_choices``)."""

    reference = forms.CharField(label="纸质审核编号", max_length=60, error_messages={
        "required": "请填写纸质审核编号。", "max_length": "纸质审核编号不超过 60 个字。"})
    reviewed_on = forms.DateField(label="审核日期", widget=DateInput(), error_messages={
        "required": "请填写审核日期。", "invalid": "请填写正确的日期。"})
    conclusion = forms.ChoiceField(
        label="审核结论",
        choices=PaperConclusion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择审核结论。", "invalid_choice": "请选择审核结论。"},
    )
    materials_checked = forms.MultipleChoiceField(
        label="已与原件核对的材料", required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "请从列出的材料中选择。"})
    review_note = forms.CharField(label="说明", max_length=500, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, choices: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials_checked"].choices = [(c, c) for c in choices]

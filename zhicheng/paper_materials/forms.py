from django import forms

from zhicheng.common.forms import StyledForm

from .models import PaperStep


class PaperRecordForm(StyledForm):
    name = forms.CharField(label="材料名称", max_length=200, error_messages={"required": "请填写材料名称。"},
                           widget=forms.TextInput(attrs={"list": "declared-materials", "autocomplete": "off"}))
    step = forms.ChoiceField(label="登记", choices=PaperStep.choices, initial=PaperStep.RECEIVED,
                             error_messages={"required": "请选择登记的环节。", "invalid_choice": "请选择登记的环节。"})
    copies = forms.IntegerField(label="份数", min_value=1, max_value=99, initial=1, required=False,
                                error_messages={"invalid": "请填写 1–99 的整数。", "min_value": "请填写 1–99 的整数。",
                                                "max_value": "请填写 1–99 的整数。"})
    note = forms.CharField(label="备注", max_length=200, required=False)

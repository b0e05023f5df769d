from django import forms
from django.core.exceptions import ValidationError

from zhicheng.common.forms import StyledForm
from zhicheng.common.validators import normalize_person_name

from .numbering import certificate_number_parse


class VerifyForm(StyledForm):
    number = forms.CharField(
        label="证书编号", max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "placeholder": "18位证书编号"}),
        error_messages={"required": "请输入证书编号。"},
    )
    holder_name = forms.CharField(
        label="持证人姓名", max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "请输入持证人姓名。"},
    )

    def clean_number(self):
        try:
            return certificate_number_parse(self.cleaned_data["number"]).number
        except ValidationError as exc:
            raise ValidationError(exc.messages[0]) from None

    def clean_holder_name(self):
        return normalize_person_name(self.cleaned_data["holder_name"])


class VoidForm(StyledForm):
    reason = forms.CharField(
        label="作废原因", max_length=200,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "如：经核查资格取得不合规，依据……予以撤销"}),
        error_messages={"required": "请填写作废原因。", "max_length": "作废原因不能超过200字。"},
    )
    confirm = forms.BooleanField(
        label="我已核实，确认作废该证书（作废后编号不再使用，不可恢复）",
        error_messages={"required": "请勾选确认。"},
    )


class ManageSearchForm(forms.Form):
    q = forms.CharField(label="证书编号、持证人证件号码或姓名", max_length=40, required=False)

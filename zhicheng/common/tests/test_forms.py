"""StyledForm: every radio and checkbox of a group is drawn as a Bootstrap check input.

Templates draw choice groups one input at a time (``{{ radio.tag }}`` inside ``.form-check``); the
radios of 证书补换发 (补换发原因), the experts' vote, the objection decision and the 评审申请's
achievements were drawn as bare browser inputs beside their labels, because the mixin skipped
RadioSelect and CheckboxSelectMultiple.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from zhicheng.common.exceptions import ServiceError
from zhicheng.common.forms import StyledForm, form_add_error


def _input_classes(html: str) -> list[str]:
    return re.findall(r'<input type="(?:radio|checkbox)"[^>]*class="([^"]*)"', html)


class _Groups(StyledForm):
    one = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(choices=[("a", "甲"), ("b", "乙")], widget=forms.CheckboxSelectMultiple)
    preset = forms.ChoiceField(choices=[("a", "甲")], widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    flag = forms.BooleanField(required=False)


def test_every_radio_and_checkbox_of_a_group_is_a_check_input():
    form = _Groups()
    for name in ("one", "many", "preset", "flag"):
        tags = [str(choice.tag()) for choice in form[name]] if name != "flag" else [str(form[name])]
        classes = [c for tag in tags for c in _input_classes(tag)]
        assert classes and all(c.split() == ["form-check-input"] for c in classes), (name, classes)


def test_invalid_group_is_marked_on_each_input():
    form = _Groups(data={"one": "x"})
    assert not form.is_valid()
    assert all("is-invalid" in c.split() for c in _input_classes("".join(str(c.tag()) for c in form["one"])))


def test_the_forms_that_were_drawn_bare():
    from zhicheng.committees.forms import ObjectionResolveForm, VoteForm

    for form, name in ((VoteForm(), "choice"), (ObjectionResolveForm(), "decision")):
        classes = _input_classes("".join(str(c.tag()) for c in form[name]))
        assert classes and all("form-check-input" in c.split() for c in classes), (type(form).__name__, classes)


# -- form_add_error: the one way a service's refusal reaches a form (issue 15) ------------------


class _ContactForm(StyledForm):
    phone = forms.CharField()
    email = forms.CharField(required=False)


def _bound():
    form = _ContactForm(data={"phone": "13800000001"})
    assert form.is_valid()
    return form


def test_a_field_error_goes_beside_its_field_and_keeps_its_code():
    form = _bound()
    form_add_error(
        form, ValidationError({"phone": ValidationError("该手机号码已被其他账号使用。", code="phone_taken")})
    )
    assert form.errors["phone"] == ["该手机号码已被其他账号使用。"]
    assert form.has_error("phone", code="phone_taken")
    assert "is-invalid" in form.fields["phone"].widget.attrs["class"].split()


def test_an_error_about_a_field_the_form_lacks_goes_to_the_top():
    form = _bound()
    form_add_error(form, ValidationError({"id_number": "该证件号码已注册。"}))
    assert form.non_field_errors() == ["该证件号码已注册。"]


def test_a_list_error_goes_to_the_top():
    form = _bound()
    form_add_error(form, ValidationError(["一", "二"]))
    assert form.non_field_errors() == ["一", "二"]


def test_a_service_error_names_its_field_or_goes_to_the_top():
    form = _bound()
    form_add_error(form, ServiceError("请填写新的电子邮箱。", field="email"))
    form_add_error(form, ServiceError("该业务已由他人办理。"))
    assert form.errors["email"] == ["请填写新的电子邮箱。"]
    assert form.non_field_errors() == ["该业务已由他人办理。"]
    form_add_error(form, ServiceError(field="nonexistent"))
    assert form.non_field_errors()[-1] == ServiceError.default_message


def test_every_domain_error_is_a_service_error():
    from zhicheng.cases.workflow import CaseError
    from zhicheng.committees.services import EvaluationError, NotAllowed

    assert issubclass(CaseError, ServiceError) and issubclass(EvaluationError, ServiceError)
    assert NotAllowed().message == "您无权办理此事项。"

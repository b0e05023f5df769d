"""StyledForm: every radio and checkbox of a group is drawn as a Bootstrap check input.

Templates draw choice groups one input at a time (``{{ radio.tag }}`` inside ``.form-check``); the
radios of 证书补换发 (补换发原因), the experts' vote, the objection decision and the 评审申请's
achievements were drawn as bare browser inputs beside their labels, because the mixin skipped
RadioSelect and CheckboxSelectMultiple.
"""

from __future__ import annotations

import re

from django import forms

from zhicheng.common.forms import StyledForm


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
    from zhicheng.evaluation.forms import ObjectionResolveForm, VoteForm

    for form, name in ((VoteForm(), "choice"), (ObjectionResolveForm(), "decision")):
        classes = _input_classes("".join(str(c.tag()) for c in form[name]))
        assert classes and all("form-check-input" in c.split() for c in classes), (type(form).__name__, classes)

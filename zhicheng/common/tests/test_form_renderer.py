"""The form renderer writes the plainest widgets in Python (zhicheng/common/form_renderer.py): the same
HTML as Django's templates, byte for byte, for every widget and state it takes over."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from zhicheng.common.form_renderer import FastRenderer

SLOW, FAST = DjangoTemplates(), FastRenderer()

TRICKY = 'a "quoted" <b>&amp;</b> \'x\' 中文'
WIDGETS = [
    forms.TextInput(), forms.TextInput(attrs={"class": "form-control", "placeholder": TRICKY, "maxlength": 20,
                                              "required": True, "disabled": False, "data-x": 0}),
    forms.NumberInput(attrs={"min": 1, "max": 60, "inputmode": "numeric"}), forms.EmailInput(),
    forms.PasswordInput(render_value=True), forms.HiddenInput(), forms.DateInput(), forms.DateTimeInput(),
    forms.TimeInput(), forms.URLInput(), forms.CheckboxInput(attrs={"class": "form-check-input"}),
    forms.Textarea(attrs={"rows": 3, "placeholder": TRICKY}),
]
VALUES = [None, "", "text", TRICKY, mark_safe("<i>safe</i>"), 0, 7, 3.5, dt.date(2026, 12, 1), True, False, ("a", "b")]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_single_widgets_render_as_the_templates_do(widget, value):
    assert widget.render("field", value, attrs={"id": "id_field"}, renderer=FAST) == \
        widget.render("field", value, attrs={"id": "id_field"}, renderer=SLOW)


class Choices(forms.Form):
    one = forms.ChoiceField(
        widget=forms.RadioSelect, choices=[("a", "甲"), ("b", gettext_lazy("Yes")), ("<c>", TRICKY)]
    )
    many = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        choices=[("record:x", "基本情况"), ("attachment:7", "附件：<照片>.jpg"), ("3", "三")],
    )


@pytest.mark.parametrize("data", [None, {"one": "b", "many": ["record:x", "3"]}, {"one": "zzz"}])
@pytest.mark.parametrize("wrap_label", [False, True])
def test_choice_options_render_as_the_templates_do(data, wrap_label):
    """``{{ radio.tag }}`` and ``{{ radio }}`` of a choice's options (the case page's decision and return parts)."""
    for renderer_pair in ((FAST, SLOW),):
        fast, slow = (Choices(data, renderer=r) for r in renderer_pair)
        for name in ("one", "many"):
            for a, b in zip(fast[name], slow[name], strict=True):
                assert a.tag(wrap_label=wrap_label) == b.tag(wrap_label=wrap_label)
                assert str(a) == str(b)
            assert str(fast[name]) == str(slow[name])  # the whole choice: Django's templates (not taken over)


def test_the_site_uses_it():
    assert settings.FORM_RENDERER == "zhicheng.common.form_renderer.FastRenderer"


def test_an_empty_choice_reads_qing_xuan_ze():
    """Django's blank choice ("---------") is shown as 请选择 by the project's copy of the option template,
    for model choices and for a model field's choices alike; other labels are untouched."""
    from django import forms as f

    from zhicheng.orgs.models import Organisation

    class Pick(f.Form):
        unit = f.ModelChoiceField(queryset=Organisation.objects.none(), required=False)
        kind = f.ChoiceField(choices=[("", "---------"), ("a", "甲")], required=False)

    html = str(Pick()["unit"]) + str(Pick()["kind"])
    assert "---------" not in html and html.count(">请选择</option>") == 2 and ">甲</option>" in html

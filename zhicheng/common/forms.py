"""Form helpers: Bootstrap classes, and invalid fields marked so errors show beside them."""

from __future__ import annotations

from django import forms


class StyledFormMixin:
    """Adds Bootstrap classes to widgets (``form-check-input`` on every radio and checkbox, also in
    groups); after validation marks invalid fields ``is-invalid``.

    Nothing here triggers validation, so forms may still set choices after ``__init__``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = "form-check-input"  # each radio/checkbox of a group, as drawn by ``{{ choice.tag }}``
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            classes = widget.attrs.get("class", "")
            if css not in classes.split():
                widget.attrs["class"] = (classes + " " + css).strip()

    def full_clean(self):
        super().full_clean()
        for name in self._errors or {}:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()
                attrs["aria-describedby"] = f"id_{name}_error"


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass

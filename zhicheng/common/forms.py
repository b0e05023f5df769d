"""Form helpers: Bootstrap classes, and invalid fields marked so errors show beside them."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .exceptions import ServiceError


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


def form_add_error(form: forms.BaseForm, error: ValidationError | ServiceError) -> None:
    """Put what a service refused on ``form``, beside the field it is about (the one helper, issue 15).

    Args:
        form: a bound form (validated or not).
        error: a ``ValidationError`` (a dict of field → messages, or a list, as services raise them),
            or a ``ServiceError`` (``common.exceptions``) with an optional ``field``.

    A field the form does not have goes to the top of the form (``non_field_errors``), so no message
    is ever lost. Fields that receive an error are marked ``is-invalid`` as after validation.
    """
    if isinstance(error, ServiceError):
        targets = {error.field if error.field in form.fields else None: [error.message]}
    elif hasattr(error, "error_dict"):
        targets = {}
        for name, errors in error.error_dict.items():  # ValidationErrors, so their codes are kept
            targets.setdefault(name if name in form.fields else None, []).extend(errors)
    else:
        targets = {None: list(error.error_list)}
    for name, messages in targets.items():
        form.add_error(name, messages)
        if name is not None:
            attrs = form.fields[name].widget.attrs
            if "is-invalid" not in attrs.get("class", "").split():
                attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()
            attrs["aria-describedby"] = f"id_{name}_error"

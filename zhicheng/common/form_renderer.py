"""Django's form renderer, with the plainest widgets written in Python (issue 23).

Every ``{{ field }}`` and every ``{{ radio.tag }}`` renders Django's widget templates through the
template engine: ``input.html`` including ``attrs.html`` and looping over the attributes, about
0.3 ms per widget. The reviewer's case page renders thirteen of them (the decision's radios, one
checkbox per part that may be returned, the opinion, the correction period, the hidden step) on
every view: an eighth of the page under the profiler (docs/benchmarks.md, issue 23).

``FastRenderer`` writes the same HTML for the widgets whose templates are a single ``<input>`` or
``<textarea>`` (text, number, e-mail, password, hidden, date/time, checkbox, and the radio and
checkbox options of a choice) and leaves every other template (selects, multiple inputs, files,
forms and fields) to Django. ``zhicheng/common/tests/test_form_renderer.py`` renders a range of
widgets both ways and asserts the same output, so a Django upgrade that changes a template is
caught there.
"""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

_W = "django/forms/widgets/"
#: Templates that are exactly ``input.html``.
INPUT_TEMPLATES = frozenset(
    _W + name
    for name in ("input.html", "text.html", "number.html", "email.html", "password.html", "hidden.html", "date.html",
                 "datetime.html", "time.html", "url.html", "tel.html", "search.html", "color.html", "checkbox.html")
)
#: Templates that are exactly ``input_option.html`` (a radio or checkbox of a choice).
OPTION_TEMPLATES = frozenset({_W + "input_option.html", _W + "radio_option.html", _W + "checkbox_option.html"})
TEXTAREA_TEMPLATE = _W + "textarea.html"


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}`` under autoescaping."""
    if isinstance(value, tuple):
        value = str(value)
    text = "%s" % (value,)  # noqa: UP031 - exactly what the filter does
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """``attrs.html``."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(
            f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_formatted(value)}"'
        )
    return "".join(out)


def _input(widget: dict) -> str:
    """``input.html``."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f"{shown}{_attrs(widget['attrs'])}>")


class FastRenderer(TemplatesSetting):
    """Django's ``TemplatesSetting`` renderer (the widget templates through TEMPLATES, where the project's copies
    win), with the single-element widgets in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if len(context) == 1 else None
        if widget is not None:
            if template_name in INPUT_TEMPLATES:
                return mark_safe(_input(widget))  # noqa: S308 - every part escaped above, as the template does
            if template_name in OPTION_TEMPLATES:
                if not widget.get("wrap_label"):
                    return mark_safe(_input(widget))  # noqa: S308 - as above
                label = widget["label"]
                if isinstance(label, (str, Promise)):
                    id_ = widget["attrs"].get("id")
                    for_ = f' for="{conditional_escape(id_)}"' if id_ else ""
                    return mark_safe(f"<label{for_}>{_input(widget)}\n {conditional_escape(label)}</label>")  # noqa: S308
            elif template_name == TEXTAREA_TEMPLATE and isinstance(widget["value"], (str, type(None))):
                text = conditional_escape(widget["value"]) if widget["value"] else ""
                return mark_safe(  # noqa: S308 - as above
                    f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea'
                    '>'
                )
        return super().render(template_name, context, request=request)

"""Where interface text enters the pages (model labels, choices and help texts; form labels, help
texts, choices and error messages), it is Chinese: ``zhicheng.common.ui_text`` (issue 14, the crawl
found ``chinesecalendar 数据包``, ``./manage.sh run 启动时…`` and ``如 accounts.user`` on pages)."""

from __future__ import annotations

import importlib
import pkgutil
import re

from django import forms
from django.apps import apps

import zhicheng
from zhicheng.common.ui_text import english_words


def _texts_of_field(where: str, field, *, messages: bool = True) -> list[tuple[str, str]]:
    texts = [(f"{where} label", getattr(field, "label", None) or getattr(field, "verbose_name", "")),
             (f"{where} help_text", getattr(field, "help_text", ""))]
    choices = [] if isinstance(field, forms.ModelChoiceField) else (getattr(field, "choices", None) or [])
    for value, label in choices:  # a ModelChoiceField's choices are data
        if isinstance(label, list | tuple):  # grouped choices
            texts.extend((f"{where} choice {v}", lab) for v, lab in label)
        else:
            texts.append((f"{where} choice {value}", label))
    for code, message in (getattr(field, "error_messages", None) or {}).items() if messages else ():
        texts.append((f"{where} error {code}", message))
    return texts


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(zhicheng.__path__, "zhicheng."):
        if ".tests" in module.name or ".migrations" in module.name or module.name.endswith(".management"):
            continue
        if module.name.rsplit(".", 1)[-1] in ("forms", "views", "admin"):
            importlib.import_module(module.name)
    found, todo = [], [forms.Form, forms.ModelForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("zhicheng.") and ".tests" not in sub.__module__:
                found.append(sub)
    return found


# Django's own defaults (e.g. the 'required' message) come from Django's translations; only the
# project's own words are checked: text that is not Django's English default.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|\{\w*\}")


def _english(text: str) -> list[str]:
    """English words of a label or message, its %(name)s / {name} placeholders left out."""
    return english_words(PLACEHOLDER.sub(" ", text))


def _is_django_default(text: str) -> bool:
    return text.startswith(("Ensure this value", "Enter a valid", "Select a valid", "This field is required",
                            "The submitted file", "No file was submitted", "Upload a valid", "Enter a whole",
                            "Enter a number", "Enter a list", "Null characters"))


def test_model_labels_and_choices_are_chinese():
    """Labels the project declares (Django derives English ones from the names where none is
    declared; those are not shown outside the admin and are left out)."""
    from django.db.models.options import camel_case_to_spaces

    bad = []
    for model in apps.get_models():
        if not model.__module__.startswith("zhicheng."):
            continue
        name = str(model._meta.verbose_name)
        if name != camel_case_to_spaces(model.__name__) and _english(name):
            bad.append(f"{model._meta.label} verbose_name: {name!r}")
        for field in model._meta.get_fields():
            if not hasattr(field, "verbose_name"):
                continue
            for where, text in _texts_of_field(f"{model._meta.label}.{field.name}", field, messages=False):
                text = str(text)
                if text != field.name.replace("_", " ") and _english(text):
                    bad.append(f"{where}: {text!r}")
    assert not bad, "English in model labels shown on pages:\n" + "\n".join(bad)


def test_form_labels_help_texts_choices_and_messages_are_chinese():
    bad = []
    for form in _project_forms():
        for name, field in form.base_fields.items():
            for where, text in _texts_of_field(f"{form.__module__}.{form.__name__}.{name}", field):
                text = str(text)
                if _english(text) and not _is_django_default(text):
                    bad.append(f"{where}: {text!r}")
    assert not bad, "English in form text shown on pages:\n" + "\n".join(bad)


def test_the_rule_allows_codes_and_data_but_not_words():
    assert (
        english_words("请选择国籍 阿富汗（AFG）、下载 PDF 或 Excel，zhangxm@example.com，证书编号 44A2026000123") == []
    )
    assert english_words("电子邮件 z***@example.com 已发送") == []  # a masked address is data
    assert english_words("chinesecalendar 数据包") == ["chinesecalendar"]
    assert english_words("如 accounts.user") == ["accounts", "user"]


#: One thing, one word, on every page and in the guide (a newcomer's walk found both spellings): the
#: word that is not used → the one that is.
ONE_WORD = {"我的工作台": "工作台", "清空条件": "清除条件"}


def test_one_word_for_the_workbench_and_for_clearing_a_filter():
    from pathlib import Path

    root = Path(zhicheng.__file__).resolve().parent.parent
    files = [
        *root.glob("templates/**/*.html"),
        *root.glob("zhicheng/*/templates/**/*.html"),
        *root.glob("docs/guide/*.md"),
    ]
    assert files
    found = [f"{path.relative_to(root)}: {variant} (say {word})" for path in files
             for variant, word in ONE_WORD.items() if variant in path.read_text(encoding="utf-8")]
    assert not found, found

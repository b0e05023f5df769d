"""``{% url %}`` keeps the addresses it has worked out (zhicheng/common/template_urls.py, issue 23)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse, set_script_prefix

from zhicheng.common import template_urls
from zhicheng.common.template_urls import KeptURLNode, kept_clear


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.fixture(autouse=True)
def _empty_table():
    kept_clear()
    yield
    kept_clear()
    set_script_prefix("/")


def test_every_template_gets_the_kept_tag_without_loading_it():
    template = engines["django"].from_string("{% url 'cases:detail' 7 %}")
    assert isinstance(template.template.nodelist[0], KeptURLNode)


def test_same_address_as_reverse_and_reversed_once_for_the_same_inputs():
    with mock.patch.object(template_urls, "reverse", wraps=reverse) as spy:
        first = render("{% url 'cases:detail' pk %}", pk=7)
        again = render("{% url 'cases:detail' pk %}", pk=7)
        other = render("{% url 'cases:detail' pk %}", pk=8)
    assert first == again == reverse("cases:detail", args=[7])
    assert other == reverse("cases:detail", args=[8])
    assert spy.call_count == 2  # 7 once, 8 once


def test_keyword_arguments_and_as_variable():
    out = render("{% url 'cases:queue' org_id=3 as link %}[{{ link }}]")
    assert out == f"[{reverse('cases:queue', kwargs={'org_id': 3})}]"


def test_the_script_prefix_is_part_of_the_key():
    plain = render("{% url 'cases:detail' 7 %}")
    set_script_prefix("/zhicheng/")
    prefixed = render("{% url 'cases:detail' 7 %}")
    assert plain == "/cases/7/"
    assert prefixed == "/zhicheng/cases/7/"


def test_objects_whose_text_may_change_are_reversed_every_time():
    class Named:
        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

        def __eq__(self, other):  # equal whatever its text: a kept address would go stale
            return isinstance(other, Named)

        def __hash__(self):
            return 1

    thing = Named("5")
    with mock.patch.object(template_urls, "reverse", wraps=reverse) as spy:
        first = render("{% url 'cases:detail' x %}", x=thing)
        thing.text = "6"
        second = render("{% url 'cases:detail' x %}", x=thing)
    assert (first, second) == ("/cases/5/", "/cases/6/")
    assert spy.call_count == 2


def test_a_name_that_does_not_reverse_still_fails_and_is_not_kept():
    with pytest.raises(NoReverseMatch):
        render("{% url 'cases:detail' 'not-a-number' %}")
    assert render("{% url 'no:such' as link %}[{{ link }}]") == "[]"
    assert template_urls._kept == {}


def test_autoescaped_like_django():
    with mock.patch.object(template_urls, "reverse", return_value="/a?b=1&c=2"):
        assert render("{% url 'cases:detail' 1 %}") == "/a?b=1&amp;c=2"


def test_the_table_is_bounded(monkeypatch):
    monkeypatch.setattr(template_urls, "KEPT_MAX", 3)
    for pk in range(1, 8):
        render("{% url 'cases:detail' pk %}", pk=pk)
    assert len(template_urls._kept) <= 3

"""``{% url %}`` with the addresses it has already worked out kept per process (issue 23).

Django's ``{% url %}`` runs ``reverse()`` every time: it walks the resolver's candidates for the
name and checks each argument against its converter, about 0.1 ms a call. The work queue
reverses about fifty addresses per view (two per row and the navigation), the workbench about
thirty: a tenth of the queue's time under the profiler (docs/benchmarks.md).

An address depends only on the view's name, its arguments, the current application namespace,
the URLconf and the script prefix, so the same inputs give the same address for the life of the
process. ``KeptURLNode`` keeps what ``reverse()`` returned under exactly those inputs, for arguments
that are plain ``int`` or ``str`` values (``PLAIN_TYPES``) (an object's ``str()`` can change while it stays equal, so
anything else is reversed every time). A name that does not reverse is never kept: it raises (or
yields ``""`` with ``as``) as before. The table holds at most ``KEPT_MAX`` addresses and is emptied
when full.

Installed for every template as a built-in library (``TEMPLATES[...]["OPTIONS"]["builtins"]``), so
it replaces Django's tag without a ``{% load %}``; the syntax and output are Django's.
"""

from __future__ import annotations

from django.conf import settings
from django.template import Library, defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

register = Library()

#: Addresses kept per process before the table is emptied (distinct name/argument combinations).
KEPT_MAX = 20_000
_kept: dict[tuple, str] = {}


#: Argument types whose ``str()`` is fixed by their value (exact types: a subclass may override ``str()``);
#: a string written in the template is a ``SafeString``.
PLAIN_TYPES = frozenset({int, str, SafeString})


def _plain(values) -> bool:
    return all(type(v) in PLAIN_TYPES for v in values)


def kept_reverse(view_name: str, args: list, kwargs: dict, current_app: str | None) -> str:
    """``reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)``, answered from the
    process's table when the same inputs were reversed before.

    Raises ``NoReverseMatch`` as ``reverse()`` does (failures are not kept).
    """
    if not (type(view_name) in PLAIN_TYPES and _plain(args) and _plain(kwargs.values())):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    key = (view_name, tuple(args), tuple(sorted(kwargs.items())), current_app,
           get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    url = _kept.get(key)
    if url is None:
        url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        if len(_kept) >= KEPT_MAX:
            _kept.clear()
        _kept[key] = url
    return url


def kept_clear() -> None:
    """Forget every kept address (tests that swap URLconfs in place call it)."""
    _kept.clear()


class KeptURLNode(defaulttags.URLNode):
    """Django's ``URLNode`` reversing through ``kept_reverse``; the rest of ``render`` is Django's."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = kept_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    """``{% url 'name' arg … [as var] %}``: Django's tag (same parsing, same output), kept addresses."""
    node = defaulttags.url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)

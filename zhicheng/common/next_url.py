"""Where to go after a page that takes a ``next`` parameter (login, the second factor…).

One rule for every view that takes ``next``: only an absolute path on this site is followed
(``/cases/12/``, with its query string); anything else — another host, a scheme, ``//host``,
a relative word such as ``foo`` (which ``redirect()`` would try to reverse as a URL name and
answer 500), a path with a backslash or control character — is ignored and the caller falls back
to the home page.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, *, default: str | None = None) -> str:
    """The request's ``next`` (POST first, then GET) if it is a same-site absolute path, else ``default``.

    Args:
        request: the current request; ``request.get_host()`` is the only allowed host.
        default: what to answer for a missing or unsafe ``next``; ``None`` means the home page's
            path, ``""`` lets the caller tell "no next" apart.
    Returns:
        A path that ``redirect()`` follows as is (it never reverses it as a URL name).
    Rule: open-redirect protection (OWASP ASVS 5.1.5) with Django's ``url_has_allowed_host_and_scheme``.
    """
    target = request.POST.get("next") or request.GET.get("next", "")
    if is_safe_next(target, host=request.get_host()):
        return target
    return reverse("common:home") if default is None else default


def is_safe_next(target: str, *, host: str) -> bool:
    """True for an absolute path on this site: starts with one ``/`` (not ``//`` or ``/\\``), has no
    control characters and passes ``url_has_allowed_host_and_scheme`` for ``host``."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return False
    return url_has_allowed_host_and_scheme(target, allowed_hosts={host}, require_https=False)

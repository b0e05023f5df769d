"""Search forms that may receive an ID or phone number go by POST, never into a URL.

A URL is written into the browser's history, the access logs of every proxy on the way and the
``Referer`` of the next request: an ID number typed into a search box and sent by GET lands in all
of them in full. So such a form is posted; :func:`search_criteria` keeps what was posted in the
session under a random token and redirects to the same page with only ``?s=<token>`` (POST →
redirect → GET), so that paging, reloading, the back button and an export link keep working
without the criteria ever appearing in an address. The token means nothing outside the session
that made it; the last ``MAX_SAVED`` searches of a session are kept.

Used by every such search: the work queues (cases), the audit log viewer and export (audit), and
the administration's user search (accounts.admin). Plain GET parameters are still read for the
fields that cannot hold a personal number (e.g. ``?scope=all``); the ``sensitive`` ones are
ignored when they come by GET.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponseRedirect, QueryDict

SESSION_KEY = "zc_searches"
TOKEN_PARAM = "s"  # noqa: S105 - the name of a query parameter
MAX_SAVED = 20
_NOT_CRITERIA = ("csrfmiddlewaretoken", "page", TOKEN_PARAM)


@dataclass
class SearchCriteria:
    """What a search page works from. ``redirect``: answer it at once (a POST was just saved).
    ``data``: the criteria (None: no search yet). ``query``: what links to other pages of the
    same results (and the export) carry, ``s=<token>`` or the harmless GET parameters.
    ``expired``: a token that this session does not know (e.g. after logging in again)."""

    data: QueryDict | None
    query: str = ""
    redirect: HttpResponseRedirect | None = None
    expired: bool = False


def _criteria_of(source: QueryDict, drop: tuple[str, ...]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key in source:
        if key in drop:
            continue
        values = [v for v in source.getlist(key) if v.strip()]
        if values:
            data.setlist(key, values)
    return data


def search_criteria(request: HttpRequest, *, scope: str, sensitive: tuple[str, ...] = ("q",)) -> SearchCriteria:
    """The criteria of a search page (see the module docstring).

    ``scope`` names the page (e.g. ``"queue:12"``): a token saved on one page means nothing on
    another. ``sensitive``: the fields that may hold an ID or phone number, read only from a POST
    or a token. Raises nothing; an unknown token gives ``expired=True`` and no criteria.
    """
    if request.method == "POST":
        data = _criteria_of(request.POST, _NOT_CRITERIA)
        if not data:
            return SearchCriteria(data=None, redirect=HttpResponseRedirect(request.path))
        saved = dict(request.session.get(SESSION_KEY) or {})
        token = secrets.token_urlsafe(12)
        saved[token] = {"scope": scope, "data": {k: data.getlist(k) for k in data}}
        while len(saved) > MAX_SAVED:
            saved.pop(next(iter(saved)))
        request.session[SESSION_KEY] = saved
        return SearchCriteria(data=data, query=f"{TOKEN_PARAM}={token}",
                              redirect=HttpResponseRedirect(f"{request.path}?{TOKEN_PARAM}={token}"))
    token = request.GET.get(TOKEN_PARAM, "")
    if token:
        entry = (request.session.get(SESSION_KEY) or {}).get(token)
        if not entry or entry.get("scope") != scope:
            return SearchCriteria(data=None, expired=True)
        data = QueryDict(mutable=True)
        for key, values in entry["data"].items():
            data.setlist(key, values)
        return SearchCriteria(data=data, query=f"{TOKEN_PARAM}={token}")
    data = _criteria_of(request.GET, _NOT_CRITERIA + tuple(sensitive))
    return SearchCriteria(data=data or None, query=data.urlencode())

"""Small view helpers shared by the apps' pages (nothing here knows an app)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def office_index(
    request: HttpRequest, offices: Iterable, *, url_name: str, url_kwarg: str, template: str, context_name: str,
) -> HttpResponse:
    """The start page of a place where a user works for one of several offices (organisations, bureaus).

    Args:
        request: the request.
        offices: the objects (with ``pk``) the user may work for here, in the order to list them.
        url_name, url_kwarg: the page of one office, reversed with ``{url_kwarg: office.pk}``.
        template, context_name: the page listing them, given the list under ``context_name``.

    Returns a redirect to that office's page when there is exactly one, else the list page.
    Raises ``Http404`` when there is none (the user does not work here).
    """
    offices = list(offices)
    if not offices:
        raise Http404
    if len(offices) == 1:
        return redirect(url_name, **{url_kwarg: offices[0].pk})
    return render(request, template, {context_name: offices})

"""Queryset helpers shared by the apps' selectors (nothing here knows an app)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet


def filter_given(qs: QuerySet, **lookups: Any) -> QuerySet:
    """Narrow ``qs`` by each lookup whose value is given: a search form's empty field matches everything.

    Args:
        qs: the queryset to narrow.
        lookups: field lookups (``name__icontains=…``); one whose value is empty (``None``, ``""``, 0)
            is left out. Each is applied as its own ``filter()``, in the order given.

    Returns the narrowed queryset (``qs`` itself when no value is given). Raises what ``filter()`` raises
    for an unknown lookup.
    """
    for lookup, value in lookups.items():
        if value:
            qs = qs.filter(**{lookup: value})
    return qs

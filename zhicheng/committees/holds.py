"""Reasons an accepted 评审申请 is not put before a meeting yet, kept by apps above this one.

An app above ``committees`` (the 评审费 of ``zhicheng.fees``, decision 0035) registers a provider in its
``AppConfig.ready()``; the meeting's candidate list (``selectors.accepted_applications_for``), the page
that creates a meeting (which shows the office what is held back and why) and ``services.meeting_create``
all ask :func:`meeting_holds`, so the rule lives with the app that keeps it and this app imports nothing
above it (decision 0029).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.utils import timezone

#: ``provider(*, applications, today) -> {application pk: reason}``: ``applications`` are
#: ``businesses.EvaluationApplication`` rows (``case`` and ``plan`` loaded); ``reason`` is the Chinese
#: sentence shown to the committee office, e.g. "评审费逾期未缴（缴费截止日期 2026年12月1日）".
HoldProvider = Callable[..., dict[int, str]]
_PROVIDERS: dict[str, HoldProvider] = {}


def meeting_hold_register(name: str, provider: HoldProvider) -> HoldProvider:
    """Register (or re-register under the same ``name``) a provider of holds (see the module docstring)."""
    _PROVIDERS[name] = provider
    return provider


def meeting_holds(*, applications: Iterable, today: dt.date | None = None) -> dict[int, str]:
    """{application pk: reason} for the ``applications`` that may not be put before a meeting on ``today``
    (default: today in Asia/Shanghai); several reasons of one application are joined with "；"."""
    applications = list(applications)
    if not applications or not _PROVIDERS:
        return {}
    today = today or timezone.localdate()
    holds: dict[int, list[str]] = {}
    for provider in _PROVIDERS.values():
        for pk, reason in provider(applications=applications, today=today).items():
            holds.setdefault(pk, []).append(str(reason))
    return {pk: "；".join(reasons) for pk, reasons in holds.items()}

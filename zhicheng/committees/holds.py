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
#: Providers of notes: the same shape; a note does not hold the application back, it tells the office
#: something it should know before choosing it (e.g. "待缴费（截止 2026年12月1日）").
_NOTE_PROVIDERS: dict[str, HoldProvider] = {}


def meeting_hold_register(name: str, provider: HoldProvider) -> HoldProvider:
    """Register (or re-register under the same ``name``) a provider of holds (see the module docstring)."""
    _PROVIDERS[name] = provider
    return provider


def meeting_holds(*, applications: Iterable, today: dt.date | None = None) -> dict[int, str]:
    """{application pk: reason} for the ``applications`` that may not be put before a meeting on ``today``
    (default: today in Asia/Shanghai); several reasons of one application are joined with "；"."""
    return _collect(_PROVIDERS, applications, today)


def _collect(providers: dict[str, HoldProvider], applications: Iterable, today: dt.date | None) -> dict[int, str]:
    """What ``providers`` say of ``applications`` on ``today``, joined per application with "；"."""
    applications = list(applications)
    if not applications or not providers:
        return {}
    today = today or timezone.localdate()
    said: dict[int, list[str]] = {}
    for provider in providers.values():
        for pk, text in provider(applications=applications, today=today).items():
            said.setdefault(pk, []).append(str(text))
    return {pk: "；".join(texts) for pk, texts in said.items()}


def meeting_note_register(name: str, provider: HoldProvider) -> HoldProvider:
    """Register (or re-register under the same ``name``) a provider of notes on candidates: the same
    signature as a hold provider; its reasons are shown beside the candidate, who stays choosable."""
    _NOTE_PROVIDERS[name] = provider
    return provider


def meeting_notes(*, applications: Iterable, today: dt.date | None = None) -> dict[int, str]:
    """{application pk: note} for the candidate ``applications`` on ``today`` (default: today in
    Asia/Shanghai), several notes of one application joined with "；". Nothing is held back by a note."""
    return _collect(_NOTE_PROVIDERS, applications, today)

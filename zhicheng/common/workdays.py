"""Working days (工作日) by the official Chinese calendar, for 公示 periods and other deadlines.

Uses the ``chinese_calendar`` package (chinesecalendar==1.11.0), which knows the State Council's
public holidays and adjusted working days (调休上班日, often a Saturday or Sunday) for the years it
ships data for (2004–2026 in 1.11.0).

**Outside the package's known years** these functions do not fail: they fall back to Monday–Friday
as working days, with no holidays. Upgrade the package every December, when the State Council
publishes the next year's arrangement, so that this fallback is never used for real notices.

**Counting convention** (the usual practice for 公示 and for 民法典 第二百零一条, "开始的当日不计入"):
the day of publication does not count; the period starts on the next working day after it. So a
notice published on ``start`` for ``n`` working days ends on the ``n``-th working day *after*
``start`` (inclusive), whatever kind of day ``start`` itself is.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

import chinese_calendar

logger = logging.getLogger(__name__)


def calendar_knows(d: dt.date) -> bool:
    """Whether the official calendar data cover ``d`` (otherwise the Monday–Friday fallback applies)."""
    try:
        chinese_calendar.is_workday(d)
    except NotImplementedError:
        return False
    return True


@functools.lru_cache(maxsize=64)
def _warn_fallback(year: int) -> None:
    logger.warning("chinese_calendar has no data for %s; counting Monday to Friday as working days", year)


def is_working_day(d: dt.date) -> bool:
    """An official working day: Monday–Friday except public holidays, plus adjusted working days.

    For dates outside the package's data, Monday–Friday (no holidays are known).
    """
    if isinstance(d, dt.datetime):
        d = d.date()
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        _warn_fallback(d.year)
        return d.weekday() < 5


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The date on which an ``n``-working-day period that begins after ``start`` ends.

    ``start`` (the day of publication) does not count; the result is the ``n``-th working day after
    it. ``n == 0`` returns ``start``. A negative ``n`` counts backwards: the ``|n|``-th working day
    before ``start``.
    """
    if n == 0:
        return start
    step = dt.timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days after ``a`` up to and including ``b`` (negative when ``b`` is before ``a``).

    Consistent with :func:`add_working_days`: ``working_days_between(a, add_working_days(a, n)) == n``.
    """
    if b < a:
        return -working_days_between(b, a)
    count = 0
    day = a
    one = dt.timedelta(days=1)
    while day < b:
        day += one
        if is_working_day(day):
            count += 1
    return count

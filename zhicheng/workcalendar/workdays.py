"""Working days (工作日) by the official Chinese calendar, for 公示 periods and other deadlines.

The calendar is data (:mod:`zhicheng.workcalendar`): for each year whose State Council arrangement
(国务院办公厅关于部分节假日安排的通知) is known, a :class:`~zhicheng.workcalendar.models.CalendarYear`
with its holidays and adjusted working days (调休上班日, often a Saturday or Sunday). The years the
``chinesecalendar`` package ships are seeded by ``load_reference_data`` (and a data migration); the
system administrator enters later years on the 工作日历 page.

**A year with no arrangement is provisional.** Its Saturdays and Sundays are rest days, and so are the
statutory holidays of 《全国年节及纪念日放假办法》 as amended in 2024 (国务院令第 795 号, in force from
2025): 元旦 1 day, 春节 4 days (除夕 to 正月初三), 清明节 1 (the day of the solar term 清明), 劳动节 2 (5 月 1–2 日),
端午节 1 (五月初五), 中秋节 1 (八月十五), 国庆节 3 (10 月 1–3 日); lunar dates and the solar term come from
``lunar_python``. No adjusted working day is assumed. This is the careful side: a period counted this way
is never shorter than the one the State Council's arrangement will give (the arrangement only moves
weekend rest days next to the holidays and adds adjusted working days elsewhere).

**Counting convention** (the usual practice for 公示 and for 民法典 第二百零一条, "开始的当日不计入"):
the day of publication does not count; the period starts on the next working day after it. So a
notice published on ``start`` for ``n`` working days ends on the ``n``-th working day *after*
``start`` (inclusive), whatever kind of day ``start`` itself is.

Module functions read the database afresh on each call (one query per year touched); for many
computations in one request use one :class:`WorkCalendar`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from lunar_python import Lunar

STATUTORY_RULE = "《全国年节及纪念日放假办法》（2024 年修订）"


@functools.lru_cache(maxsize=256)
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The statutory holidays of ``year`` (date → name) under the 2024 amendment of 《全国年节及纪念日放假办法》.

    第二条: 元旦 1 月 1 日; 春节 农历除夕、正月初一至初三; 清明节 (清明 solar term); 劳动节 5 月 1 日、2 日;
    端午节 农历端午当日; 中秋节 农历中秋当日; 国庆节 10 月 1 日至 3 日. Pure computation, no database.
    """
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    new_year = Lunar.fromYmd(year, 1, 1).getSolar()
    first = dt.date(new_year.getYear(), new_year.getMonth(), new_year.getDay())
    for offset in range(-1, 3):  # 除夕, 初一, 初二, 初三
        days[first + dt.timedelta(days=offset)] = "春节"
    qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    days[dt.date(qingming.getYear(), qingming.getMonth(), qingming.getDay())] = "清明节"
    days[dt.date(year, 5, 1)] = days[dt.date(year, 5, 2)] = "劳动节"
    for month, day, name in ((5, 5, "端午节"), (8, 15, "中秋节")):
        solar = Lunar.fromYmd(year, month, day).getSolar()
        days[dt.date(solar.getYear(), solar.getMonth(), solar.getDay())] = name
    for day in (1, 2, 3):
        days[dt.date(year, 10, day)] = "国庆节"
    return days


def provisional_note(years: Iterable[int]) -> str:
    """The sentence shown wherever a period crosses a provisional year ("" when none)."""
    years = sorted(set(years))
    if not years:
        return ""
    label = "、".join(str(y) for y in years)
    return f"按法定节假日推算，待国务院办公厅公布 {label} 年安排后核定"


class WorkCalendar:
    """The official calendar, read from the database one year at a time and kept for this object's life.

    Use one per request or task; a new one sees arrangements entered since.
    """

    def __init__(self) -> None:
        self._years: dict[int, tuple[bool, dict[dt.date, bool]]] = {}

    def _year(self, year: int) -> tuple[bool, dict[dt.date, bool]]:
        """(provisional, {date: is_working}) for the days of ``year`` that are not ordinary."""
        if year not in self._years:
            from zhicheng.workcalendar.models import CalendarDay, CalendarYear

            calendar = CalendarYear.objects.filter(year=year).only("pk").first()
            if calendar is None:
                days = {d: False for d in statutory_holidays(year)}
                self._years[year] = (True, days)
            else:
                # Days are filed under the arrangement that set them (元旦 may start on 31 December of
                # the year before), so read by date.
                rows = CalendarDay.objects.filter(date__year=year).values_list("date", "is_working")
                self._years[year] = (False, dict(rows))
        return self._years[year]

    def is_provisional(self, year: int) -> bool:
        """Whether ``year`` has no known arrangement (statutory holidays only)."""
        return self._year(year)[0]

    def provisional_years(self, a: dt.date, b: dt.date) -> list[int]:
        """The provisional years among those that ``a``…``b`` (either order) touches."""
        lo, hi = sorted((_as_date(a), _as_date(b)))
        return [y for y in range(lo.year, hi.year + 1) if self.is_provisional(y)]

    def is_working_day(self, d: dt.date) -> bool:
        d = _as_date(d)
        special = self._year(d.year)[1].get(d)
        if special is not None:
            return special
        return d.weekday() < 5

    def add(self, start: dt.date, n: int) -> dt.date:
        """See :func:`add_working_days`."""
        start = _as_date(start)
        if n == 0:
            return start
        step = dt.timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        day = start
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def between(self, a: dt.date, b: dt.date) -> int:
        """See :func:`working_days_between`."""
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.between(b, a)
        count = 0
        day = a
        one = dt.timedelta(days=1)
        while day < b:
            day += one
            if self.is_working_day(day):
                count += 1
        return count


def _as_date(d) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d


def calendar_knows(d: dt.date) -> bool:
    """Whether the State Council's arrangement for ``d``'s year is known (otherwise the year is provisional)."""
    return not WorkCalendar().is_provisional(_as_date(d).year)


def is_working_day(d: dt.date) -> bool:
    """An official working day: Monday–Friday except public holidays, plus adjusted working days.

    In a provisional year: Monday–Friday except the statutory holidays.
    """
    return WorkCalendar().is_working_day(d)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The date on which an ``n``-working-day period that begins after ``start`` ends.

    ``start`` (the day of publication) does not count; the result is the ``n``-th working day after
    it. ``n == 0`` returns ``start``. A negative ``n`` counts backwards: the ``|n|``-th working day
    before ``start``.
    """
    return WorkCalendar().add(start, n)


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days after ``a`` up to and including ``b`` (negative when ``b`` is before ``a``).

    Consistent with :func:`add_working_days`: ``working_days_between(a, add_working_days(a, n)) == n``.
    """
    return WorkCalendar().between(a, b)


def provisional_years(a: dt.date, b: dt.date) -> list[int]:
    """The provisional years that the period ``a``…``b`` touches (empty when every year is known)."""
    return WorkCalendar().provisional_years(a, b)

"""Reads of the official calendar for its pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from zhicheng.workcalendar.workdays import statutory_holidays

from .models import CalendarYear


@dataclass
class YearRow:
    year: int
    calendar: CalendarYear | None
    holidays: dict[dt.date, str] = field(default_factory=dict)
    working_days: dict[dt.date, str] = field(default_factory=dict)

    @property
    def is_provisional(self) -> bool:
        return self.calendar is None


def calendar_year_get(*, year: int) -> YearRow:
    """The arrangement of ``year`` as entered or seeded, or the statutory floor for a provisional year."""
    calendar = CalendarYear.objects.select_related("entered_by").filter(year=year).first()
    if calendar is None:
        return YearRow(year=year, calendar=None, holidays=dict(statutory_holidays(year)))
    row = YearRow(year=year, calendar=calendar)
    for day in calendar.days.all():
        (row.working_days if day.is_working else row.holidays)[day.date] = day.name
    return row


def calendar_years_recent(*, today: dt.date | None = None) -> list[YearRow]:
    """Last year, this year and the next two: the years an administrator needs to look after."""
    today = today or timezone.localdate()
    return [calendar_year_get(year=y) for y in range(today.year + 2, today.year - 2, -1)]

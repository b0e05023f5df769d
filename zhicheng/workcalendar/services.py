"""Writes of the official calendar: seeding from ``chinesecalendar`` and the system administrator's entry
of a year's arrangement, after which every open deadline that depends on working days is recomputed.

Apps whose dates are counted in working days register a recomputer
(:func:`deadline_recomputer_register`, from their ``AppConfig.ready``); :func:`calendar_arrangement_enter`
calls each inside its transaction, so that the arrangement and the moved deadlines commit together. A
recomputer moves its deadlines with :func:`working_day_deadlines_recompute`, the one rule for a period counted
in working days (its end recomputed on the calendar as it now stands, saved, recorded by the app, audited).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.workcalendar.workdays import WorkCalendar, statutory_holidays

from .models import CalendarDay, CalendarSource, CalendarYear

PACKAGE_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节", "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# (year, actor) -> list of human-readable changes; registered by the apps that keep working-day deadlines.
Recomputer = Callable[..., list[str]]
_RECOMPUTERS: list[Recomputer] = []


def deadline_recomputer_register(fn: Recomputer) -> Recomputer:
    """Register ``fn(*, year, actor, reason, today) -> list[str]``, called after a year's arrangement changes.

    ``fn`` recomputes the open deadlines of its app that the year affects, records the change on each
    object and audits it; it returns one line per moved deadline (shown to the administrator).
    """
    if fn not in _RECOMPUTERS:
        _RECOMPUTERS.append(fn)
    return fn


def can_manage_calendar(*, user) -> bool:
    """Only system administrators (the system duty of 三权分立) enter the State Council's arrangements."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "admin_duty", "") == "system")


def _package_days() -> dict[int, dict[dt.date, tuple[bool, str]]]:
    import chinese_calendar.constants as data

    by_year: dict[int, dict[dt.date, tuple[bool, str]]] = {}
    for day, name in data.holidays.items():
        by_year.setdefault(day.year, {})[day] = (False, PACKAGE_NAMES.get(name, name))
    for day, name in data.workdays.items():
        by_year.setdefault(day.year, {})[day] = (True, PACKAGE_NAMES.get(name, name))
    return by_year


@transaction.atomic
def calendar_seed() -> int:
    """Add the years the ``chinesecalendar`` package knows and the table does not (idempotent).

    Never touches a year already present (an administrator's entry wins over the package). Returns the
    number of years added. Run by ``load_reference_data`` and by a data migration; run it again after
    upgrading the package.
    """
    known = set(CalendarYear.objects.values_list("year", flat=True))
    taken = set(CalendarDay.objects.values_list("date", flat=True))
    added = 0
    for year, days in sorted(_package_days().items()):
        if year in known:
            continue
        calendar = CalendarYear.objects.create(year=year, source=CalendarSource.PACKAGE)
        CalendarDay.objects.bulk_create(
            CalendarDay(calendar=calendar, date=d, is_working=w, name=n) for d, (w, n) in sorted(days.items())
            if d not in taken
        )
        added += 1
    return added


def _check_days(year: int, holidays: dict[dt.date, str], working: dict[dt.date, str]) -> None:
    errors: dict[str, list[str]] = {}
    lo, hi = dt.date(year - 1, 12, 1), dt.date(year, 12, 31)

    def add(field, message):
        errors.setdefault(field, []).append(message)

    for field, days in (("holidays", holidays), ("working_days", working)):
        outside = [d for d in days if not lo <= d <= hi]
        if outside:
            add(field, f"日期应在 {year} 年内（元旦假期可从上一年 12 月开始）：{outside[0]:%Y-%m-%d}")
    if not holidays:
        add("holidays", "请填写放假日期。")
    both = sorted(set(holidays) & set(working))
    if both:
        add("working_days", f"{both[0]:%Y-%m-%d} 不能既放假又上班。")
    weekday = [d for d in working if d.weekday() < 5]
    if weekday:
        add("working_days", f"调休上班日应为星期六或星期日：{weekday[0]:%Y-%m-%d} 是工作日。")
    missing = [d for d in statutory_holidays(year) if d not in holidays]
    if missing:
        names = "、".join(f"{d:%Y-%m-%d}（{statutory_holidays(year)[d]}）" for d in missing[:3])
        add("holidays", f"法定节假日必须放假，缺少：{names}。")
    others = CalendarDay.objects.filter(date__in=list(holidays) + list(working)).exclude(calendar__year=year)
    clash = others.select_related("calendar").first()
    if clash:
        add("holidays", f"{clash.date:%Y-%m-%d} 已在 {clash.calendar.year} 年的安排中。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def calendar_arrangement_enter(
    *, actor, year: int, holidays: dict[dt.date, str], working_days: dict[dt.date, str], document: str = "",
    today: dt.date | None = None,
) -> tuple[CalendarYear, list[str]]:
    """Enter (or correct) the State Council's holiday arrangement for ``year``.

    ``holidays`` and ``working_days`` map dates to the festival they belong to. The arrangement replaces
    whatever the year had (package data or an earlier entry), is audited with before and after, and then
    every registered recomputer moves the open deadlines it affects (recorded on each).

    Raises ``PermissionDenied`` unless ``actor`` is a system administrator, and ``ValidationError``
    (by field: ``holidays``, ``working_days``) when a statutory holiday is missing, an adjusted working
    day is not a weekend day, a day is both, or a date lies outside the year (元旦 may begin in the
    December before). ``today`` (default: the local date) decides which deadlines are still open.
    Returns the year and the list of moved deadlines.
    """
    if not can_manage_calendar(user=actor):
        raise PermissionDenied
    _check_days(year, holidays, working_days)
    calendar = CalendarYear.objects.select_for_update().filter(year=year).first()
    before = None
    if calendar is None:
        calendar = CalendarYear(year=year)
    else:
        before = {
            "source": calendar.source,
            "holidays": [d.isoformat() for d in calendar.days.filter(is_working=False).values_list("date", flat=True)],
            "working_days": [
                d.isoformat() for d in calendar.days.filter(is_working=True).values_list("date", flat=True)
            ],
        }
    calendar.source = CalendarSource.OFFICIAL
    calendar.document = (document or "").strip()[:100]
    calendar.entered_by = actor
    calendar.full_clean()
    calendar.save()
    calendar.days.all().delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(calendar=calendar, date=d, is_working=False, name=n[:40]) for d, n in sorted(holidays.items())]
        + [
            CalendarDay(calendar=calendar, date=d, is_working=True, name=n[:40])
            for d, n in sorted(working_days.items())
        ]
    )
    after = {
        "source": calendar.source, "document": calendar.document,
        "holidays": [d.isoformat() for d in sorted(holidays)],
        "working_days": [d.isoformat() for d in sorted(working_days)],
    }
    reason = f"{year} 年放假安排已录入" + (f"（{calendar.document}）" if calendar.document else "")
    changes: list[str] = []
    for recompute in _RECOMPUTERS:
        changes.extend(recompute(year=year, actor=actor, reason=reason, today=today))
    audit_record(
        action="workcalendar.arrangement_enter", actor=actor, obj=calendar,
        detail={"year": year, "before": before, "after": after, "recomputed": changes[:50]},
    )
    return calendar, changes


@dataclass(frozen=True)
class WorkingDayPeriod:
    """Where a model keeps a period counted in working days: it is counted from ``start`` (a date field, or a
    function of the row when that date is not stored; the day itself does not count), lasts ``days`` working
    days (a field) and ends on ``end`` (a date field, inclusive), the date that moves when the calendar does."""

    start: str | Callable[[Any], dt.date]
    days: str
    end: str

    def start_of(self, row) -> dt.date:
        return self.start(row) if callable(self.start) else getattr(row, self.start)


def working_day_deadlines_recompute(
    *, rows, period: WorkingDayPeriod, year: int, actor, reason: str, today: dt.date | None, action: str,
    line_of: Callable[[Any], str], organisation_of: Callable[[Any], Any] | None = None,
    record: Callable[[Any, dt.date, dt.date], object] | None = None, runs: Callable[[Any], bool] | None = None,
) -> list[str]:
    """Move the end of every open working-day period in ``rows`` that ``year`` touches: the one rule for every
    deadline counted in working days (公示, 评前公示, 缴费期限, 补正期限) when a year's holiday arrangement is entered.

    The end is the period's start plus its working days on the calendar as it now stands. ``rows`` is a queryset
    (narrowed by the caller to what may move, with whatever ``select_related`` the callbacks need); it is
    narrowed here to the periods not ended by ``today`` (default: the local date) and ending no earlier than the
    year before ``year``, to those starting no later than ``year``, and locked; a row for which ``runs(row)`` is
    false (its deadline no longer matters, e.g. a paid fee notice) is left as it is. Each moved end is saved, handed
    to ``record(row, previous, new_end)`` (the app's own record of the change: a change row, a notification),
    and audited as ``action`` for ``organisation_of(row)`` (None: no organisation) with the year, the two dates
    and ``reason``. Call it inside the transaction of :func:`calendar_arrangement_enter` (from a registered
    recomputer). Returns one line per moved period, "<line_of(row)> 2027-01-04 → 2027-01-05".
    """
    today = today or timezone.localdate()
    calendar = WorkCalendar()
    narrowed = {f"{period.end}__gte": today, f"{period.end}__year__gte": year - 1}
    if isinstance(period.start, str):
        narrowed[f"{period.start}__year__lte"] = year
    moved: list[str] = []
    for row in rows.select_for_update().filter(**narrowed):
        if runs is not None and not runs(row):
            continue
        start = period.start_of(row)
        if start.year > year:
            continue
        new_end = calendar.add(start, getattr(row, period.days))
        previous = getattr(row, period.end)
        if new_end == previous:
            continue
        setattr(row, period.end, new_end)
        row.save(update_fields=[period.end])
        if record is not None:
            record(row, previous, new_end)
        audit_record(
            action=action, actor=actor, organisation=organisation_of(row) if organisation_of else None, obj=row,
            detail={"year": year, "before": previous.isoformat(), "after": new_end.isoformat(), "reason": reason},
        )
        moved.append(f"{line_of(row)} {previous:%Y-%m-%d} → {new_end:%Y-%m-%d}")
    return moved


#: The period of every ``models.WorkingDayNotice``.
NOTICE_PERIOD = WorkingDayPeriod(start="published_on", days="working_days", end="ends_on")


def notice_ends_recompute(
    *, notices, year: int, actor, reason: str, today: dt.date | None, action: str,
    organisation_of: Callable, label_of: Callable[[object], str],
) -> list[str]:
    """:func:`working_day_deadlines_recompute` for both kinds of 公示 (``models.WorkingDayNotice``).

    ``notices`` is a queryset of a concrete notice model (with whatever ``select_related`` ``organisation_of``
    needs) whose ``changes`` relation is a ``models.NoticeChangeRecord``: each moved end is recorded there with
    ``reason`` (cut to 200 characters) and audited as ``action``. Returns one line per moved notice,
    "<label_of(notice)>截止日期 2027-01-04 → 2027-01-05".
    """
    return working_day_deadlines_recompute(
        rows=notices, period=NOTICE_PERIOD, year=year, actor=actor, reason=reason, today=today, action=action,
        organisation_of=organisation_of, line_of=lambda notice: f"{label_of(notice)}截止日期",
        record=lambda notice, previous, new_end: notice.changes.create(
            previous_ends_on=previous, ends_on=new_end, reason=reason[:200]),
    )

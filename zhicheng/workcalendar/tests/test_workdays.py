import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhicheng.workcalendar.workdays import (
    add_working_days,
    calendar_knows,
    is_working_day,
    provisional_years,
    statutory_holidays,
    working_days_between,
)

pytestmark = pytest.mark.django_db

D = dt.date


def test_national_day_2025_holidays_and_adjusted_working_days():
    # 国庆节、中秋节 2025: 10月1日至8日放假调休, 9月28日（星期日）、10月11日（星期六）上班.
    assert D(2025, 9, 28).weekday() == 6 and is_working_day(D(2025, 9, 28))
    assert D(2025, 10, 11).weekday() == 5 and is_working_day(D(2025, 10, 11))
    assert not any(is_working_day(D(2025, 10, day)) for day in range(1, 9))
    assert is_working_day(D(2025, 10, 9))
    assert not is_working_day(D(2025, 10, 12))  # an ordinary Sunday


def test_five_working_day_notice_across_national_day_2025():
    # Published Friday 26 Sep: 28 Sep (Sun, adjusted), 29, 30 Sep, then 9, 10 Oct.
    assert add_working_days(D(2025, 9, 26), 5) == D(2025, 10, 10)
    # Published Tuesday 30 Sep: 9, 10, 11 (Sat, adjusted), 13, 14 Oct.
    assert add_working_days(D(2025, 9, 30), 5) == D(2025, 10, 14)
    assert working_days_between(D(2025, 9, 30), D(2025, 10, 14)) == 5
    # Publishing on a holiday: the period still starts on the next working day.
    assert add_working_days(D(2025, 10, 3), 1) == D(2025, 10, 9)


def test_spring_festival_2026():
    # 2026 春节: 2月15日至23日放假, 2月14日（星期六）、2月28日（星期六）上班 — per chinese_calendar 1.11.0.
    assert D(2026, 2, 14).weekday() == 5 and is_working_day(D(2026, 2, 14))
    assert D(2026, 2, 28).weekday() == 5 and is_working_day(D(2026, 2, 28))
    assert not any(is_working_day(D(2026, 2, day)) for day in range(15, 24))
    # Published Thursday 12 Feb: 13, 14 (Sat, adjusted), 24, 25, 26 Feb.
    assert add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)
    # Published Thursday 26 Feb: 27, 28 (Sat, adjusted), 2, 3, 4 Mar.
    assert add_working_days(D(2026, 2, 26), 5) == D(2026, 3, 4)


def test_national_day_2026():
    # 2026 国庆节: 10月1日至7日放假, 9月20日（星期日）、10月10日（星期六）上班; 中秋 9月25日至27日.
    assert is_working_day(D(2026, 10, 10)) and D(2026, 10, 10).weekday() == 5
    assert is_working_day(D(2026, 9, 20)) and D(2026, 9, 20).weekday() == 6
    assert not is_working_day(D(2026, 9, 25))  # 中秋节, a Friday
    # Published Wednesday 30 Sep 2026: 8, 9, 10 (Sat, adjusted), 12, 13 Oct.
    assert add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)


def test_zero_and_backwards():
    assert add_working_days(D(2025, 10, 3), 0) == D(2025, 10, 3)
    assert add_working_days(D(2025, 10, 9), -1) == D(2025, 9, 30)
    assert working_days_between(D(2025, 10, 14), D(2025, 9, 30)) == -5
    assert working_days_between(D(2025, 10, 1), D(2025, 10, 8)) == 0


def test_outside_the_known_years_counts_the_statutory_holidays_and_is_provisional():
    assert not calendar_knows(D(2040, 1, 1)) and calendar_knows(D(2026, 1, 1))
    assert provisional_years(D(2026, 12, 25), D(2027, 1, 4)) == [2027]
    assert provisional_years(D(2026, 1, 1), D(2026, 12, 31)) == []
    # 2040-01-02 is a Monday (1 January a Sunday); weekends stay rest days, no adjusted working days.
    assert is_working_day(D(2040, 1, 2))
    assert not is_working_day(D(2040, 1, 7))
    assert add_working_days(D(2040, 1, 5), 5) == D(2040, 1, 12)
    # Crossing from known data into a provisional year: 元旦 2027 (a Friday) is a holiday. Before the
    # calendar was data, 1 January 2027 counted as a working day and this ended on 4 January.
    assert not is_working_day(D(2027, 1, 1))
    assert add_working_days(D(2026, 12, 30), 3) == D(2027, 1, 5)
    assert working_days_between(D(2026, 12, 30), D(2027, 1, 5)) == 3


def test_the_reported_notices_across_new_year_2027():
    # Published Friday 2026-12-25 for 5 working days: 28, 29, 30, 31 December and 4 January.
    assert add_working_days(D(2026, 12, 25), 5) == D(2027, 1, 4)
    # Published Monday 2026-12-28: 29, 30, 31 December, 4 and 5 January.
    assert add_working_days(D(2026, 12, 28), 5) == D(2027, 1, 5)


def test_statutory_floor_of_an_unknown_year():
    h = statutory_holidays(2027)
    # 春节 2027: 除夕 5 February (Friday) to 初三 8 February (Monday).
    assert [d for d, name in sorted(h.items()) if name == "春节"] == [D(2027, 2, d) for d in (5, 6, 7, 8)]
    assert h[D(2027, 4, 5)] == "清明节" and h[D(2027, 6, 9)] == "端午节" and h[D(2027, 9, 15)] == "中秋节"
    assert [d for d, name in sorted(h.items()) if name == "劳动节"] == [D(2027, 5, 1), D(2027, 5, 2)]
    assert [d for d, name in sorted(h.items()) if name == "国庆节"] == [D(2027, 10, d) for d in (1, 2, 3)]
    assert len(h) == 13
    assert not is_working_day(D(2027, 2, 5)) and not is_working_day(D(2027, 2, 8))
    assert is_working_day(D(2027, 2, 4)) and is_working_day(D(2027, 2, 9))
    assert not is_working_day(D(2027, 2, 13))  # no adjusted working day is assumed
    # A notice published Wednesday 3 February 2027: 4, 9, 10, 11, 12 February.
    assert add_working_days(D(2027, 2, 3), 5) == D(2027, 2, 12)
    # 2028: 除夕 25 January (Tuesday) to 28 January; 清明 4 April; 中秋 3 October inside 国庆.
    h28 = statutory_holidays(2028)
    assert [d for d, name in sorted(h28.items()) if name == "春节"] == [D(2028, 1, d) for d in (25, 26, 27, 28)]
    assert h28[D(2028, 4, 4)] == "清明节" and h28[D(2028, 10, 3)] in ("国庆节", "中秋节")


def test_statutory_floor_matches_the_official_days_the_package_knows():
    """The lunar and solar-term dates agree with the State Council's own arrangements of 2025 and 2026."""
    for year in (2025, 2026):
        for day, name in statutory_holidays(year).items():
            assert not is_working_day(day), (day, name)


def test_a_year_known_to_chinesecalendar_is_unchanged():
    import chinese_calendar

    day = D(2025, 1, 1)
    while day <= D(2026, 12, 31):
        assert is_working_day(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


@settings(deadline=None)  # each example reads the calendar from the database
@given(st.dates(min_value=D(2004, 1, 1), max_value=D(2030, 12, 31)), st.integers(0, 40))
def test_add_and_between_agree(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    if n:
        assert is_working_day(end)

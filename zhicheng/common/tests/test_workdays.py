import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from zhicheng.common.workdays import add_working_days, calendar_knows, is_working_day, working_days_between

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


def test_outside_the_known_years_falls_back_to_monday_to_friday():
    assert not calendar_knows(D(2040, 1, 1)) and calendar_knows(D(2026, 1, 1))
    # 2040-01-06 is a Friday; 2040-01-07 a Saturday. No holidays are known: 1 Jan 2040 (Sunday) aside,
    # 2 Jan 2040 (Monday) counts as a working day.
    assert is_working_day(D(2040, 1, 2))
    assert not is_working_day(D(2040, 1, 7))
    assert add_working_days(D(2040, 1, 5), 5) == D(2040, 1, 12)
    # Crossing from known data into the fallback works too.
    assert add_working_days(D(2026, 12, 30), 3) == D(2027, 1, 4)
    assert working_days_between(D(2026, 12, 30), D(2027, 1, 4)) == 3


@given(st.dates(min_value=D(2004, 1, 1), max_value=D(2030, 12, 31)), st.integers(0, 40))
def test_add_and_between_agree(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    if n:
        assert is_working_day(end)

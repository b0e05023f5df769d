"""公示 periods across a year whose holiday arrangement is not yet known (issue 20): the statutory floor,
the provisional mark, and entering the State Council's arrangement moving an open notice's end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhicheng.audit.models import AuditEvent
from zhicheng.committees.services import notice_publish
from zhicheng.workcalendar.models import CalendarSource, CalendarYear
from zhicheng.workcalendar.services import calendar_arrangement_enter
from zhicheng.workcalendar.workdays import statutory_holidays

from .test_services import HOSPITAL, _passed_meeting

pytestmark = pytest.mark.django_db
D = dt.date

# 国务院办公厅关于2027年部分节假日安排的通知 (as an administrator would enter it; the real one is not out yet):
# 元旦 1–3 January; 春节 5–12 February with Saturday 13 February worked (a made-up but lawful arrangement).
HOLIDAYS_2027 = {**statutory_holidays(2027), D(2027, 1, 2): "元旦", D(2027, 1, 3): "元旦",
                 **{D(2027, 2, d): "春节" for d in range(5, 13)}}
WORKING_2027 = {D(2027, 2, 13): "春节"}


@pytest.fixture
def apps(cast, pool):
    from .conftest import accepted_application

    return [accepted_application(cast["applicant_a"], unit_name=HOSPITAL)]


def test_notice_published_on_christmas_2026_ends_on_4_january_and_is_provisional(office, apps):
    notice = notice_publish(meeting=_passed_meeting(office, apps, [3]), actor=office, today=D(2026, 12, 25))
    assert notice.ends_on == D(2027, 1, 4)
    assert notice.provisional_years == [2027]
    assert notice.provisional_note == "按法定节假日推算，待国务院办公厅公布 2027 年安排后核定"


def test_notice_published_on_28_december_2026_ends_on_5_january(office, apps):
    notice = notice_publish(meeting=_passed_meeting(office, apps, [3]), actor=office, today=D(2026, 12, 28))
    assert notice.ends_on == D(2027, 1, 5)


def test_notice_within_a_known_year_is_not_provisional(office, apps):
    notice = notice_publish(meeting=_passed_meeting(office, apps, [3]), actor=office, today=D(2026, 9, 30))
    assert notice.ends_on == D(2026, 10, 13)
    assert notice.provisional_years == [] and notice.provisional_note == ""


def test_spring_festival_2027_on_the_statutory_floor(office, apps):
    # 除夕 5 February (Friday) … 初三 8 February (Monday) are not working days.
    notice = notice_publish(meeting=_passed_meeting(office, apps, [3]), actor=office, today=D(2027, 2, 3))
    assert notice.ends_on == D(2027, 2, 12)
    assert notice.provisional_years == [2027]


def test_entering_the_arrangement_moves_an_open_notice_and_records_it(office, apps, cast):
    notice = notice_publish(meeting=_passed_meeting(office, apps, [3]), actor=office, today=D(2027, 2, 3))
    assert notice.ends_on == D(2027, 2, 12)
    admin = cast["system_admin"]
    calendar, changes = calendar_arrangement_enter(
        actor=admin, year=2027, holidays=HOLIDAYS_2027, working_days=WORKING_2027, document="国办发明电〔2026〕9号",
        today=D(2027, 2, 4),
    )
    notice.refresh_from_db()
    # 4 February, then 13 (the adjusted Saturday), 15, 16, 17 February.
    assert notice.ends_on == D(2027, 2, 17)
    change = notice.changes.get()
    assert (change.previous_ends_on, change.ends_on) == (D(2027, 2, 12), D(2027, 2, 17))
    assert "2027 年放假安排已录入" in change.reason
    assert notice.provisional_years == []
    assert len(changes) == 1 and "2027-02-17" in changes[0]
    assert calendar.source == CalendarSource.OFFICIAL and calendar.entered_by == admin
    event = AuditEvent.objects.filter(action="workcalendar.arrangement_enter").latest("id")
    assert event.detail["before"] is None and "2027-02-13" in event.detail["after"]["working_days"]
    assert AuditEvent.objects.filter(action="evaluation.notice_recompute", object_id=str(notice.pk)).exists()


def test_an_ended_notice_is_not_moved(office, apps, cast):
    notice = notice_publish(meeting=_passed_meeting(office, apps, [3]), actor=office, today=D(2027, 2, 3))
    calendar_arrangement_enter(actor=cast["system_admin"], year=2027, holidays=HOLIDAYS_2027,
                               working_days=WORKING_2027, today=D(2027, 2, 13))
    notice.refresh_from_db()
    assert notice.ends_on == D(2027, 2, 12) and not notice.changes.exists()


def test_only_the_system_administrator_enters_an_arrangement(cast):
    for key in ("security_admin", "committee_office", "applicant_a"):
        with pytest.raises(PermissionDenied):
            calendar_arrangement_enter(actor=cast[key], year=2027, holidays=HOLIDAYS_2027, working_days={})
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize(("holidays", "working", "field", "words"), [
    ({d: n for d, n in HOLIDAYS_2027.items() if d != D(2027, 4, 5)}, {}, "holidays", "清明节"),
    (HOLIDAYS_2027, {D(2027, 2, 10): "春节"}, "working_days", "不能既放假又上班"),
    (HOLIDAYS_2027, {D(2027, 2, 15): "春节"}, "working_days", "星期六或星期日"),
    ({**HOLIDAYS_2027, D(2028, 1, 1): "元旦"}, {}, "holidays", "2027 年内"),
    ({**HOLIDAYS_2027, D(2026, 10, 1): "国庆节"}, {}, "holidays", "2027 年内"),
])
def test_an_arrangement_that_breaks_the_law_or_the_calendar_is_refused(cast, holidays, working, field, words):
    with pytest.raises(ValidationError) as info:
        calendar_arrangement_enter(actor=cast["system_admin"], year=2027, holidays=holidays, working_days=working)
    assert any(words in m for m in info.value.message_dict[field])
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_correcting_a_known_year_replaces_its_days_and_keeps_the_before_in_the_audit(cast):
    known = {d.date: d.name for d in CalendarYear.objects.get(year=2026).days.filter(is_working=False)}
    calendar_arrangement_enter(actor=cast["system_admin"], year=2026, holidays=known, working_days={})
    event = AuditEvent.objects.filter(action="workcalendar.arrangement_enter").latest("id")
    assert event.detail["before"]["source"] == "package" and event.detail["before"]["working_days"]
    assert not CalendarYear.objects.get(year=2026).days.filter(is_working=True).exists()


def test_the_notice_page_and_the_office_say_the_period_is_provisional(office, apps, client):
    meeting = _passed_meeting(office, apps, [3])
    notice = notice_publish(meeting=meeting, actor=office, today=D(2026, 12, 25))
    page = client.get(f"/evaluation/notices/{notice.pk}/").content.decode()
    assert "按法定节假日推算，待国务院办公厅公布 2027 年安排后核定" in page and "2027年1月4日" in page
    client.force_login(office)
    page = client.get(f"/evaluation/meetings/{meeting.pk}/").content.decode()
    assert 'id="notice-provisional"' in page and "2027 年安排后核定" in page

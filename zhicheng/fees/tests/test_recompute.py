"""Entering a year's holiday arrangement moves the deadline of an unpaid 评审费 notice counted across it, and
leaves a paid one as it is (``fee_notices_recompute``, by the one working-day rule of workcalendar)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.fees.services import fee_notice_issue, fee_payment_record
from zhicheng.workcalendar.services import calendar_arrangement_enter
from zhicheng.workcalendar.workdays import statutory_holidays

from .conftest import accepted_application

pytestmark = pytest.mark.django_db
D = dt.date
ISSUED = D(2027, 2, 3)  # 10 working days on the statutory floor of 2027 (春节 5–8 February): 19 February
# A made-up but lawful 2027 arrangement: 春节 5–12 February, Saturday 13 February worked.
HOLIDAYS_2027 = {**statutory_holidays(2027), **{D(2027, 2, d): "春节" for d in range(5, 13)}}
WORKING_2027 = {D(2027, 2, 13): "春节"}


def test_an_unpaid_notice_moves_and_a_paid_one_does_not(cast, pool, fee_plan, office):
    unpaid = fee_notice_issue(case=accepted_application(cast["applicant_a"], unit_name="龙川县人民医院").case,
                              actor=office, on_date=ISSUED)
    paid = fee_notice_issue(case=accepted_application(cast["applicant_b"], unit_name="龙川县中医院").case,
                            actor=office, on_date=ISSUED)
    assert unpaid.due_on == paid.due_on == D(2027, 2, 19)
    fee_payment_record(notice=paid, actor=office, amount=Decimal("500.00"), paid_on=ISSUED, channel="bank_transfer",
                       serial="BK20270203001", today=D(2027, 2, 4))
    _, changes = calendar_arrangement_enter(actor=cast["system_admin"], year=2027, holidays=HOLIDAYS_2027,
                                            working_days=WORKING_2027, today=D(2027, 2, 4))
    unpaid.refresh_from_db()
    paid.refresh_from_db()
    # 4 February, 13 (the adjusted Saturday), 15–19, 22, 23, 24 February.
    assert unpaid.due_on == D(2027, 2, 24) and paid.due_on == D(2027, 2, 19)
    assert f"缴费通知 {unpaid.reference} 缴费截止日期 2027-02-19 → 2027-02-24" in changes
    assert not any(paid.reference in line for line in changes)
    event = AuditEvent.objects.filter(action="fee.recompute", object_id=str(unpaid.pk)).get()
    assert event.detail["before"] == "2027-02-19" and event.detail["after"] == "2027-02-24"
    assert not AuditEvent.objects.filter(action="fee.recompute", object_id=str(paid.pk)).exists()

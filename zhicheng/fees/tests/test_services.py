"""评审费 rules (issue 21, decision 0035): the notice and its reference, payments, refunds, the hold on
unpaid cases after their deadline, the daily notice, and bank reconciliation files."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.models import Notification
from zhicheng.committees.selectors import accepted_applications_for, held_applications_for
from zhicheng.committees.services import EvaluationError, meeting_create
from zhicheng.fees.models import FeeNotice, FeePayment, FeeStatus
from zhicheng.fees.services import (
    FeeError,
    ImportChanged,
    amount_parse,
    date_parse,
    fee_due_remind,
    fee_notice_issue,
    fee_overdue_notify,
    fee_payment_record,
    fee_refund_record,
    fee_transition_listener,
    reconciliation_apply,
    reconciliation_check,
    reconciliation_parse,
    reference_make,
    reference_problem,
)

from .conftest import ISSUED, accepted_application, building_plan, fee_on

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 11, 16)
AFTER = dt.date(2026, 11, 17)


def _pay(notice, office, **kwargs):
    values = dict(amount=Decimal("500.00"), paid_on=dt.date(2026, 11, 5), channel="bank_transfer",
                  serial="BK20261105001", today=dt.date(2026, 11, 10))
    values.update(kwargs)
    return fee_payment_record(notice=notice, actor=office, **values)


# -- the notice ---------------------------------------------------------------------------------------------
def test_the_notice_copies_the_plan_counts_working_days_and_tells_the_applicant(cast, notice):
    assert notice.amount == Decimal("500.00") and notice.payee_name == "广东省人力资源和社会保障厅"
    assert notice.due_on == DUE and notice.provider == "offline"
    assert notice.status_on(ISSUED) == FeeStatus.DUE and notice.status_on(AFTER) == FeeStatus.OVERDUE
    note = Notification.objects.filter(user=cast["applicant_a"], title="评审费缴费通知").get()
    assert "500.00 元" in note.body and notice.reference_display in note.body and "2026年11月16日" in note.body
    assert AuditEvent.objects.filter(action="fee.notice_issue", object_id=str(notice.pk)).exists()
    # issued once: 受理 again (or the listener twice) gives the same notice
    assert fee_notice_issue(case=notice.case, actor=None) == notice


def test_the_reference_is_deterministic_checked_and_holds_nothing_personal(cast, notice):
    ref = notice.reference
    assert len(ref) == 14 and ref.isdigit() and ref.startswith(f"{building_plan().year % 100:02d}")
    assert reference_make(case_id=notice.case_id, year=building_plan().year) == ref
    assert reference_make(case_id=notice.case_id + 1, year=building_plan().year) != ref
    assert reference_problem(ref) is None
    wrong = ref[:-1] + str((int(ref[-1]) + 1) % 10)
    assert "校验位" in reference_problem(wrong)


def test_no_notice_when_the_plan_charges_nothing(cast, pool, office):
    app = accepted_application(cast["applicant_b"], unit_name="龙川县中医院")
    assert fee_notice_issue(case=app.case, actor=office) is None
    assert not FeeNotice.objects.exists()


def test_the_listener_issues_the_notice_at_acceptance(cast, pool, fee_plan):
    from zhicheng.cases.constants import Decision

    app = accepted_application(cast["applicant_b"], unit_name="龙川县中医院")
    fee_transition_listener(case=app.case, decision=Decision.RETURN)
    assert not FeeNotice.objects.exists()
    fee_transition_listener(case=app.case, decision=Decision.ACCEPT)
    assert FeeNotice.objects.get(case=app.case).amount == Decimal("500.00")


def test_a_fee_switched_on_needs_amount_and_payee(cast):
    from zhicheng.catalog.models import EvaluationPlan

    plan = EvaluationPlan.objects.get(pk=building_plan().pk)
    plan.fee_required = True
    with pytest.raises(ValidationError) as exc:
        plan.full_clean()
    assert {"fee_amount", "fee_payee_name", "fee_payee_account", "fee_payee_bank"} <= set(exc.value.message_dict)


# -- payments and refunds -------------------------------------------------------------------------------------
def test_a_payment_must_be_the_amount_due(cast, notice, office):
    with pytest.raises(ValidationError) as exc:
        _pay(notice, office, amount=Decimal("300"))
    assert "应缴 500.00 元" in exc.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as exc:
        _pay(notice, office, paid_on=dt.date(2026, 11, 11))
    assert "晚于今天" in exc.value.message_dict["paid_on"][0]
    with pytest.raises(ValidationError) as exc:
        _pay(notice, office, serial="")
    assert "银行流水号" in exc.value.message_dict["serial"][0]
    payment = _pay(notice, office, serial="bk 2026 1105 001")  # normalised like every identifier
    assert payment.serial == "BK20261105001"
    notice.refresh_from_db()
    assert notice.is_paid and notice.paid_on == dt.date(2026, 11, 5) and notice.status_on(AFTER) == FeeStatus.PAID
    with pytest.raises(ValidationError) as exc:  # paid in full: no second payment
        _pay(notice, office, serial="BK2")
    assert "已缴清" in exc.value.message_dict["amount"][0]
    assert Notification.objects.filter(user=cast["applicant_a"], title="评审费已到账").count() == 1
    assert AuditEvent.objects.filter(action="fee.payment_record").count() == 1


def test_a_bank_serial_is_recorded_once(cast, pool, notice, office):
    _pay(notice, office)
    app = accepted_application(cast["applicant_b"], unit_name="龙川县中医院")
    other = fee_notice_issue(case=app.case, actor=office, on_date=ISSUED)
    with pytest.raises(ValidationError) as exc:
        _pay(other, office, serial="ＢＫ２０２６１１０５００１")  # full-width: the same serial
    assert "已登记过" in exc.value.message_dict["serial"][0]


def test_only_the_committee_office_records(cast, notice):
    with pytest.raises(FeeError):
        _pay(notice, cast["other_committee_office"])
    with pytest.raises(FeeError):
        fee_refund_record(notice=notice, actor=cast["applicant_a"], amount=Decimal("1"), refunded_on=ISSUED, reason="x")


def test_refunds_never_exceed_what_was_paid(cast, notice, office):
    with pytest.raises(ValidationError) as exc:
        fee_refund_record(notice=notice, actor=office, amount=Decimal("1"), refunded_on=ISSUED, reason="重复缴费",
                          today=dt.date(2026, 11, 10))
    assert "0.00 元" in exc.value.message_dict["amount"][0]
    _pay(notice, office)
    with pytest.raises(ValidationError) as exc:
        fee_refund_record(notice=notice, actor=office, amount=Decimal("500.01"), refunded_on=ISSUED, reason="撤回",
                          today=dt.date(2026, 11, 10))
    assert "500.00 元" in exc.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as exc:
        fee_refund_record(notice=notice, actor=office, amount=Decimal("100"), refunded_on=ISSUED, reason="  ",
                          today=dt.date(2026, 11, 10))
    assert "reason" in exc.value.message_dict
    fee_refund_record(notice=notice, actor=office, amount=Decimal("100"), refunded_on=dt.date(2026, 11, 6),
                      reason="未参加答辩，退还答辩费", today=dt.date(2026, 11, 10))
    notice.refresh_from_db()
    assert notice.status_on(AFTER) == FeeStatus.PART_REFUNDED and notice.paid_on is None
    fee_refund_record(notice=notice, actor=office, amount=Decimal("400"), refunded_on=dt.date(2026, 11, 6),
                      reason="申报人撤回申请", today=dt.date(2026, 11, 10))
    notice.refresh_from_db()
    assert notice.status_on(AFTER) == FeeStatus.REFUNDED and notice.net_paid == 0
    with pytest.raises(ValidationError):
        fee_refund_record(notice=notice, actor=office, amount=Decimal("0.01"), refunded_on=ISSUED, reason="x",
                          today=dt.date(2026, 11, 10))
    assert AuditEvent.objects.filter(action="fee.refund_record").count() == 2


# -- the hold and the daily notice ------------------------------------------------------------------------------
def test_unpaid_after_the_deadline_is_held_back_from_meetings(cast, notice, office):
    plan = building_plan()
    app = notice.case.evaluation_application
    assert app in accepted_applications_for(plan=plan, today=DUE)  # on the deadline day it is still due
    assert app not in accepted_applications_for(plan=plan, today=AFTER)
    [(held, reason)] = held_applications_for(plan=plan, today=AFTER)
    assert held == app and "评审费逾期未缴" in reason and "2026年11月16日" in reason


def test_meeting_creation_refuses_a_held_application(cast, notice, office):
    app = notice.case.evaluation_application
    with pytest.raises(EvaluationError) as exc:
        meeting_create(plan=building_plan(), name="评审会议", held_on=dt.date(2026, 12, 20), place="广州",
                       applications=[app], actor=office)
    assert "评审费逾期未缴" in exc.value.message


def test_paid_late_is_a_candidate_again(cast, notice, office):
    _pay(notice, office, paid_on=dt.date(2026, 11, 20), today=dt.date(2026, 11, 20))
    notice.refresh_from_db()
    assert notice.is_paid and notice.paid_on > notice.due_on
    assert notice.case.evaluation_application in accepted_applications_for(plan=building_plan())
    event = AuditEvent.objects.get(action="fee.payment_record")
    assert event.detail["late"] is True


def test_switching_the_fee_off_lifts_the_hold(cast, notice):
    fee_on(fee_required=False)
    assert notice.case.evaluation_application in accepted_applications_for(plan=building_plan(), today=AFTER)
    assert held_applications_for(plan=building_plan(), today=AFTER) == []


def test_a_case_accepted_before_the_fee_was_switched_on_is_not_held(cast, pool):
    app = accepted_application(cast["applicant_b"], unit_name="龙川县中医院")
    fee_on()
    assert app in accepted_applications_for(plan=building_plan(), today=AFTER)


def test_the_applicant_is_told_once_after_the_deadline(cast, notice):
    assert fee_overdue_notify(today=DUE) == "评审费：逾期未缴告知 0 人"
    assert fee_overdue_notify(today=AFTER) == "评审费：逾期未缴告知 1 人"
    assert fee_overdue_notify(today=AFTER + dt.timedelta(days=1)) == "评审费：逾期未缴告知 0 人"
    note = Notification.objects.get(user=cast["applicant_a"], title="评审费逾期未缴，暂不提交评审会议")
    assert "暂不提交评审会议" in note.body and notice.reference_display in note.body
    assert AuditEvent.objects.filter(action="fee.overdue_notify").count() == 1


def test_the_applicant_is_reminded_once_before_the_deadline(cast, notice):
    """Two working days before 2026-11-16 (a Monday) is Thursday 2026-11-12: reminded then, once."""
    assert fee_due_remind(today=dt.date(2026, 11, 11)) == "评审费：缴费期限提醒 0 人"
    assert fee_due_remind(today=dt.date(2026, 11, 12)) == "评审费：缴费期限提醒 1 人"
    assert fee_due_remind(today=dt.date(2026, 11, 13)) == "评审费：缴费期限提醒 0 人"
    assert fee_due_remind(today=DUE) == "评审费：缴费期限提醒 0 人"
    note = Notification.objects.get(user=cast["applicant_a"], title="请按期缴纳评审费")
    assert "应于 2026年11月16日 前缴纳评审费 500.00 元" in note.body
    assert "还剩 2 个工作日" in note.body and notice.reference_display in note.body and "500.00" in note.body


def test_the_deadline_day_itself_reminds_when_nothing_came_before(cast, notice):
    assert fee_due_remind(today=DUE) == "评审费：缴费期限提醒 1 人"
    assert "今天截止" in Notification.objects.get(title="请按期缴纳评审费").body
    assert fee_due_remind(today=AFTER) == "评审费：缴费期限提醒 0 人"  # after it: the overdue notice's turn


def test_no_reminder_once_paid_in_full(cast, notice, office):
    _pay(notice, office)
    assert fee_due_remind(today=dt.date(2026, 11, 12)) == "评审费：缴费期限提醒 0 人"


def test_the_daily_deadline_run_includes_the_fees(cast, notice):
    from zhicheng.cases.reminders import deadlines_daily

    assert "评审费：逾期未缴告知 1 人" in deadlines_daily(today=AFTER).summary
    assert "评审费：缴费期限提醒 1 人" in deadlines_daily(today=dt.date(2026, 11, 12)).summary


# -- amounts and dates as typed ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("500", Decimal("500.00")), ("５００．００", Decimal("500.00")), (" 1,200.5元 ", Decimal("1200.50")),
    ("￥300", Decimal("300.00")), ("300.001", None), ("-5", None), ("=1+1", None), ("", None), ("abc", None),
])
def test_amount_parse(text, expected):
    assert amount_parse(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("2026-11-05", dt.date(2026, 11, 5)), ("2026/11/5", dt.date(2026, 11, 5)), ("20261105", dt.date(2026, 11, 5)),
    ("２０２６年１１月５日", dt.date(2026, 11, 5)), ("2026-11-05 10:22:01", dt.date(2026, 11, 5)),
    ("2026-02-30", None), ("昨天", None), ("", None),
])
def test_date_parse(text, expected):
    assert date_parse(text) == expected


# -- bank reconciliation files ------------------------------------------------------------------------------------
def _csv(rows, header="缴费识别码,金额,缴费日期,银行流水号") -> bytes:
    return ("\n".join([header, *[",".join(r) for r in rows]]) + "\n").encode("utf-8-sig")


@pytest.fixture
def second(cast, pool, notice, office):
    app = accepted_application(cast["applicant_b"], unit_name="龙川县中医院")
    return fee_notice_issue(case=app.case, actor=office, on_date=ISSUED)


def test_reconciliation_matches_by_reference_and_reports_every_other_row(cast, notice, second, office):
    _pay(second, office, serial="OLD001")  # already paid, by hand
    wide = "".join(chr(ord(c) + 0xFEE0) for c in notice.reference)  # full-width digits
    spaced = f" {notice.reference[:4]} {notice.reference[4:8]}-{notice.reference[8:]} "
    bad_check = notice.reference[:-1] + str((int(notice.reference[-1]) + 1) % 10)
    rows = [
        [notice.reference, "300", "2026-11-09", "BK105"],     # 2: amount
        [wide, "５００.００", "2026/11/20", "BK100"],           # 3: matched (full-width), paid late
        [spaced, "500", "2026-11-20", "BK101"],                # 4: the same notice again: already paid by row 3
        [second.reference, "500", "2026-11-09", "BK102"],     # 5: paid by hand before
        [bad_check, "500", "2026-11-09", "BK103"],            # 6: check digit
        ["26000000000000", "500", "2026-11-09", "BK104"],      # 7: not a reference of this plan, or a bad check digit
        [notice.reference, "500", "明天", "BK100"],            # 8: date, serial repeated in the file
        [notice.reference, "500", "2026-11-09", "OLD001"],    # 9: serial already recorded
        [notice.reference, "500", "2026-11-09", ""],          # 10: no serial
    ]
    parsed = reconciliation_parse(data=_csv(rows), file_name="对账单.csv")
    checked = reconciliation_check(plan=building_plan(), lines=parsed.lines, today=dt.date(2026, 11, 25))
    by_line = {r.line: r for r in checked}
    assert "金额不符：应缴 500.00 元，到账 300.00 元" in by_line[2].reason
    assert by_line[3].ok and by_line[3].notice == notice
    assert "已缴清" in by_line[4].reason
    assert "已缴清" in by_line[5].reason
    assert "校验位" in by_line[6].reason
    assert "本计划没有" in by_line[7].reason or "校验位" in by_line[7].reason
    assert "缴费日期无法识别" in by_line[8].reason and "与第 3 行" in by_line[8].reason
    assert "已登记过" in by_line[9].reason
    assert "银行流水号为空" in by_line[10].reason
    assert [r.line for r in checked if r.ok] == [3]

    fee_import, _rows = reconciliation_apply(plan=building_plan(), actor=office, parsed=parsed, expected=[3],
                                             today=dt.date(2026, 11, 25))
    notice.refresh_from_db()
    assert notice.is_paid and notice.paid_on == dt.date(2026, 11, 20) and fee_import.applied == 1
    assert FeePayment.objects.get(serial="BK100").fee_import == fee_import
    event = AuditEvent.objects.get(action="fee.import")
    assert event.detail["applied"] == 1 and len(event.detail["skipped"]) == 8
    # the same file again: nothing passes any more, nothing is recorded
    again = reconciliation_check(plan=building_plan(), lines=parsed.lines, today=dt.date(2026, 11, 25))
    assert not any(r.ok for r in again) and "重复导入" in again[1].reason


def test_nothing_is_half_applied_when_the_rows_changed_since_the_preview(cast, notice, second, office):
    parsed = reconciliation_parse(data=_csv([[notice.reference, "500", "2026-11-09", "BK1"],
                                             [second.reference, "500", "2026-11-09", "BK2"]]), file_name="a.csv")
    _pay(second, office, serial="HAND", today=dt.date(2026, 11, 25))  # recorded by hand meanwhile
    with pytest.raises(ImportChanged) as exc:
        reconciliation_apply(plan=building_plan(), actor=office, parsed=parsed, expected=[2, 3],
                             today=dt.date(2026, 11, 25))
    assert [r.line for r in exc.value.rows if r.ok] == [2]
    assert not FeePayment.objects.filter(serial__in=["BK1", "BK2"]).exists()
    notice.refresh_from_db()
    assert not notice.is_paid


def test_the_xlsx_file_is_read_as_text(cast, notice, office):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["银行流水号", "交易日期", "金额", "缴费识别码", "备注"])  # any order, other columns ignored
    ws.append(["X1", dt.datetime(2026, 11, 9, 10, 30), 500, int(notice.reference), "=1+1"])
    ws.append(["X2", "2026-11-09", 500.0, '=HYPERLINK("http://example.com","x")', ""])
    buf = io.BytesIO()
    wb.save(buf)
    parsed = reconciliation_parse(data=buf.getvalue(), file_name="bank.XLSX")
    assert parsed.lines[0] == [2, notice.reference, "500", "2026-11-09 10:30:00", "X1"]
    assert parsed.lines[1][1].startswith("=HYPERLINK")  # a formula stays its text, never evaluated
    rows = reconciliation_check(plan=building_plan(), lines=parsed.lines, today=dt.date(2026, 11, 25))
    assert rows[0].ok and not rows[1].ok


@pytest.mark.parametrize("data,name,words", [
    (b"%PDF-1.4", "a.pdf", "CSV 或 Excel"),
    (b"not a zip", "a.xlsx", "无法读取"),
    ("识别码,金额\n1,2\n".encode(), "a.csv", "缺少：缴费日期、银行流水号"),
    ("缴费识别码,金额,缴费日期,银行流水号\n".encode(), "a.csv", "只有表头"),
    (b"", "a.csv", "没有内容"),
    ("缴费识别码,金额,缴费日期,银行流水号\n".encode("utf-16"), "a.csv", "编码"),
])
def test_bad_files_are_refused_with_the_reason(data, name, words):
    with pytest.raises(FeeError) as exc:
        reconciliation_parse(data=data, file_name=name)
    assert words in exc.value.message


def test_a_gb18030_csv_from_chinese_excel_is_read(cast, notice):
    data = f"缴费识别码,金额,缴费日期,银行流水号\n{notice.reference},500,2026-11-09,G1\n".encode("gb18030")
    assert reconciliation_parse(data=data, file_name="a.csv").lines == [
        [2, notice.reference, "500", "2026-11-09", "G1"]
    ]

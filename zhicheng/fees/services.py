"""评审费 (issue 21, decision 0035): payment notices at 受理, payments and refunds recorded by the committee
office (one by one or from a bank reconciliation file), the hold on unpaid cases and the daily notice.

The rules, each in one place:

* **Notice** (:func:`fee_notice_issue`): the committee office's 受理 of a 评审申请 whose plan has
  ``fee_required`` issues one notice, copying amount and payee from the plan; the deadline is the plan's
  ``fee_payment_working_days``-th working day after the day of 受理 (official calendar).
* **Payment** (:func:`fee_payment_record`): the amount must be exactly what is still due (no partial
  payment, no overpayment); a bank serial number is recorded once in the whole system; a notice paid in
  full takes no more payments. A payment after the deadline is recorded like any other (marked late) and
  the case becomes a candidate for the next meeting again.
* **Refund** (:func:`fee_refund_record`): never more than was paid and not yet refunded; a reason always.
* **Hold** (:func:`fee_holds`, registered with ``committees.holds``): on a plan that still has
  ``fee_required``, a case not paid in full after its ``due_on`` is not put before a meeting.
* **Told once** (:func:`fee_overdue_notify`, in the daily deadline run): the applicant of such a case, not
  in a meeting yet, is told why, once.
* **Reconciliation** (:func:`reconciliation_parse`, :func:`reconciliation_check`,
  :func:`reconciliation_apply`): the bank's file is read as text, each row matched by 缴费识别码 and
  checked like a payment; the office sees every row's outcome first, then the rows that pass are recorded
  together in one transaction — or, if anything changed since the preview, none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from zhicheng.audit.services import audit_record
from zhicheng.businesses.constants import BusinessCode
from zhicheng.cases.constants import CaseStatus, Decision
from zhicheng.cases.models import CaseReminder
from zhicheng.cases.reminders import reminder_claim, reminder_days_of, reminder_first_day
from zhicheng.cases.services import notification_send
from zhicheng.catalog.selectors import committees_managed_by
from zhicheng.committees.models import NOT_LIVE_OUTCOMES, EvaluationResult
from zhicheng.common.exceptions import ServiceError
from zhicheng.common.spreadsheet import TableReadError, table_read
from zhicheng.common.validators import normalize_identifier
from zhicheng.workcalendar.services import WorkingDayPeriod, working_day_deadlines_recompute
from zhicheng.workcalendar.workdays import WorkCalendar, add_working_days

from .models import ZERO, FeeImport, FeeNotice, FeePayment, FeeRefund, PaymentChannel
from .providers import provider_active

REFERENCE_LENGTH = 14
CHANNELS_WITH_SERIAL = {PaymentChannel.BANK_TRANSFER, PaymentChannel.POS}
CENT = Decimal("0.01")


class FeeError(ServiceError):
    default_message = "无法办理该评审费事项。"


class ImportChanged(FeeError):
    """The file's rows no longer pass as they did in the preview; ``rows`` is the new check."""

    def __init__(self, rows):
        super().__init__("自预览以来缴费情况已有变化，本次未登记任何缴费，请核对下表后重新确认。")
        self.rows = rows


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _yuan(amount: Decimal) -> str:
    return f"{amount:.2f}"


# -- the 缴费识别码 ---------------------------------------------------------------------------------------
def _luhn_digit(body: str) -> str:
    total = 0
    for i, char in enumerate(reversed(body)):
        d = int(char)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return str((10 - total % 10) % 10)


def reference_make(*, case_id: int, year: int, attempt: int = 0) -> str:
    """The 缴费识别码 of case ``case_id`` under a plan of ``year``: 14 digits — the year's last two, 11
    digits of an HMAC (the server's secret key) of the case id and ``attempt``, a Luhn check digit.
    Deterministic, unguessable without the secret, and free of anything personal (never the ID number)."""
    mac = salted_hmac("zhicheng.fees.reference", f"{case_id}:{attempt}").hexdigest()
    body = f"{year % 100:02d}{int(mac, 16) % 10**11:011d}"
    return body + _luhn_digit(body)


def reference_normalize(value: object) -> str:
    """A 缴费识别码 as people type or banks print it, in its normal form (``normalize_identifier``:
    full-width digits, spaces and hyphens)."""
    return normalize_identifier(value)


def reference_problem(reference: str) -> str | None:
    """Why a normalised ``reference`` cannot be a 缴费识别码 (Chinese), or None."""
    if not reference:
        return "缴费识别码为空"
    if not re.fullmatch(f"[0-9]{{{REFERENCE_LENGTH}}}", reference):
        return f"缴费识别码应为 {REFERENCE_LENGTH} 位数字"
    if _luhn_digit(reference[:-1]) != reference[-1]:
        return "缴费识别码校验位不符，可能抄录有误"
    return None


# -- amounts and dates as typed --------------------------------------------------------------------------
def amount_parse(value: object) -> Decimal | None:
    """An amount in yuan as typed or printed by a bank ("300", "３００.００", "1,200.50元", "￥300"), or None.
    At most two decimals; never negative."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    text = re.sub(r"[\s,，元¥]", "", text)
    if not re.fullmatch(r"[0-9]{1,9}(\.[0-9]{1,2})?", text):
        return None
    return Decimal(text).quantize(CENT)


def date_parse(value: object) -> dt.date | None:
    """A date as typed or printed ("2026-12-01", "2026/12/1", "20261201", "2026年12月1日", a time after it
    ignored), or None."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    text = re.split(r"[\sT]", text, maxsplit=1)[0] if text else ""
    match = (re.fullmatch(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?", text)
             or re.fullmatch(r"([0-9]{4})([0-9]{2})([0-9]{2})", text))
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


# -- permissions -------------------------------------------------------------------------------------------
def can_manage_fees(*, user, plan) -> bool:
    """Whether ``user`` staffs the office of ``plan``'s committee (records payments and refunds)."""
    return committees_managed_by(user=user).filter(pk=plan.committee_id).exists()


def _check_office(actor, plan) -> None:
    if not can_manage_fees(user=actor, plan=plan):
        raise FeeError("只有本评委会办公室的工作人员可以办理评审费事项。")


# -- the notice --------------------------------------------------------------------------------------------
def _notice_text(notice: FeeNotice) -> str:
    lines = [f"应缴评审费 {_yuan(notice.amount)} 元，请于 {_date(notice.due_on)}（含当日）前缴纳。",
             f"缴费识别码：{notice.reference_display}。"]
    lines += [f"{label}：{value}。" for label, value in provider_active().instructions(notice)]
    lines.append("逾期未缴费的，不提交评审会议。")
    return "".join(lines)


@transaction.atomic
def fee_notice_issue(*, case, actor, on_date: dt.date | None = None) -> FeeNotice | None:
    """Issue the payment notice of an accepted 评审申请 ``case`` whose plan has ``fee_required``.

    Amount and payee are copied from the plan; the deadline is ``fee_payment_working_days`` working days
    after ``on_date`` (the day of 受理, default today). Audited (``fee.notice_issue``) and sent to the
    applicant (notification, SMS, e-mail). Returns the notice, the case's existing one if it has one, or None
    when the case is not a 评审申请 of a plan with the fee."""
    app = getattr(case, "evaluation_application", None)
    if case.business_type != BusinessCode.EVALUATION or app is None or app.plan_id is None:
        return None
    plan = app.plan
    if not plan.fee_required:
        return None
    existing = FeeNotice.objects.filter(case=case).first()
    if existing is not None:
        return existing
    issued_on = _today(on_date)
    attempt = 0
    reference = reference_make(case_id=case.pk, year=plan.year)
    while FeeNotice.objects.filter(reference=reference).exists():  # an 11-digit collision: the next attempt
        attempt += 1
        reference = reference_make(case_id=case.pk, year=plan.year, attempt=attempt)
    notice = FeeNotice(
        case=case, plan=plan, applicant=case.applicant, reference=reference, amount=plan.fee_amount,
        payee_name=plan.fee_payee_name, payee_account=plan.fee_payee_account, payee_bank=plan.fee_payee_bank,
        provider=provider_active().code, issued_on=issued_on, working_days=plan.fee_payment_working_days,
        due_on=add_working_days(issued_on, plan.fee_payment_working_days),
    )
    notice.full_clean()
    notice.save()
    audit_record(
        action="fee.notice_issue", actor=actor, organisation=plan.committee.organisation, obj=notice,
        detail={"reference": reference, "amount": _yuan(notice.amount), "due_on": notice.due_on.isoformat()},
    )
    notification_send(user=case.applicant, case=case, title="评审费缴费通知", body=_notice_text(notice),
                      sms_text=(f"【{settings.SITE_NAME}】您的评审申请已受理，请于{_date(notice.due_on)}前缴纳评审费"
                                f"{_yuan(notice.amount)}元，缴费识别码{notice.reference}，详见系统通知。"))
    return notice


def fee_transition_listener(*, case, decision) -> None:
    """Transition listener (``cases.registry.transition_listener_register``): 受理 of a 评审申请 issues its
    payment notice when its plan has the fee."""
    if decision != Decision.ACCEPT or case.business_type != BusinessCode.EVALUATION:
        return
    last = case.history.filter(decision=Decision.ACCEPT).order_by("-id").select_related("actor").first()
    fee_notice_issue(case=case, actor=last.actor if last else None)


def _locked(notice: FeeNotice) -> FeeNotice:
    return (FeeNotice.objects.select_for_update().select_related("plan__committee__organisation", "case", "applicant")
            .get(pk=notice.pk))


# -- payments ------------------------------------------------------------------------------------------------
def _payment_problems(*, notice: FeeNotice, amount: Decimal, paid_on: dt.date, serial: str, today: dt.date,
                      pending: Decimal = ZERO) -> dict[str, str]:
    """{field: reason} why this payment may not be recorded on ``notice`` (``pending``: amounts planned before
    it in the same file). Empty when it may."""
    problems: dict[str, str] = {}
    outstanding = notice.outstanding - pending
    if outstanding <= 0:
        problems["amount"] = "该缴费通知已缴清，不再登记（重复缴纳的款项请核实后按规定退回）"
    elif amount != outstanding:
        problems["amount"] = f"金额不符：应缴 {_yuan(outstanding)} 元，本笔 {_yuan(amount)} 元"
    if paid_on > today:
        problems["paid_on"] = "缴费日期不能晚于今天"
    elif paid_on < notice.issued_on:
        problems["paid_on"] = f"缴费日期早于缴费通知日期（{_date(notice.issued_on)}）"
    if serial and FeePayment.objects.filter(serial=serial).exists():
        problems["serial"] = "该银行流水号已登记过，不能重复登记"
    return problems


def _payment_add(*, notice: FeeNotice, actor, amount: Decimal, paid_on: dt.date, channel: str, serial: str,
                 note: str = "", fee_import: FeeImport | None = None) -> FeePayment:
    payment = FeePayment(notice=notice, amount=amount, paid_on=paid_on, channel=channel, serial=serial,
                         note=note.strip(), fee_import=fee_import, recorded_by=actor)
    payment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        raise ValidationError({"serial": "该银行流水号已登记过，不能重复登记"}) from None
    was_paid = notice.is_paid
    notice.paid_amount += amount
    if notice.is_paid and not was_paid:
        notice.paid_on = paid_on
    notice.save(update_fields=["paid_amount", "paid_on"])
    late = paid_on > notice.due_on
    audit_record(
        action="fee.payment_record", actor=actor, organisation=notice.plan.committee.organisation, obj=notice,
        detail={"reference": notice.reference, "amount": _yuan(amount), "paid_on": paid_on.isoformat(),
                "channel": channel, "serial": serial, "late": late, "import": fee_import.pk if fee_import else None},
    )
    body = f"已登记您缴纳的评审费 {_yuan(amount)} 元（缴费日期 {_date(paid_on)}）。"
    if late and notice.is_paid:
        body += "您的申请可安排提交评审会议。"
    notification_send(user=notice.applicant, case=notice.case, title="评审费已到账", body=body)
    return payment


@transaction.atomic
def fee_payment_record(*, notice: FeeNotice, actor, amount: Decimal, paid_on: dt.date, channel: str,
                       serial: str = "", note: str = "", today: dt.date | None = None) -> FeePayment:
    """Record one payment of ``notice`` by the committee office (``actor``).

    Args: amount in yuan (``Decimal``, exactly what is still due); paid_on: the day the money was paid (not
    after ``today``, not before the notice was issued); channel: a ``PaymentChannel`` value; serial:
    the bank's serial number (normalised like every identifier; required for 银行转账 and 窗口刷卡;
    recorded once in the whole system); note: free text.
    Raises ``FeeError`` (not the office; the plan charges no fee) or ``ValidationError`` by field.
    Audited (``fee.payment_record``); the applicant is told."""
    _check_office(actor, notice.plan)
    notice = _locked(notice)
    if channel not in PaymentChannel.values:
        raise ValidationError({"channel": "请选择缴费渠道"})
    serial = normalize_identifier(serial)[:64]
    errors: dict[str, str] = {}
    if channel in CHANNELS_WITH_SERIAL and not serial:
        errors["serial"] = "请填写银行流水号"
    amount = Decimal(amount).quantize(CENT)
    if amount <= 0:
        errors["amount"] = "金额须大于 0"
    errors = {**_payment_problems(notice=notice, amount=amount, paid_on=paid_on, serial=serial, today=_today(today)),
              **errors}
    if errors:
        raise ValidationError(errors)
    return _payment_add(notice=notice, actor=actor, amount=amount, paid_on=paid_on, channel=channel, serial=serial,
                        note=note)


@transaction.atomic
def fee_refund_record(*, notice: FeeNotice, actor, amount: Decimal, refunded_on: dt.date, reason: str,
                      serial: str = "", today: dt.date | None = None) -> FeeRefund:
    """Record a refund (full or partial) of ``notice`` by the committee office.

    Args: amount in yuan (more than 0, at most what was paid and not refunded yet); refunded_on: not after
    ``today``; reason: required (e.g. 申报人撤回申请、重复缴费); serial: the refund's bank serial (optional).
    A notice no longer paid in full after it counts as unpaid again (held back after its deadline).
    Raises ``FeeError`` / ``ValidationError`` by field. Audited (``fee.refund_record``); the applicant is told."""
    _check_office(actor, notice.plan)
    notice = _locked(notice)
    amount = Decimal(amount).quantize(CENT)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if amount <= 0:
        errors["amount"] = "退费金额须大于 0"
    elif amount > notice.net_paid:
        errors["amount"] = f"退费金额不能超过已缴未退的 {_yuan(notice.net_paid)} 元"
    if not reason:
        errors["reason"] = "请填写退费原因"
    if refunded_on > _today(today):
        errors["refunded_on"] = "退费日期不能晚于今天"
    elif refunded_on < notice.issued_on:
        errors["refunded_on"] = f"退费日期早于缴费通知日期（{_date(notice.issued_on)}）"
    if errors:
        raise ValidationError(errors)
    refund = FeeRefund(notice=notice, amount=amount, refunded_on=refunded_on, reason=reason[:200],
                       serial=normalize_identifier(serial)[:64], recorded_by=actor)
    refund.full_clean()
    refund.save()
    notice.refunded_amount += amount
    if not notice.is_paid:
        notice.paid_on = None
    notice.save(update_fields=["refunded_amount", "paid_on"])
    audit_record(
        action="fee.refund_record", actor=actor, organisation=notice.plan.committee.organisation, obj=notice,
        detail={"reference": notice.reference, "amount": _yuan(amount), "refunded_on": refunded_on.isoformat(),
                "reason": reason[:200]},
    )
    notification_send(user=notice.applicant, case=notice.case, title="评审费退费",
                      body=f"已为您办理评审费退费 {_yuan(amount)} 元，原因：{reason}。")
    return refund


# -- the hold and the daily notice -----------------------------------------------------------------------------
def _unpaid_overdue(today: dt.date):
    return _unpaid(FeeNotice.objects.filter(plan__fee_required=True, due_on__lt=today))


def fee_hold_reason(notice: FeeNotice) -> str:
    """The words the office and the applicant read for a case held back for want of payment."""
    return f"评审费逾期未缴（应缴 {_yuan(notice.outstanding)} 元，缴费截止日期 {_date(notice.due_on)}）"


def fee_holds(*, applications, today: dt.date) -> dict[int, str]:
    """Hold provider (``committees.holds.meeting_hold_register``): {application pk: reason} for the
    ``applications`` whose payment notice, on a plan that still charges the fee, is not paid in full after
    its deadline. A case without a notice (accepted before the fee was switched on) is not held."""
    by_case = {a.case_id: a.pk for a in applications}
    notices = _unpaid_overdue(today).filter(case_id__in=list(by_case))
    return {by_case[n.case_id]: fee_hold_reason(n) for n in notices}


def _unpaid(qs):
    return qs.annotate(net=F("paid_amount") - F("refunded_amount")).filter(net__lt=F("amount"))


def fee_notes(*, applications, today: dt.date) -> dict[int, str]:
    """Note provider (``committees.holds.meeting_note_register``): {application pk: note} for the candidate
    ``applications`` whose 评审费 is not paid in full but still within its deadline — choosable, but the office
    should know: "待缴费（应缴 500.00 元，缴费截止日期 2026年12月1日）". One query."""
    by_case = {a.case_id: a.pk for a in applications}
    notices = _unpaid(FeeNotice.objects.filter(plan__fee_required=True, due_on__gte=today, case_id__in=list(by_case)))
    return {by_case[n.case_id]: f"待缴费（应缴 {_yuan(n.outstanding)} 元，缴费截止日期 {_date(n.due_on)}）"
            for n in notices}


def fee_due_remind(*, today: dt.date | None = None) -> str:
    """Daily deadline job (``cases.reminders.daily_deadline_job_register``): remind the applicant of every
    accepted case whose 评审费 is not paid in full that its deadline is near — from the plan's reminder days
    before ``due_on`` (:func:`zhicheng.cases.reminders.reminder_days_of`, working days, the same as the
    correction and stage reminders) to the deadline day itself; once per notice and deadline
    (``CaseReminder.Kind.FEE``: a deadline moved by a new holiday arrangement is reminded again).
    A case already before a meeting is not reminded (it is no longer held for the fee).
    Returns a line for the log."""
    today = _today(today)
    calendar = WorkCalendar()
    live = EvaluationResult.objects.exclude(outcome__in=NOT_LIVE_OUTCOMES).values("application__case_id")
    notices = list(
        _unpaid(FeeNotice.objects.filter(plan__fee_required=True, due_on__gte=today, case__status=CaseStatus.ACCEPTED))
        .exclude(case_id__in=live).select_related("plan", "case", "applicant").order_by("due_on", "pk")
    )
    reminded = 0
    for notice in notices:
        if today < reminder_first_day(calendar, notice.due_on, reminder_days_of(notice.plan)):
            continue
        with transaction.atomic():
            if not reminder_claim(user=notice.applicant, case=notice.case, kind=CaseReminder.Kind.FEE,
                                  due_on=notice.due_on):
                continue
            left = calendar.between(today, notice.due_on)
            notification_send(
                user=notice.applicant, case=notice.case, title="请按期缴纳评审费",
                body=(f"您的评审申请应于 {_date(notice.due_on)} 前缴纳评审费 {_yuan(notice.outstanding)} 元"
                      + ("（今天截止）" if left == 0 else f"（还剩 {left} 个工作日）")
                      + f"，缴费识别码 {notice.reference_display}。逾期未缴的，暂不提交评审会议。"),
            )
        reminded += 1
    return f"评审费：缴费期限提醒 {reminded} 人"


def fee_overdue_notify(*, today: dt.date | None = None) -> str:
    """Daily deadline job (``cases.reminders.daily_deadline_job_register``): tell the applicant of every
    accepted case held back for want of payment, and not in a meeting yet, why — once per notice
    (``overdue_notified_at``). Audited (``fee.overdue_notify``). Returns a line for the log."""
    today = _today(today)
    live = EvaluationResult.objects.exclude(outcome__in=NOT_LIVE_OUTCOMES).values("application__case_id")
    candidates = list(_unpaid_overdue(today).filter(overdue_notified_at__isnull=True, case__status=CaseStatus.ACCEPTED)
                      .exclude(case_id__in=live).values_list("pk", flat=True))
    told = 0
    for pk in candidates:
        with transaction.atomic():
            claimed = FeeNotice.objects.filter(pk=pk, overdue_notified_at__isnull=True).update(
                overdue_notified_at=timezone.now())
            if not claimed:
                continue
            notice = FeeNotice.objects.select_related("plan__committee__organisation", "case", "applicant").get(pk=pk)
            office = notice.plan.committee.organisation
            notification_send(
                user=notice.applicant, case=notice.case, title="评审费逾期未缴，暂不提交评审会议",
                body=(f"您的评审申请应于 {_date(notice.due_on)} 前缴纳评审费 {_yuan(notice.amount)} 元"
                      f"（缴费识别码 {notice.reference_display}），截至目前未登记到账，暂不提交评审会议。"
                      f"如已缴费，请将缴费凭证交{office.name}核对登记，登记后即可安排评审。"),
            )
            audit_record(action="fee.overdue_notify", actor=None, organisation=office, obj=notice,
                         detail={"reference": notice.reference, "due_on": notice.due_on.isoformat()})
            told += 1
    return f"评审费：逾期未缴告知 {told} 人"


#: A notice's payment period: ``working_days`` working days after the day it was issued, to ``due_on``.
FEE_PERIOD = WorkingDayPeriod(start="issued_on", days="working_days", end="due_on")


def fee_notices_recompute(*, year: int, actor, reason: str, today: dt.date | None = None) -> list[str]:
    """Recompute the deadline of every unpaid notice still running whose period touches ``year`` (the year's
    holiday arrangement was entered), by :func:`zhicheng.workcalendar.services.working_day_deadlines_recompute`.
    Registered with ``workcalendar.services.deadline_recomputer_register``; each move is audited
    (``fee.recompute``). Returns one line per move."""
    return working_day_deadlines_recompute(
        rows=FeeNotice.objects.select_related("plan__committee__organisation"), period=FEE_PERIOD, year=year,
        actor=actor, reason=reason, today=today, action="fee.recompute",
        runs=lambda notice: not notice.is_paid, organisation_of=lambda notice: notice.plan.committee.organisation,
        line_of=lambda notice: f"缴费通知 {notice.reference} 缴费截止日期",
    )


# -- bank reconciliation files ------------------------------------------------------------------------------------
COLUMNS = {
    "reference": ("缴费识别码", "识别码", "reference"),
    "amount": ("金额", "缴费金额", "到账金额", "交易金额", "amount"),
    "paid_on": ("缴费日期", "到账日期", "交易日期", "日期", "paiddate", "date"),
    "serial": ("银行流水号", "流水号", "交易流水号", "serial"),
}
COLUMN_LABELS = {"reference": "缴费识别码", "amount": "金额", "paid_on": "缴费日期", "serial": "银行流水号"}


@dataclass
class ReconFile:
    """A reconciliation file read: its name, SHA-256 and rows as ``[line, reference, amount, paid_on, serial]``
    (texts as in the file; ``line`` counts the file's rows from 1, the header being 1)."""

    file_name: str
    sha256: str
    lines: list[list] = field(default_factory=list)


@dataclass
class ReconRow:
    line: int
    reference: str
    amount_text: str
    paid_on_text: str
    serial_text: str
    reasons: list[str] = field(default_factory=list)
    notice: FeeNotice | None = None
    amount: Decimal | None = None
    paid_on: dt.date | None = None
    serial: str = ""

    @property
    def ok(self) -> bool:
        return not self.reasons

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)


def _header_key(text: str) -> str:
    return re.sub(r"[\s_（）()*]", "", unicodedata.normalize("NFKC", text)).lower()


def reconciliation_parse(*, data: bytes, file_name: str) -> ReconFile:
    """Read a bank reconciliation file (CSV or xlsx; cells as text). Its first row names the columns — 缴费识别码,
    金额, 缴费日期, 银行流水号 (or reference, amount, paid date, serial), in any order, other columns ignored.
    Raises ``FeeError`` with the reason (not CSV/xlsx, unreadable, too large, header missing, no rows)."""
    if len(data) > settings.FEE_IMPORT_MAX_BYTES:
        raise FeeError(f"文件过大（不超过 {settings.FEE_IMPORT_MAX_BYTES // 1024 // 1024} MB），请分批导入。")
    try:
        table = table_read(data=data, file_name=file_name, max_rows=settings.FEE_IMPORT_MAX_ROWS + 1)
    except TableReadError as exc:
        raise FeeError(str(exc) + "。") from None
    if not table:
        raise FeeError("文件中没有内容。")
    header = [_header_key(c) for c in table[0]]
    positions: dict[str, int] = {}
    for key, names in COLUMNS.items():
        wanted = {_header_key(n) for n in names}
        found = next((i for i, h in enumerate(header) if h in wanted), None)
        if found is not None:
            positions[key] = found
    missing = [COLUMN_LABELS[k] for k in COLUMNS if k not in positions]
    if missing:
        raise FeeError(
            f"文件第一行须为表头，列出：缴费识别码、金额、缴费日期、银行流水号（缺少：{'、'.join(missing)}）。"
        )
    lines = []
    for number, row in enumerate(table[1:], start=2):
        cells = [row[positions[k]] if positions[k] < len(row) else "" for k in COLUMNS]
        lines.append([number, *[c[:100] for c in cells]])
    if not lines:
        raise FeeError("文件只有表头，没有缴费记录。")
    return ReconFile(file_name=file_name[:200], sha256=hashlib.sha256(data).hexdigest(), lines=lines)


def _recon_reference(row: ReconRow, notices: dict) -> None:
    """The row's 缴费识别码: well formed, and one of the plan's notices (``row.notice``)."""
    reference = reference_normalize(row.reference)
    problem = reference_problem(reference)
    if problem:
        row.reasons.append(problem)
    else:
        row.notice = notices.get(reference)
        if row.notice is None:
            row.reasons.append("本计划没有该缴费识别码的缴费通知")


def _recon_amount_and_date(row: ReconRow, *, today: dt.date) -> None:
    """The amount (yuan, positive) and the payment date (readable, not after ``today``)."""
    row.amount = amount_parse(row.amount_text)
    if row.amount is None or row.amount <= 0:
        row.reasons.append("金额无法识别")
    row.paid_on = date_parse(row.paid_on_text)
    if row.paid_on is None:
        row.reasons.append("缴费日期无法识别")
    elif row.paid_on > today:
        row.reasons.append("缴费日期晚于今天")


def _recon_serial(row: ReconRow, *, number: int, seen: dict[str, int], known: set[str]) -> None:
    """The bank serial: present, new in the file (``seen``: serial → line) and in the system (``known``)."""
    row.serial = normalize_identifier(row.serial_text)[:64]
    if not row.serial:
        row.reasons.append("银行流水号为空")
    elif row.serial in seen:
        row.reasons.append(f"与第 {seen[row.serial]} 行的银行流水号重复")
    elif row.serial in known:
        row.reasons.append("该银行流水号已登记过（重复导入）")
    if row.serial and row.serial not in seen:
        seen[row.serial] = number


def _recon_against_notice(row: ReconRow, *, pending: dict[int, Decimal]) -> None:
    """Paid on or after the notice, exactly what is still due after the rows before (``pending``:
    notice id → yuan already matched in this file)."""
    if row.notice is not None and row.paid_on is not None and row.paid_on < row.notice.issued_on:
        row.reasons.append(f"缴费日期早于缴费通知日期（{_date(row.notice.issued_on)}）")
    if row.notice is not None and row.amount:
        outstanding = row.notice.outstanding - pending.get(row.notice.pk, ZERO)
        if outstanding <= 0:
            row.reasons.append("该缴费通知已缴清，不再登记（重复缴纳的款项请核实后按规定退回）")
        elif row.amount != outstanding:
            row.reasons.append(f"金额不符：应缴 {_yuan(outstanding)} 元，到账 {_yuan(row.amount)} 元")


def reconciliation_check(*, plan, lines: list[list], today: dt.date | None = None) -> list[ReconRow]:
    """Check every row of a reconciliation file against ``plan``'s notices, as if recorded in order.

    A row passes when its 缴费识别码 (normalised: full-width digits, spaces) is one of the plan's notices, its
    amount is exactly what is still due after the rows before it, its date is readable and not in the future,
    and its bank serial is new (in the system and in the file). Reads only; returns one ``ReconRow`` per line,
    with the Chinese reasons of a row that does not pass."""
    today = _today(today)
    refs = {reference_normalize(line[1]) for line in lines}
    notices = {n.reference: n for n in FeeNotice.objects.filter(plan=plan, reference__in=refs)
               .select_related("applicant", "case")}
    serials = {normalize_identifier(line[4])[:64] for line in lines} - {""}
    known = set(FeePayment.objects.filter(serial__in=serials).values_list("serial", flat=True))
    pending: dict[int, Decimal] = {}
    seen: dict[str, int] = {}
    rows = []
    for number, ref_text, amount_text, date_text, serial_text in lines:
        row = ReconRow(line=number, reference=ref_text, amount_text=amount_text, paid_on_text=date_text,
                       serial_text=serial_text)
        _recon_reference(row, notices)
        _recon_amount_and_date(row, today=today)
        _recon_serial(row, number=number, seen=seen, known=known)
        _recon_against_notice(row, pending=pending)
        if row.ok:
            pending[row.notice.pk] = pending.get(row.notice.pk, ZERO) + row.amount
        rows.append(row)
    return rows


@transaction.atomic
def reconciliation_apply(*, plan, actor, parsed: ReconFile, expected: list[int],
                         today: dt.date | None = None) -> tuple[FeeImport, list[ReconRow]]:
    """Record, in one transaction, the payments of the rows of ``parsed`` that pass :func:`reconciliation_check`.

    ``expected``: the line numbers that passed in the preview the office confirmed. The plan's notices are
    locked and the rows checked again; if the rows that pass are not exactly ``expected`` (a payment was
    recorded meanwhile, the file was imported twice), nothing is recorded and ``ImportChanged`` carries the new
    check. Raises ``FeeError`` when no row passes or ``actor`` is not the plan's committee office.
    Audited: each payment (``fee.payment_record``) and the import (``fee.import``). Returns the import and rows."""
    _check_office(actor, plan)
    list(FeeNotice.objects.select_for_update().filter(plan=plan).values_list("pk", flat=True))
    rows = reconciliation_check(plan=plan, lines=parsed.lines, today=today)
    passing = [r.line for r in rows if r.ok]
    if sorted(passing) != sorted(expected):
        raise ImportChanged(rows)
    if not passing:
        raise FeeError("文件中没有可以登记的缴费记录。")
    fee_import = FeeImport(plan=plan, file_name=parsed.file_name, sha256=parsed.sha256, rows=len(rows),
                           applied=len(passing), imported_by=actor)
    fee_import.full_clean()
    fee_import.save()
    for row in rows:
        if row.ok:
            notice = FeeNotice.objects.select_related("plan__committee__organisation", "case", "applicant").get(
                pk=row.notice.pk)
            _payment_add(notice=notice, actor=actor, amount=row.amount, paid_on=row.paid_on,
                         channel=PaymentChannel.BANK_TRANSFER, serial=row.serial, fee_import=fee_import,
                         note=f"对账文件第 {row.line} 行")
    audit_record(
        action="fee.import",
        actor=actor,
        organisation=plan.committee.organisation,
        obj=fee_import,
        detail={
            "plan": plan.title,
            "file": parsed.file_name,
            "sha256": parsed.sha256,
            "rows": len(rows),
            "applied": len(passing),
            "skipped": [{"line": r.line, "reason": r.reason} for r in rows if not r.ok][:200],
        },
    )
    return fee_import, rows

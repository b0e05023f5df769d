"""评审费 pages (decision 0035). Thin: selectors decide what a user may see (else 404), services what may
happen (a refusal becomes a message beside the field, never a 500)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.common.forms import form_add_error
from zhicheng.common.spreadsheet import XLSX_CONTENT_TYPE

from . import selectors as sel
from .exports import fee_notices_workbook
from .forms import ImportForm, PaymentForm, RefundForm
from .models import FeeStatus
from .providers import provider_get
from .services import (
    FeeError,
    ImportChanged,
    ReconFile,
    fee_payment_record,
    fee_refund_record,
    reconciliation_apply,
    reconciliation_check,
    reconciliation_parse,
)

SESSION_KEY = "fees_import"


@login_required
def index(request):
    """缴费管理: the office's plans that charge the fee."""
    plans = list(sel.fee_plans_managed_by(user=request.user))
    if not plans and not sel.committees_managed_by(user=request.user).exists():
        raise Http404
    return render(request, "fees/index.html", {"plans": plans})


def _plan(request, plan_id: int):
    return get_object_or_404(sel.fee_plans_managed_by(user=request.user), pk=plan_id)


def _status(request) -> str:
    status = request.GET.get("status", "")
    return status if status in FeeStatus.values else ""


@login_required
def plan(request, plan_id: int):
    """One plan's notices, filtered by status (links, no free text)."""
    plan = _plan(request, plan_id)
    today = timezone.localdate()
    counts = sel.status_counts(plan=plan, today=today)
    status = _status(request)
    return render(request, "fees/plan.html", {
        "plan": plan, "notices": sel.notices_of_plan(plan=plan, status=status, today=today), "status": status,
        "statuses": [(value, label, counts[value]) for value, label in FeeStatus.choices], "today": today,
        "imports": plan.fee_imports.select_related("imported_by")[:10],
    })


@login_required
def plan_export(request, plan_id: int):
    """缴费名单 as .xlsx: the notices the plan page lists under the same filter; the export is audited."""
    plan = _plan(request, plan_id)
    today = timezone.localdate()
    status = _status(request)
    notices = sel.notices_of_plan(plan=plan, status=status, today=today)
    filter_label = FeeStatus(status).label if status else "全部"
    data = fee_notices_workbook(plan=plan, notices=notices, filter_label=filter_label, today=today)
    audit_record(action="fee.exported", actor=request.user, organisation=plan.committee.organisation, obj=plan,
                 detail={"status": status or "all", "rows": len(notices)})
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="fees-plan-{plan.pk}-{today:%Y%m%d}.xlsx"'
    return response


@login_required
def notice(request, pk: int):
    """One notice: its payments and refunds; record a payment or a refund (``action`` says which)."""
    notice = get_object_or_404(sel.notices_visible_to_office(user=request.user), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    payment_form = PaymentForm(request.POST if action == "payment" else None, notice=notice, prefix="payment")
    refund_form = RefundForm(request.POST if action == "refund" else None, prefix="refund")
    try:
        if action == "payment" and payment_form.is_valid():
            d = payment_form.cleaned_data
            fee_payment_record(notice=notice, actor=request.user, amount=d["amount"], paid_on=d["paid_on"],
                               channel=d["channel"], serial=d["serial"], note=d["note"])
            messages.success(request, f"已登记 {notice.applicant.real_name} 的缴费 {d['amount']:.2f} 元。")
            return redirect("fees:notice", pk=notice.pk)
        if action == "refund" and refund_form.is_valid():
            d = refund_form.cleaned_data
            fee_refund_record(notice=notice, actor=request.user, amount=d["amount"], refunded_on=d["refunded_on"],
                              reason=d["reason"], serial=d["serial"])
            messages.success(request, f"已登记 {notice.applicant.real_name} 的退费 {d['amount']:.2f} 元。")
            return redirect("fees:notice", pk=notice.pk)
    except (ValidationError, FeeError) as exc:
        form_add_error(payment_form if action == "payment" else refund_form, exc)
    today = timezone.localdate()
    return render(request, "fees/notice.html", {
        "notice": notice, "status": notice.status_on(today), "today": today,
        "payments": notice.payments.select_related("recorded_by", "fee_import"),
        "refunds": notice.refunds.select_related("recorded_by"),
        "payment_form": payment_form, "refund_form": refund_form, "action": action,
        "provider": provider_get(notice.provider),
    })


@login_required
def import_file(request, plan_id: int):
    """导入银行对账文件: upload → every row's outcome (preview) → confirm: the rows that pass are recorded
    together, or none. The file's rows wait in the session between preview and confirmation."""
    plan = _plan(request, plan_id)
    form = ImportForm()
    rows = None
    parsed = None
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "preview":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                parsed = reconciliation_parse(data=upload.read(), file_name=upload.name)
            except FeeError as exc:
                form.add_error("file", exc.message)
            else:
                request.session[SESSION_KEY] = {"plan": plan.pk, "file_name": parsed.file_name,
                                                "sha256": parsed.sha256, "lines": parsed.lines}
                rows = reconciliation_check(plan=plan, lines=parsed.lines)
    elif action == "apply":
        kept = request.session.get(SESSION_KEY) or {}
        if kept.get("plan") != plan.pk or kept.get("sha256") != request.POST.get("sha256"):
            messages.error(request, "导入已失效，请重新上传对账文件。")
            return redirect("fees:import", plan_id=plan.pk)
        parsed = ReconFile(file_name=kept["file_name"], sha256=kept["sha256"], lines=kept["lines"])
        expected = [int(v) for v in request.POST.getlist("lines") if v.isdigit()]
        try:
            fee_import, rows = reconciliation_apply(plan=plan, actor=request.user, parsed=parsed, expected=expected)
        except ImportChanged as exc:
            messages.error(request, exc.message)
            rows = exc.rows
        except FeeError as exc:
            messages.error(request, exc.message)
            rows = reconciliation_check(plan=plan, lines=parsed.lines)
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(
                request,
                f"已按对账文件登记 {fee_import.applied} 笔缴费；未登记 {fee_import.rows - fee_import.applied} 行，"
                "原因见下表。",
            )
            return render(request, "fees/import.html", {"plan": plan, "form": ImportForm(), "rows": rows,
                                                        "done": fee_import})
    return render(request, "fees/import.html", {
        "plan": plan, "form": form, "rows": rows, "parsed": parsed,
        "passing": [r.line for r in rows if r.ok] if rows else [],
    })

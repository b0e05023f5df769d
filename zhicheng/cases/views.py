"""Work queues and case pages for staff. Thin: selectors decide what is visible (else 404),
services decide what may happen (a CaseError becomes a message, never a 500)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhicheng.common.search import search_criteria

from .constants import Decision
from .deadlines import cases_overdue_below, deadlines_attach
from .files import uploaded_file_inline
from .forms import BatchApproveForm, DecisionForm, FinalDecisionForm, QueueFilterForm
from .registry import approval_refusal, business_type_get
from .reminders import corrections_overdue_at
from .selectors import (
    case_actionable_step,
    case_decision_result_text,
    case_detail_data,
    case_queue,
    case_queue_next,
    case_return_parts,
    cases_visible_to,
    staff_membership,
)
from .services import case_decide, case_record_view, cases_batch_approve, correction_days_default
from .workflow import CaseError

RESULT_KEY = "cases_last_result"


def _result_remember(request, *, case, decision: str, organisation_id: int) -> None:
    """After a decision: what it did to whom, and the next waiting case of the same queue, shown once
    at the top of the queue (issue 17, finding 5)."""
    nxt = case_queue_next(organisation_id=organisation_id, after=case)
    request.session[RESULT_KEY] = {
        "org": organisation_id, "case": case.pk, "text": case_decision_result_text(case=case, decision=decision),
        "next": nxt.pk if nxt else None,
        "next_label": f"{nxt.applicant.real_name} · {nxt.business_type_label}" if nxt else "",
    }


def _result_pop(request, organisation_id: int) -> dict | None:
    result = request.session.get(RESULT_KEY)
    if not result or result.get("org") != organisation_id:
        return None
    del request.session[RESULT_KEY]
    return result

PAGE_SIZE = 20


@login_required
def queue(request, org_id: int):
    membership = staff_membership(user=request.user, organisation_id=org_id)
    if membership is None:
        raise Http404
    organisation = membership.organisation
    # The search box takes ID numbers: it is posted, and the page's address carries only a token.
    criteria = search_criteria(request, scope=f"queue:{organisation.pk}")
    if criteria.redirect:
        return criteria.redirect
    if criteria.expired:
        messages.info(request, "查询条件已过期，请重新查询。")
    form = QueueFilterForm(criteria.data)
    filters = form.filters()
    page = Paginator(case_queue(organisation=organisation, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = deadlines_attach(cases=page.object_list)
    overdue_below = cases_overdue_below(organisation=organisation) if filters.scope == "waiting" else []
    corrections_overdue = corrections_overdue_at(organisation=organisation) if filters.scope == "waiting" else []
    return render(
        request,
        "cases/queue.html",
        {
            "organisation": organisation,
            "membership": membership,
            "form": form,
            "filters": filters,
            "page": page,
            "query": criteria.query,
            "can_batch": filters.scope == "waiting",
            "overdue_below": overdue_below,
            "result": _result_pop(request, organisation.pk),
            "corrections_overdue": corrections_overdue,
        },
    )


@login_required
@require_POST
def batch_approve(request, org_id: int):
    membership = staff_membership(user=request.user, organisation_id=org_id)
    if membership is None:
        raise Http404
    form = BatchApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请先勾选要审核通过的业务。")
    else:
        result = cases_batch_approve(
            case_ids=form.cleaned_data["cases"], actor=request.user, organisation=membership.organisation,
            opinion=form.cleaned_data.get("opinion") or "同意。",
        )
        if result.done:
            messages.success(request, f"已审核通过 {len(result.done)} 件。")
        if result.failed:
            messages.warning(
                request, f"{len(result.failed)} 件未能办理：" + "；".join(sorted({m for _, m in result.failed}))
            )
    return redirect(reverse("cases:queue", args=[org_id]))


def _viewing_org(user, case, history=None):
    """The organisation through which a staff member sees the case (for the audit record).
    ``history``: all the case's history rows in order, if already read."""
    org_ids = {org for org, _, _ in user.active_membership_rows}
    if case.current_organisation_id in org_ids:
        return case.current_organisation
    if history is not None:
        return next((h.organisation for h in history if h.organisation_id in org_ids), None)
    row = case.history.filter(organisation_id__in=org_ids).select_related("organisation").first()
    return row.organisation if row else None


@login_required
def detail(request, pk: int):
    case = get_object_or_404(
        cases_visible_to(user=request.user).select_related("applicant", "current_organisation"), pk=pk
    )
    data = case_detail_data(case=case)  # route, current step, history: read once
    viewing_org = _viewing_org(request.user, case, data.history)
    if viewing_org is None:  # the applicant's own case: their dashboard shows its route
        business = business_type_get(case.business_type)
        return redirect(business.applicant_url(case) if business.applicant_url else "common:home")
    step = case_actionable_step(case=case, user=request.user, current_step=data.current_step)
    business = business_type_get(case.business_type)
    record = business.record_of(case, request.user) if business.record_of else {}
    form = None
    if step is not None:
        posted = request.POST if request.method == "POST" else None
        returning = {"return_groups": case_return_parts(case=case, record=record),
                     "days_initial": correction_days_default(case=case)}
        if step.is_final:
            form = FinalDecisionForm(posted, initial={"expected_step": step.order}, business=business,
                                     taken_in=case.taken_in_at is not None, **returning)
        else:
            form = DecisionForm(posted, initial={"expected_step": step.order}, **returning)
        if request.method == "POST" and form.is_valid():
            decision = form.cleaned_data["decision"]
            if decision == Decision.GRANT and not form.cleaned_data.get("confirmed"):
                # The named decision that issues is made on its own screen, showing what it issues.
                return render(request, "cases/confirm.html", {
                    "case": case, "business": business, "step": step, "viewing_org": viewing_org, "form": form,
                    "preview": business.grant_preview(case) if business.grant_preview else [],
                })
            try:
                decided = case_decide(
                    case=case, actor=request.user, decision=decision,
                    opinion=form.cleaned_data["opinion"], expected_step=form.cleaned_data["expected_step"],
                    correction=form.correction() if decision == Decision.RETURN else None,
                )
            except CaseError as exc:
                messages.error(request, exc.message)
                return redirect("cases:detail", pk=case.pk)
            decided.applicant = case.applicant
            _result_remember(request, case=decided, decision=decision, organisation_id=step.organisation_id)
            return redirect("cases:queue", org_id=step.organisation_id)
    elif request.method == "POST":
        messages.error(request, "该业务已被处理，请刷新页面查看最新状态。")
        return redirect("cases:detail", pk=case.pk)
    if request.method == "GET":
        case_record_view(case=case, actor=request.user, organisation=viewing_org)
    extra = business.detail_context(case, request.user) if business.detail_context else {}
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "business": business,
            "route": data.route,
            "step": step,
            "form": form,
            "viewing_org": viewing_org,
            "record": record,
            # Why 审核通过 (转下一环节) is held back now, e.g. a 评前公示 still running (approval checks).
            "approval_held": approval_refusal(case=case, step=step) if step is not None and not step.is_final else None,
            **extra,
        },
    )


@login_required
def file_inline(request, kind: str, pk: int):
    """An uploaded file shown in the case page (an image, or a PDF page as PNG): the same rule as its
    download (zhicheng.cases.files.uploaded_file_visible_to); anything else is a 404."""
    try:
        page = int(request.GET.get("page") or 1)
    except ValueError:
        raise Http404 from None
    response = uploaded_file_inline(request, kind=kind, pk=pk, page=page, audit_action="case.file_view")
    if response is None:
        raise Http404
    return response

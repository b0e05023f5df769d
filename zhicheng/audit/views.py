"""The audit log viewer: search, detail, Excel export and chain verification (审计管理员 only)."""

from __future__ import annotations

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhicheng.common.search import SearchCriteria, search_criteria

from . import constants
from .exports import EXPORT_LIMIT, audit_events_workbook
from .forms import AuditSearchForm
from .models import AuditEvent
from .selectors import audit_action_choices, audit_event_search, audit_events_visible_to, user_is_audit_admin
from .services import audit_chain_check, audit_record, audit_record_read

PAGE_SIZE = 50
BREAKS_SHOWN = 50  # a rewritten chain breaks at every later row; the first ones say it all


def audit_admin_required(view):
    """Anonymous → login; anyone but the audit administrator → 404 (the page does not exist for them)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_is_audit_admin(request.user):
            audit_record(
                action=constants.ACCESS_DENIED, actor=request.user, result=AuditEvent.Result.DENIED,
                detail={"path": request.path},
            )
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _criteria(request) -> SearchCriteria:
    """The search is posted and kept under a token (zhicheng.common.search): any of its text boxes
    may be given an ID or phone number, which must not land in a URL, so they are read only from
    the POST or the token (dates, action and result may still come as plain GET parameters)."""
    return search_criteria(request, scope="audit", sensitive=AuditSearchForm.TEXT_FIELDS)


def _search_form(criteria: SearchCriteria) -> AuditSearchForm:
    return AuditSearchForm(criteria.data, actions=audit_action_choices())


@require_http_methods(["GET", "POST"])
@audit_admin_required
def event_list(request):
    criteria = _criteria(request)
    if criteria.redirect:
        return criteria.redirect
    if criteria.expired:
        messages.info(request, "查询条件已过期，请重新查询。")
    form = _search_form(criteria)
    page = None
    if not form.is_bound or form.is_valid():
        filters = form.cleaned_data if form.is_bound else {}
        paginator = Paginator(audit_event_search(user=request.user, filters=filters), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)  # read before this view is itself recorded
        audit_record_read(
            action=constants.VIEWED, actor=request.user,
            detail={"filters": form.active_filters(), "page": page.number, "matches": paginator.count},
        )
    query = criteria.query
    return render(request, "audit/event_list.html", {
        "form": form, "page": page, "query": query,
        "export_url": reverse("audit:export") + (f"?{query}" if query else ""),
        "export_limit": EXPORT_LIMIT,
    })


@require_GET
@audit_admin_required
def event_detail(request, pk: int):
    event = get_object_or_404(audit_events_visible_to(user=request.user), pk=pk)
    audit_record_read(action=constants.VIEWED, actor=request.user, obj=event, object_label=f"审计日志 #{event.pk}")
    detail_json = json.dumps(event.detail, ensure_ascii=False, indent=2, sort_keys=True)
    return render(request, "audit/event_detail.html", {
        "event": event, "detail_json": detail_json, "back": request.GET.get("back", ""),
    })


@require_GET
@audit_admin_required
def export(request):
    criteria = _criteria(request)
    form = _search_form(criteria)
    if form.is_bound and not form.is_valid():
        messages.error(request, "筛选条件有误，请修正后再导出。")
        return redirect(reverse("audit:events") + (f"?{criteria.query}" if criteria.query else ""))
    filters = form.cleaned_data if form.is_bound else {}
    result = audit_events_workbook(
        queryset=audit_event_search(user=request.user, filters=filters),
        filters=form.active_filters(), exporter_label=request.user.audit_label, limit=EXPORT_LIMIT,
    )
    audit_record(
        action=constants.EXPORTED, actor=request.user,
        detail={"filters": form.active_filters(), "rows": result.rows, "matches": result.total,
                "truncated": result.truncated},
    )
    filename = f"审计日志_{timezone.localtime():%Y%m%d_%H%M%S}.xlsx"
    response = FileResponse(
        result.file, as_attachment=True, filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["X-Export-Rows"] = str(result.rows)
    response["X-Export-Truncated"] = "1" if result.truncated else "0"
    return response


@require_POST
@audit_admin_required
def verify(request):
    report = audit_chain_check()
    breaks = report.breaks
    audit_record(
        action=constants.CHAIN_VERIFIED, actor=request.user,
        result=AuditEvent.Result.SUCCESS if not breaks else AuditEvent.Result.FAILURE,
        detail={"breaks": len(breaks), "first": [b.message for b in breaks[:20]], "rows": report.rows,
                "checkpoints": report.checkpoints, "first_bad_row": report.first_bad_row},
    )
    context = {
        "report": report, "breaks": breaks[:BREAKS_SHOWN], "more_breaks": max(0, len(breaks) - BREAKS_SHOWN),
        "checked_at": timezone.now(),
    }
    if request.htmx:
        return render(request, "audit/_verify_result.html", context)
    return render(request, "audit/verify.html", context)

"""Pages of the 评前公示: the public list and objection form, the unit's list, publishing from the
case page, resolving an objection. Thin: the rules are in ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.cases.selectors import cases_visible_to
from zhicheng.common.forms import form_add_error

from . import selectors as sel
from .forms import ObjectionForm, ObjectionResolveForm, PublishForm
from .services import (
    PreEvaluationError,
    notice_outcome,
    notice_publish,
    objection_lodge,
    objection_resolve,
)

PAGE_SIZE = 50


def notices(request):
    """评前公示 (public): running notices, filtered by unit name as typed."""
    q = (request.GET.get("unit") or "").strip()[:60]
    page = Paginator(sel.notices_public(q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "pre_evaluation/notices.html", {"page": page, "q": q})


@login_required
def objection_new(request, pk: int):
    notice = sel.notice_public_get(pk=pk)
    if notice is None:
        raise Http404
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objection_lodge(notice=notice, actor=request.user, text=form.cleaned_data["text"],
                            contact=form.cleaned_data["contact"])
        except ValidationError as exc:
            form_add_error(form, exc)
        except PreEvaluationError as exc:
            messages.error(request, exc.message)
            return redirect("pre_evaluation:notices")
        else:
            messages.success(request, f"您的异议已提交，{notice.organisation.name}将核实处理。")
            return redirect("pre_evaluation:notices")
    return render(request, "pre_evaluation/objection_form.html", {"form": form, "notice": notice})


@login_required
def unit_notices(request):
    """The notices of the personnel units where the user is a reviewer, with their objections and outcome."""
    if not sel.publishing_unit_ids(user=request.user):
        raise Http404
    today = timezone.localdate()
    rows = [(n, notice_outcome(notice=n, today=today)) for n in sel.notices_of_units(user=request.user, today=today)]
    return render(request, "pre_evaluation/unit_notices.html", {"rows": rows, "today": today})


@login_required
@require_POST
def publish(request, case_id: int):
    case = get_object_or_404(cases_visible_to(user=request.user), pk=case_id)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("cases:detail", pk=case.pk)
    try:
        notice = notice_publish(case=case, actor=request.user, working_days=form.cleaned_data["working_days"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PreEvaluationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"已发布 {notice.summary['name']} 的评前公示，公示期至 {notice.ends_on:%Y年%m月%d日}；"
            "期满无异议后即可报送。",
        )
    return redirect("cases:detail", pk=case.pk)


@login_required
def objection_resolve_view(request, pk: int):
    objection = sel.objection_managed_by(user=request.user, pk=pk)
    if objection is None:
        raise Http404
    form = ObjectionResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objection_resolve(objection=objection, actor=request.user, upheld=form.cleaned_data["decision"] == "upheld",
                              resolution=form.cleaned_data["resolution"])
        except ValidationError as exc:
            form_add_error(form, exc)
        except PreEvaluationError as exc:
            messages.error(request, exc.message)
            return redirect("pre_evaluation:unit_notices")
        else:
            messages.success(request, "异议处理结果已记录。")
            return redirect("cases:detail", pk=objection.notice.case_id)
    return render(request, "pre_evaluation/objection_resolve.html", {"objection": objection, "form": form})

"""Committee office pages: evaluation plans (评审计划) and eligibility conditions (申报条件).

Only staff of the committee's office see them; everybody else gets a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.common.forms import form_add_error

from . import services
from .constants import PlanStatus, TitleLevel
from .forms import PathFormSet, PlanForm, RuleSourceForm
from .models import FEE_FIELDS
from .selectors import committees_managed_by, eligibility_rules_for_committee, plans_visible_to
from .services import PATH_FIELDS


def _committee(request, committee_pk: int):
    return get_object_or_404(committees_managed_by(user=request.user), pk=committee_pk)


def _plan(request, pk: int):
    return get_object_or_404(plans_visible_to(user=request.user), pk=pk)


@login_required
def plans(request):
    committees = list(committees_managed_by(user=request.user))
    if not committees:
        raise Http404
    all_plans = list(plans_visible_to(user=request.user))
    groups = [(c, [p for p in all_plans if p.committee_id == c.pk]) for c in committees]
    return render(request, "catalog/plans.html", {"groups": groups})


PLAN_DEADLINE_FIELDS = (
    "unit_deadline", "supervisor_deadline", "acceptance_deadline", "correction_working_days", "reminder_working_days",
)


def _plan_values(form: PlanForm) -> dict:
    d = form.cleaned_data
    return {
        "year": d["year"], "title": d["title"], "opens_at": d["opens_at"], "closes_at": d["closes_at"],
        "levels": d["levels"], "specialties": list(d["specialties"]), "notes": d["notes"],
        "pledge_text": d["pledge_text"], "online_attachments_required": d["online_attachments_required"],
        "paper_first": d["paper_first"], "pre_evaluation_notice": d["pre_evaluation_notice"],
        **{name: d[name] for name in PLAN_DEADLINE_FIELDS},
        "fee": {name: d[name] for name in FEE_FIELDS},
    }


@login_required
def plan_create(request, committee_pk: int):
    committee = _committee(request, committee_pk)
    form = PlanForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(committee=committee, actor=request.user, **_plan_values(form))
        except ValidationError as e:
            form_add_error(form, e)
        else:
            messages.success(request, "评审计划已保存为草稿，发布后申报人即可在申报时间内选择本评委会。")
            return redirect("catalog:plan", pk=plan.pk)
    return render(request, "catalog/plan_form.html", {"form": form, "committee": committee, "plan": None})


@login_required
def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    return render(request, "catalog/plan_detail.html", {"plan": plan, "committee": plan.committee})


@login_required
def plan_edit(request, pk: int):
    plan = _plan(request, pk)
    if plan.status == PlanStatus.CLOSED:
        messages.error(request, "已关闭的评审计划不能修改，请先重新发布。")
        return redirect("catalog:plan", pk=plan.pk)
    initial = {
        "year": plan.year, "title": plan.title, "opens_at": plan.opens_at, "closes_at": plan.closes_at,
        "levels": plan.level_values, "specialties": list(plan.specialties.all()), "notes": plan.notes,
        "pledge_text": plan.pledge_text, "online_attachments_required": plan.online_attachments_required,
        "paper_first": plan.paper_first, "pre_evaluation_notice": plan.pre_evaluation_notice,
        **{name: getattr(plan, name) for name in PLAN_DEADLINE_FIELDS},
        **{name: getattr(plan, name) for name in FEE_FIELDS},
    }
    form = PlanForm(request.POST or None, committee=plan.committee, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(plan=plan, actor=request.user, **_plan_values(form))
        except ValidationError as e:
            form_add_error(form, e)
        else:
            messages.success(request, "评审计划已修改。")
            return redirect("catalog:plan", pk=plan.pk)
    return render(request, "catalog/plan_form.html", {"form": form, "committee": plan.committee, "plan": plan})


def _plan_status_change(request, pk: int, change, done: str):
    """Run ``change(plan=…, actor=…)`` on the office's plan ``pk``; ``done`` or the errors as a message,
    back to the plan."""
    plan = _plan(request, pk)
    try:
        change(plan=plan, actor=request.user)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    else:
        messages.success(request, done)
    return redirect("catalog:plan", pk=plan.pk)


@login_required
@require_POST
def plan_publish(request, pk: int):
    return _plan_status_change(
        request, pk, services.plan_publish, "评审计划已发布。申报时间内，申报人可选择本评委会申报。"
    )


@login_required
@require_POST
def plan_close(request, pk: int):
    return _plan_status_change(request, pk, services.plan_close, "评审计划已关闭，不再受理新的申报。")


# -- eligibility conditions ---------------------------------------------------------------------------
@login_required
def eligibility_rules(request, committee_pk: int):
    committee = _committee(request, committee_pk)
    rows = eligibility_rules_for_committee(committee=committee)
    return render(request, "catalog/eligibility_rules.html", {"committee": committee, "rows": rows})


@login_required
def eligibility_rule_edit(request, committee_pk: int, level: int):
    committee = _committee(request, committee_pk)
    if not committee.max_level <= level <= committee.min_level:
        raise Http404
    row = next(r for r in eligibility_rules_for_committee(committee=committee) if r["level"] == level)
    if request.method == "POST" and "reset" in request.POST:
        if services.eligibility_rule_reset(committee=committee, target_level=level, actor=request.user):
            messages.success(request, f"已恢复{TitleLevel(level).label}的全省默认申报条件。")
        return redirect("catalog:eligibility_rules", committee_pk=committee.pk)
    current = row["effective"]
    initial_paths = (
        [{name: getattr(p, name) for name in PATH_FIELDS} for p in current.paths.all()] if current else []
    )
    formset = PathFormSet(request.POST or None, initial=initial_paths, prefix="paths")
    source_form = RuleSourceForm(
        request.POST or None, initial={"source": row["own"].source if row["own"] else ""}
    )
    if request.method == "POST" and formset.is_valid() and source_form.is_valid():
        paths = [f.path_values() for f in formset.forms if f.cleaned_data]
        try:
            services.eligibility_rule_override(
                committee=committee, target_level=level, paths=paths, actor=request.user,
                source=source_form.cleaned_data["source"],
            )
        except ValidationError as e:
            formset_error = "；".join(e.messages)
            return render(request, "catalog/eligibility_rule_form.html", {
                "committee": committee, "row": row, "formset": formset, "source_form": source_form,
                "formset_error": formset_error,
            })
        messages.success(request, f"已保存本评委会{TitleLevel(level).label}申报条件。")
        return redirect("catalog:eligibility_rules", committee_pk=committee.pk)
    return render(request, "catalog/eligibility_rule_form.html", {
        "committee": committee, "row": row, "formset": formset, "source_form": source_form,
    })

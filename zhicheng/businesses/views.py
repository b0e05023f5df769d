"""Applicant pages of the businesses. Thin: forms validate input, services do the writes
(and refuse when the profile is not stored), selectors decide what is visible (else 404).

Staff act on these cases through the engine's queue and detail pages (``cases:``), which show
the business-specific part through the registered ``detail_template``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhicheng.cases.files import uploaded_file_download
from zhicheng.cases.selectors import case_route, returned_entry_of
from zhicheng.cases.workflow import CaseError
from zhicheng.common.forms import form_add_error
from zhicheng.common.net import client_ip
from zhicheng.orgs.selectors import (
    PROVINCE_CODE,
    personnel_unit_get,
    personnel_units_search,
    regions_cities,
    regions_counties,
)

from . import forms, services
from .business import detail_context
from .constants import BUSINESS_BY_CODE, BusinessCode
from .selectors import (
    BUSINESS_ROWS_LIMIT,
    EXTERNAL_SCAN_KIND,
    achievements_of,
    applicant_business_case_queryset,
    applicant_business_cases,
    applicant_case_get,
    applicant_status_text,
    business_object_of,
    businesses_for,
    committee_offers,
    open_unit_change_of,
    pledge_digest,
    pledge_text_for,
    precheck,
    route_preview,
    stored_chain_of,
)


def _not_stored(request, code: str | None = None):
    """Every business page refuses until the profile is stored (入库); POSTs change nothing."""
    messages.error(request, services.NotStored.default_message)
    spec = BUSINESS_BY_CODE.get(code) if code else None
    status = 403 if request.method == "POST" else 200
    return render(request, "businesses/not_stored.html", {"spec": spec}, status=status)


# -- overview -----------------------------------------------------------------------------------
@login_required
def index(request):
    """The businesses the applicant may start and every one of their business cases, a page of
    ``BUSINESS_ROWS_LIMIT`` at a time (the workbench shows only the latest page and links here)."""
    chain = stored_chain_of(user=request.user)
    page = Paginator(applicant_business_case_queryset(user=request.user), BUSINESS_ROWS_LIMIT).get_page(
        request.GET.get("page")
    )
    return render(request, "businesses/index.html", {
        "chain": chain,
        "businesses": businesses_for(user=request.user),
        "business_cases": applicant_business_cases(user=request.user, cases=list(page)),
        "business_cases_page": page,
    })


# -- the form of each business ------------------------------------------------------------------
def _form_for(code: str, request, *, data=None, files=None, initial=None):
    user = request.user
    if code == BusinessCode.EVALUATION:
        return forms.EvaluationForm(data, initial=initial, user=user, achievements=achievements_of(user=user))
    if code == BusinessCode.RECOGNITION:
        return forms.RecognitionForm(data, initial=initial, user=user)
    if code == BusinessCode.UNIT_CHANGE:
        return forms.UnitChangeForm(data, initial=initial)
    if code == BusinessCode.REPLACEMENT:
        return forms.ReplacementForm(data, initial=initial, user=user)
    if code == BusinessCode.EXTERNAL:
        return forms.ExternalForm(data, files, initial=initial)
    raise Http404


def _initial_of(case) -> dict:
    obj = business_object_of(case=case)
    if obj is None:
        return {}
    code = case.business_type
    if code in (BusinessCode.EVALUATION, BusinessCode.RECOGNITION):
        initial = {"series": obj.series_id, "specialty": obj.specialty_id, "level": obj.level,
                   "qualification": obj.qualification_id, "materials": obj.materials, "pledge": obj.pledge_confirmed}
        if code == BusinessCode.EVALUATION:
            initial.update({"committee": obj.committee_id, "achievements": obj.selected_achievement_ids})
        return initial
    if code == BusinessCode.UNIT_CHANGE:
        return {"unit": obj.to_unit_id, "reason": obj.reason}
    if code == BusinessCode.REPLACEMENT:
        return {"certificate": obj.certificate_id, "reason": obj.reason, "explanation": obj.explanation}
    if code == BusinessCode.EXTERNAL:
        return {"province": obj.province, "issuing_authority": obj.issuing_authority,
                "qualification": obj.qualification_id, "document_number": obj.document_number,
                "obtained_on": obj.obtained_on}
    return {}


def _save(code: str, request, form, case):
    d = form.cleaned_data
    actor = request.user
    if code == BusinessCode.EVALUATION:
        app = services.evaluation_save(
            actor=actor, case=case, series=d["series"], specialty=d["specialty"], level=d["level"],
            qualification=d["qualification"], committee=d["committee"], selected_achievement_ids=d["achievements"],
            materials=d["materials"], pledge_confirmed=d["pledge"],
        )
    elif code == BusinessCode.RECOGNITION:
        app = services.recognition_save(
            actor=actor, case=case, series=d["series"], specialty=d["specialty"], level=d["level"],
            qualification=d["qualification"], materials=d["materials"], pledge_confirmed=d["pledge"],
        )
    elif code == BusinessCode.UNIT_CHANGE:
        unit = personnel_unit_get(pk=d["unit"])
        if unit is None:
            raise ValidationError({"unit": "所选单位不存在或已停用，请重新选择。"})
        app = services.unit_change_save(actor=actor, case=case, to_unit=unit, reason=d["reason"])
    elif code == BusinessCode.REPLACEMENT:
        app = services.replacement_save(
            actor=actor, case=case, certificate=d["certificate"], reason=d["reason"], explanation=d["explanation"]
        )
    else:
        app = services.external_save(
            actor=actor, case=case, province=d["province"], issuing_authority=d["issuing_authority"],
            qualification=d["qualification"], document_number=d["document_number"], obtained_on=d["obtained_on"],
            uploaded=d.get("file"),
        )
    return app.case


SUBMIT = {
    BusinessCode.EVALUATION: services.evaluation_submit,
    BusinessCode.RECOGNITION: services.recognition_submit,
    BusinessCode.UNIT_CHANGE: services.unit_change_submit,
    BusinessCode.REPLACEMENT: services.replacement_submit,
    BusinessCode.EXTERNAL: services.external_submit,
}


def _form_context(code: str, request, form, case=None) -> dict:
    ctx = {"spec": BUSINESS_BY_CODE[code], "code": code, "form": form, "case": case,
           "chain": stored_chain_of(user=request.user), "pledge_text": forms.PLEDGE_TEXT}
    if code in (BusinessCode.EVALUATION, BusinessCode.RECOGNITION):
        ctx.update(_choice_context(code, request, form))
    if code == BusinessCode.UNIT_CHANGE:
        ctx.update(_unit_search_context(request, form))
    if code == BusinessCode.EXTERNAL and case is not None:
        ctx["app"] = business_object_of(case=case)
    ctx["route_preview"] = _route_preview(code, ctx, form)
    if case is not None:
        ctx["route"] = case_route(case=case)
        ctx["status_text"] = applicant_status_text(case)
        ctx["returned_entry"] = returned_entry_of(ctx["route"]) if case.status == "returned" else None
    return ctx


def _route_preview(code: str, ctx: dict, form) -> list:
    """The steps this application would take, from what the form has chosen so far (``route_preview``):
    the one source of the page's 办理流程 line and its 您的链条 box."""
    committee = level = certificate = None
    if code == BusinessCode.EVALUATION:
        committee = next((o.committee for o in ctx.get("offers", [])
                          if str(o.committee.pk) == ctx.get("selected_committee")), None)
    if code == BusinessCode.RECOGNITION:
        level = form.values.get("level")
    if code == BusinessCode.REPLACEMENT:
        raw = form.data.get("certificate") if form.is_bound else form.initial.get("certificate")
        raw = getattr(raw, "pk", raw)
        certificate = next((c for c in form.fields["certificate"].queryset if str(c.pk) == str(raw or "")), None)
    return route_preview(code=code, chain=ctx["chain"], committee=committee, level=level, certificate=certificate,
                         to_unit=ctx.get("chosen"))


def _choice_context(code: str, request, form) -> dict:
    v = form.values
    ctx: dict = {"offers": [], "precheck": None, "selected_committee": ""}
    if code == BusinessCode.EVALUATION:
        chain = stored_chain_of(user=request.user)
        region = chain.personnel_unit.region_id if chain.is_stored else None
        ctx["offers"] = committee_offers(specialty=v["specialty"], level=v["level"], region_code=region)
        raw = form.data.get("committee") if form.is_bound else form.initial.get("committee")
        ctx["selected_committee"] = str(raw or "")
        if not ctx["selected_committee"]:
            internal = [o for o in ctx["offers"] if not o.is_external]
            if len(internal) == 1:
                ctx["selected_committee"] = str(internal[0].committee.pk)
        chosen = next((o.committee for o in ctx["offers"] if str(o.committee.pk) == ctx["selected_committee"]), None)
        ctx["plan_pledge_text"] = pledge_text_for(committee=chosen, specialty=v["specialty"], level=v["level"])
        ctx["plan_pledge_digest"] = pledge_digest(ctx["plan_pledge_text"])
    if v["level"]:
        committee = None
        if ctx["selected_committee"].isdigit():
            committee = next((o.committee for o in ctx["offers"] if str(o.committee.pk) == ctx["selected_committee"]),
                             None)
        ctx["precheck"] = precheck(user=request.user, level=v["level"], series=v["series"], committee=committee,
                                   specialty=v["specialty"], qualification=v["qualification"])
    return ctx


def _unit_search_context(request, form) -> dict:
    src = request.POST if request.method == "POST" else request.GET
    city = src.get("city", "")
    county = src.get("county", "")
    if county and county[:4] != city[:4]:
        county = ""
    q = src.get("q", "")[:50]
    region = county or city
    raw = form.data.get("unit") if form.is_bound else form.initial.get("unit")
    chosen = personnel_unit_get(pk=raw) if str(raw or "").isdigit() else None
    return {
        "cities": regions_cities(),
        "counties": regions_counties(city_code=city) if city and city != PROVINCE_CODE else [],
        "city": city,
        "county": county,
        "q": q,
        "region": region,
        "units": personnel_units_search(region_code=region, q=q),
        "selected": str(chosen.pk) if chosen else "",
        "chosen": chosen,
        "PROVINCE_CODE": PROVINCE_CODE,
    }


def _handle(request, code: str, case=None):
    """GET shows the form; POST ``action``: refresh (no-JS cascade), save, or submit."""
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    if request.method == "POST" and action == "refresh":
        initial = {k: request.POST.get(k) for k in request.POST if k != "csrfmiddlewaretoken"}
        initial["achievements"] = request.POST.getlist("achievements")
        initial["pledge"] = bool(request.POST.get("pledge"))
        form = _form_for(code, request, initial=initial)
        return render(request, "businesses/form.html", _form_context(code, request, form, case))
    if request.method == "POST":
        form = _form_for(code, request, data=request.POST, files=request.FILES)
        if form.is_valid():
            if action == "submit" and "pledge" in form.fields and not form.cleaned_data.get("pledge"):
                form.add_error("pledge", services.PledgeRequired.default_message)
            else:
                saved = None
                try:
                    saved = _save(code, request, form, case)
                    if action == "submit" and code == BusinessCode.EVALUATION:
                        saved = services.evaluation_submit(
                            case=saved, actor=request.user, client_ip=client_ip(request),
                            pledge_shown_digest=request.POST.get("pledge_digest", ""),
                        )
                    elif action == "submit":
                        saved = SUBMIT[code](case=saved, actor=request.user)
                except ValidationError as exc:
                    form_add_error(form, exc)
                except CaseError as exc:
                    if isinstance(exc, services.NotStored):
                        return _not_stored(request, code)
                    messages.error(request, exc.message)
                    if saved is not None:  # saved as a draft, but not submitted
                        return redirect("businesses:case", pk=saved.pk)
                else:
                    if action == "submit":
                        messages.success(
                            request, f"已提交至{saved.current_organisation.name}审核。在该单位审核前，您可以撤回修改。"
                        )
                    else:
                        messages.success(request, "已保存。检查无误后请提交。")
                    return redirect("businesses:case", pk=saved.pk)
    else:
        form = _form_for(code, request, initial=_initial_of(case) if case else dict(request.GET.items()))
    return render(request, "businesses/form.html", _form_context(code, request, form, case))


@login_required
def start(request, code: str):
    if code not in BUSINESS_BY_CODE:
        raise Http404
    if not stored_chain_of(user=request.user).is_stored:
        return _not_stored(request, code)
    if code == BusinessCode.UNIT_CHANGE:
        existing = open_unit_change_of(user=request.user)
        if existing is not None:
            messages.info(request, "您已有一件正在办理的人事管理单位变更申请，同一时间只能办理一件。")
            return redirect("businesses:case", pk=existing.case_id)
    return _handle(request, code)


@login_required
def case(request, pk: int):
    obj = applicant_case_get(user=request.user, pk=pk)
    if obj is None:
        raise Http404
    if obj.is_editable:
        if not stored_chain_of(user=request.user).is_stored:
            return _not_stored(request, obj.business_type)
        return _handle(request, obj.business_type, case=obj)
    if request.method == "POST":
        messages.error(request, "该业务已提交，正在审核中，不能修改。")
        return redirect("businesses:case", pk=obj.pk)
    from zhicheng.cases.registry import business_type_get

    business = business_type_get(obj.business_type)
    ctx = {
        "case": obj, "business": business, "spec": BUSINESS_BY_CODE[obj.business_type],
        "route": case_route(case=obj), "status_text": applicant_status_text(obj),
        "can_withdraw": obj.status == "submitted" and obj.current_step_order == 0,
        **detail_context(obj, request.user),
    }
    if obj.business_type == "evaluation" and obj.status == "accepted":
        from zhicheng.committees.selectors import evaluation_outcome_of

        application = obj.evaluation_application
        outcome = evaluation_outcome_of(application)
        ctx["evaluation"] = {"application": application, "outcome": outcome}
        ctx["status_text"] = applicant_status_text(obj, evaluation_outcome=outcome)
    return render(request, "businesses/case.html", ctx)


@login_required
@require_POST
def withdraw(request, pk: int):
    obj = applicant_case_get(user=request.user, pk=pk)
    if obj is None:
        raise Http404
    try:
        services.business_withdraw(case=obj, actor=request.user)
    except CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已撤回，业务回到草稿状态，修改后可重新提交。")
    return redirect("businesses:case", pk=obj.pk)


@login_required
@require_GET
def options(request, code: str):
    """htmx partial: the title choice (and committees, pre-check) for the values chosen so far."""
    if code not in (BusinessCode.EVALUATION, BusinessCode.RECOGNITION):
        raise Http404
    if not stored_chain_of(user=request.user).is_stored:
        return _not_stored(request, code)
    form = _form_for(code, request, initial=dict(request.GET.items()))
    ctx = {"code": code, "form": form, **_choice_context(code, request, form)}
    return render(request, "businesses/includes/title_choice.html", ctx)


@login_required
def external_file(request, pk: int):
    """The scanned certificate: the applicant's own as it is now, or for staff the scan the case
    was submitted with (zhicheng.cases.files: the one rule); otherwise 404."""
    response = uploaded_file_download(request, kind=EXTERNAL_SCAN_KIND, pk=pk,
                                      audit_action="business.external.file_view")
    if response is None:
        raise Http404
    return response

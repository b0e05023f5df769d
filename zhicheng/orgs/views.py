"""Unit pages: choosing a personnel unit (htmx fragments), 单位注册, and the HR bureau's units of its region."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from zhicheng.cases.models import Case
from zhicheng.cases.selectors import case_detail_data
from zhicheng.cases.workflow import CaseError
from zhicheng.common.forms import form_add_error
from zhicheng.common.shortcuts import office_index

from . import registration as reg_services
from . import selectors as org_selectors
from . import services as org_services
from .constants import OrgKind
from .forms import (
    RegistrationForm,
    UnitCreateForm,
    UnitDeactivateForm,
    UnitMergeForm,
    UnitMoveForm,
    UnitRenameForm,
)
from .models import Organisation, UnitRegistration
from .selectors import PROVINCE_CODE, personnel_units_search, regions_counties


@login_required
@require_GET
def region_counties(request):
    """<option>s of the counties of a city (for the county select)."""
    city = request.GET.get("city", "")
    counties = regions_counties(city_code=city) if city and city != PROVINCE_CODE else []
    return render(request, "orgs/county_options.html", {"counties": counties, "city": city})


@login_required
@require_GET
def unit_search(request):
    """The personnel units of a region matching ``q`` (name, full pinyin or initials)."""
    city = request.GET.get("city", "")
    county = request.GET.get("county", "")
    if county and county[:4] != city[:4]:  # the city changed before the county list was refreshed
        county = ""
    region = county or city
    q = request.GET.get("q", "")[:50]
    units = personnel_units_search(region_code=region, q=q)
    return render(
        request, "orgs/unit_results.html",
        {"units": units, "region": region, "q": q, "selected": request.GET.get("selected", "")},
    )


# -- 单位注册 (unit registration): the person acting for a unit ----------------------------------


def _registration_initial(reg: UnitRegistration) -> dict:
    return {
        "name": reg.name, "credit_code": reg.credit_code, "region": reg.region_id, "unit_type": reg.unit_type,
        "holds_personnel_files": reg.holds_personnel_files, "supervising_unit": reg.supervising_unit_id,
        "scope_note": reg.scope_note, "contact_name": reg.contact_name, "contact_phone": reg.contact_phone,
    }


@login_required
def registrations(request):
    """The registrations the signed-in person made for units, and the way to start one."""
    rows = UnitRegistration.objects.filter(applicant=request.user).select_related("case", "organisation", "region")
    return render(request, "orgs/registrations.html", {"registrations": rows})


def _registration_form_page(request, *, case: Case | None, reg: UnitRegistration | None):
    editable = case is None or case.is_editable
    form = RegistrationForm(request.POST or None, request.FILES or None,
                            initial=_registration_initial(reg) if reg else None)
    if request.method == "POST" and editable and form.is_valid():
        try:
            reg = reg_services.registration_save(actor=request.user, case=case, data=form.cleaned_data,
                                                 uploaded=form.cleaned_data.get("file"))
            if request.POST.get("action") == "submit":
                reg_services.registration_submit(case=reg.case, actor=request.user)
                messages.success(request, "注册申请已提交，请等待审核。审核结果将以站内消息和短信通知您。")
            else:
                messages.success(request, "已保存。")
            return redirect("orgs:registration", pk=reg.case_id)
        except ValidationError as exc:
            form_add_error(form, exc)
        except CaseError as exc:
            form_add_error(form, ValidationError(exc.message))
    data = case_detail_data(case=case) if case else None
    return render(request, "orgs/registration_form.html", {
        "form": form, "case": case, "registration": reg, "editable": editable, "route": data.route if data else [],
        "history": [h for h in data.history if h.opinion] if data else [],
    })


@login_required
def registration_new(request):
    return _registration_form_page(request, case=None, reg=None)


@login_required
def registration(request, pk: int):
    case = get_object_or_404(Case, pk=pk, applicant=request.user, business_type=reg_services.BUSINESS)
    reg = get_object_or_404(UnitRegistration, case=case)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        from zhicheng.cases.services import case_withdraw

        try:
            case_withdraw(case=case, actor=request.user)
            messages.success(request, "已撤回，可修改后重新提交。")
        except CaseError as exc:
            messages.error(request, exc.message)
        return redirect("orgs:registration", pk=case.pk)
    return _registration_form_page(request, case=case, reg=reg)


@login_required
def registration_letter(request, pk: int):
    from zhicheng.cases.files import uploaded_file_download

    response = uploaded_file_download(request, kind=reg_services.LETTER_KIND, pk=pk,
                                      audit_action="unit_registration.letter_download")
    if response is None:
        raise Http404
    return response


# -- HR bureaus: the units of their region -------------------------------------------------------


def _bureau(request, bureau_id: int):
    return get_object_or_404(org_selectors.bureaus_managed_by(user=request.user), pk=bureau_id)


@login_required
def bureau_index(request):
    return office_index(request, org_selectors.bureaus_managed_by(user=request.user), url_name="orgs:bureau_units",
                        url_kwarg="bureau_id", template="orgs/bureau_index.html", context_name="bureaus")


@login_required
def bureau_units(request, bureau_id: int):
    """The bureau's region: every personnel unit with its waiting cases, the oldest wait and
    whether anyone can act (units nobody acts for, with cases waiting, first)."""
    bureau = _bureau(request, bureau_id)
    only_waiting = request.GET.get("waiting") == "1"
    units = org_selectors.region_units_overview(bureau=bureau, only_waiting=only_waiting)
    unattended = [u for u in units if u.waiting and not u.can_act and u.is_active]
    return render(request, "orgs/bureau_units.html", {
        "bureau": bureau, "units": units, "unattended": unattended, "only_waiting": only_waiting,
    })


@login_required
def bureau_unit_new(request, bureau_id: int):
    bureau = _bureau(request, bureau_id)
    form = UnitCreateForm(
        request.POST or None,
        regions=org_selectors.regions_of_bureau(bureau=bureau).select_related("parent"),
        initial={"region": bureau.region_id, "unit_type": "nonpublic_point"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = org_services.unit_create(actor=request.user, bureau=bureau, **form.cleaned_data)
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            messages.success(request, f"已设立{unit.name}。")
            return redirect("orgs:bureau_unit", bureau_id=bureau.pk, unit_id=unit.pk)
    return render(request, "orgs/bureau_unit_new.html", {"bureau": bureau, "form": form})


@login_required
def bureau_unit(request, bureau_id: int, unit_id: int):
    """One unit of the region: rename, move to another supervising unit, merge, deactivate."""
    from .registration import supervising_units_for

    bureau = _bureau(request, bureau_id)
    unit = get_object_or_404(org_selectors.units_of_bureau(bureau=bureau).select_related(
        "region__parent", "supervising_unit", "merged_into"), pk=unit_id)
    others = (
        org_selectors.units_of_bureau(bureau=bureau).filter(is_active=True).exclude(pk=unit.pk).order_by("name_pinyin")
    )
    supervisors = supervising_units_for(region=unit.region) | Organisation.objects.filter(
        kind=OrgKind.HR_BUREAU, region_id=unit.region_id)
    action = request.POST.get("action") if request.method == "POST" else None
    rename = UnitRenameForm(request.POST if action == "rename" else None, prefix="rename", initial={"name": unit.name})
    move = UnitMoveForm(request.POST if action == "move" else None, prefix="move", choices=supervisors.distinct())
    merge = UnitMergeForm(request.POST if action == "merge" else None, prefix="merge", targets=others)
    deactivate = UnitDeactivateForm(
        request.POST if action == "deactivate" else None, prefix="deactivate", targets=others
    )
    forms_by_action = {"rename": rename, "move": move, "merge": merge, "deactivate": deactivate}
    form = forms_by_action.get(action)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "rename":
                org_services.unit_rename(actor=request.user, bureau=bureau, unit=unit, name=data["name"])
                messages.success(request, f"已更名为{data['name']}，原名称保留在更名记录中。")
            elif action == "move":
                org_services.unit_move(
                    actor=request.user, bureau=bureau, unit=unit, supervising_unit=data["supervising_unit"]
                )
                messages.success(request, f"主管单位已改为{data['supervising_unit'].name}。")
            elif action == "merge":
                counts = org_services.unit_merge(actor=request.user, bureau=bureau, source=unit, target=data["target"],
                                                 reason=data["reason"])
                messages.success(
                    request,
                    f"已将{unit.name}并入{data['target'].name}：转入待审核业务 {counts['waiting_cases']} 件、"
                    f"已入库人员 {counts['stored_people']} 人，已通知 {counts['notified']} 人。",
                )
            else:
                counts = org_services.unit_deactivate(
                    actor=request.user, bureau=bureau, unit=unit, reason=data["reason"], target=data["target"]
                )
                messages.success(
                    request,
                    f"已停用{unit.name}"
                    + (
                        f"，转入待审核业务 {counts['waiting_cases']} 件、已入库人员 {counts['stored_people']} 人。"
                        if counts
                        else "。"
                    ),
                )
            return redirect("orgs:bureau_unit", bureau_id=bureau.pk, unit_id=unit.pk)
        except ValidationError as exc:
            form_add_error(form, exc)
    return render(request, "orgs/bureau_unit.html", {
        "bureau": bureau, "unit": unit, "rename": rename, "move": move, "merge": merge, "deactivate": deactivate,
        "names": unit.name_changes.all(), "staff": unit.memberships.filter(is_active=True).select_related("user"),
    })

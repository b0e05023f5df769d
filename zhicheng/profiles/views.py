"""Pages of personal information. Thin: services do the writes, selectors the reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhicheng.cases.constants import OPEN_STATUSES
from zhicheng.cases.files import uploaded_file_download
from zhicheng.cases.models import PROFILE_BUSINESS
from zhicheng.cases.selectors import (
    case_routes,
    cases_of_applicant,
    notifications_of,
    notifications_unread_count,
    notifications_with_unread_count,
    returned_entry_of,
)
from zhicheng.cases.services import notifications_mark_read
from zhicheng.cases.workflow import CaseError
from zhicheng.common.kept_pages import kept_page, person_scope
from zhicheng.orgs.selectors import (
    PROVINCE_CODE,
    personnel_unit_get,
    personnel_units_search,
    regions_cities,
    regions_counties,
)

from . import forms
from .constants import ProfileState
from .models import Achievement, Appraisal, Attachment, ContinuingEducation, EducationRecord, Profile, WorkRecord
from .selectors import (
    ATTACHMENT_KIND,
    profile_of,
    profile_open_case,
    profile_problems,
    profile_snapshot,
    profile_state,
    profile_stored_chain_of,
    profile_versions,
)
from .services import (
    attachment_upload,
    profile_basic_update,
    profile_get_or_create,
    profile_row_delete,
    profile_row_save,
    profile_submit,
    profile_unit_choose,
    profile_withdraw,
)


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    model: type
    form: type
    related: str
    intro: str


SECTIONS = {
    s.key: s
    for s in [
        Section("education", "学习经历", EducationRecord, forms.EducationForm, "educationrecord_rows",
                "从高中（中专）以后的学习经历填起，最高学历须填写。"),
        Section("work", "工作经历", WorkRecord, forms.WorkForm, "workrecord_rows",
                "按时间顺序填写参加工作以来的经历，目前所在单位的结束时间不填。"),
        Section("achievements", "业绩成果", Achievement, forms.AchievementForm, "achievement_rows",
                "项目、论文、获奖、专利逐条填写。入库后，申报职称时可从中选择要提交的业绩。"),
        Section("training", "继续教育", ContinuingEducation, forms.ContinuingEducationForm, "continuingeducation_rows",
                "按年度填写继续教育学时和内容。"),
        Section("appraisals", "年度考核", Appraisal, forms.AppraisalForm, "appraisal_rows",
                "填写近年的年度考核结果，每年一条。"),
    ]
}


_UNSET = object()
RECENT_CASES = 20


def _common(request, profile, active: str, open_case=_UNSET) -> dict:
    if open_case is _UNSET:
        case = profile_open_case(profile=profile) if profile else None
    else:
        case = open_case
    return {
        "profile": profile,
        "open_case": case,
        "state": profile_state(profile=profile, open_case=case),
        "editable": case is None or case.status != "submitted",
        "active": active,
        "sections": SECTIONS.values(),
        "ProfileState": ProfileState,
    }


def _profile_for(request):
    """The user's profile. Only a POST (a save) creates it: a GET shows an unsaved, empty one, so
    that opening a page changes nothing (no row, no audit event)."""
    if request.method == "POST":
        return profile_get_or_create(user=request.user)
    return profile_of(user=request.user) or Profile(user=request.user, gender=request.user.gender)


def _locked(request):
    messages.error(request, "个人基本信息正在审核中，不能修改。如需修改，请在人事管理单位审核前撤回。")
    return redirect("profiles:dashboard")


@login_required
def dashboard(request):
    """The applicant's workbench: kept per person and served again until something it shows changes
    (zhicheng.common.kept_pages; the models it reads declare ``kept_pages_scopes``)."""
    return kept_page(request, name="workbench", scopes=[person_scope(request.user.pk)],
                     build=lambda: _dashboard_build(request))


def _dashboard_build(request):
    from zhicheng.businesses.selectors import (
        BUSINESS_ROWS_LIMIT,
        applicant_business_case_rows,
        applicant_business_cases,
        businesses_for,
    )

    profile = profile_of(user=request.user, for_workbench=True)
    business_rows = applicant_business_case_rows(user=request.user)
    business_ids = {case.pk for case in business_rows}
    recent = list(cases_of_applicant(user=request.user)[:RECENT_CASES])
    # the business list below shows those with their own status
    own_cases = [case for case in recent if case.pk not in business_ids]
    open_case = None
    if profile:
        # at most one open profile case (a unique constraint): reuse it if it is among the recent
        open_case = next((c for c in recent if c.business_type == PROFILE_BUSINESS and c.status in OPEN_STATUSES),
                         None)
        if open_case is None and len(recent) == RECENT_CASES:  # older cases not loaded: ask
            open_case = profile_open_case(profile=profile)
    ctx = _common(request, profile, "dashboard", open_case=open_case)
    need_route = business_rows + own_cases
    if open_case is not None and all(c.pk != open_case.pk for c in need_route):
        need_route.append(open_case)
    routes = case_routes(cases=need_route)  # every route on the page in two queries
    business_cases = applicant_business_cases(user=request.user, cases=business_rows, routes=routes)
    cases = [{"case": case, "route": routes[case.pk]} for case in own_cases]
    chain = profile_stored_chain_of(profile=profile)
    notifications, unread = notifications_with_unread_count(user=request.user)
    ctx.update(
        {
            "problems": profile_problems(profile=profile) if profile else [],
            "cases": cases,
            "notifications": notifications,
            "unread": unread,
            "open_route": routes[open_case.pk] if open_case else [],
            "returned_entry": None,
            "businesses": businesses_for(
                user=request.user, chain=chain,
                all_cases=business_rows if len(business_rows) < BUSINESS_ROWS_LIMIT else None,
            ),
            "business_cases": business_cases,
            "business_cases_more": len(business_rows) >= BUSINESS_ROWS_LIMIT,  # older ones: on the business page
            "chain": chain,
        }
    )
    if open_case is not None and open_case.status == "returned":
        ctx["returned_entry"] = returned_entry_of(ctx["open_route"])
    return render(request, "profiles/dashboard.html", ctx)


@login_required
def basic(request):
    profile = _profile_for(request)
    ctx = _common(request, profile, "basic")
    if request.method == "POST" and not ctx["editable"]:
        return _locked(request)
    form = forms.BasicForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            profile_basic_update(profile=profile, actor=request.user, data=form.save_data())
        except CaseError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "基本情况已保存。")
            return redirect("profiles:basic")
    ctx["form"] = form
    return render(request, "profiles/basic.html", ctx)


@login_required
def unit(request):
    profile = _profile_for(request)
    ctx = _common(request, profile, "unit")
    chosen = profile.draft_personnel_unit
    city = request.GET.get("city") or (chosen.region.city_code if chosen and chosen.region.level == "county" else
                                        (chosen.region_id if chosen else ""))
    county = request.GET.get("county", None)
    if county is None:
        county = chosen.region_id if chosen and chosen.region.level == "county" else ""
    q = request.GET.get("q", "")[:50]
    form = forms.UnitChooseForm(request.POST or None)
    if request.method == "POST":
        if not ctx["editable"]:
            return _locked(request)
        if form.is_valid():
            target = personnel_unit_get(pk=form.cleaned_data["unit"])
            if target is None:
                form.add_error("unit", "所选单位不存在或已停用，请重新选择。")
            else:
                try:
                    profile_unit_choose(profile=profile, actor=request.user, unit=target)
                except (CaseError, ValidationError) as exc:
                    messages.error(request, getattr(exc, "message", None) or "；".join(exc.messages))
                else:
                    messages.success(request, f"已选择人事管理单位：{target.name}。")
                    return redirect("profiles:unit")
        city = request.POST.get("city", city)
        county = request.POST.get("county", county)
    region = county or city
    ctx.update(
        {
            "form": form,
            "cities": regions_cities(),
            "counties": regions_counties(city_code=city) if city and city != PROVINCE_CODE else [],
            "city": city,
            "county": county,
            "q": q,
            "units": personnel_units_search(region_code=region, q=q),
            "region": region,
            "selected": str(chosen.pk) if chosen else "",
            "chosen": chosen,
            "PROVINCE_CODE": PROVINCE_CODE,
        }
    )
    return render(request, "profiles/unit.html", ctx)


@login_required
def section(request, key: str):
    spec = SECTIONS.get(key)
    if spec is None:
        raise Http404
    profile = _profile_for(request)
    ctx = _common(request, profile, key)
    rows = getattr(profile, spec.related).all() if profile.pk else spec.model.objects.none()
    instance = None
    edit_id = request.GET.get("edit") or request.POST.get("row")
    if edit_id:
        instance = get_object_or_404(rows, pk=edit_id if str(edit_id).isdigit() else 0)
    form = spec.form(request.POST or None, instance=instance, profile=profile)
    if request.method == "POST":
        if not ctx["editable"]:
            return _locked(request)
        if form.is_valid():
            try:
                profile_row_save(profile=profile, actor=request.user, row=form.instance)
            except (CaseError, ValidationError) as exc:
                messages.error(request, getattr(exc, "message", None) or "；".join(exc.messages))
            else:
                messages.success(request, f"{spec.label}已保存。")
                return redirect("profiles:section", key=key)
    ctx.update({"spec": spec, "rows": rows, "form": form, "instance": instance})
    return render(request, "profiles/section.html", ctx)


@login_required
@require_POST
def section_delete(request, key: str, pk: int):
    spec = SECTIONS.get(key)
    if spec is None:
        raise Http404
    profile = profile_get_or_create(user=request.user)
    row = get_object_or_404(getattr(profile, spec.related), pk=pk)
    try:
        profile_row_delete(profile=profile, actor=request.user, row=row)
    except CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已删除。")
    return redirect("profiles:section", key=key)


@login_required
def attachments(request):
    profile = _profile_for(request)
    ctx = _common(request, profile, "attachments")
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not ctx["editable"]:
            return _locked(request)
        if form.is_valid():
            try:
                attachment_upload(profile=profile, actor=request.user, kind=form.cleaned_data["kind"],
                                  uploaded=form.cleaned_data["file"])
            except (CaseError, ValidationError) as exc:
                messages.error(request, getattr(exc, "message", None) or "；".join(exc.messages))
            else:
                messages.success(request, "附件已上传。")
                return redirect("profiles:attachments")
    ctx.update({
        "form": form,
        "rows": profile.attachment_rows.filter(removed_at__isnull=True) if profile.pk else Attachment.objects.none(),
        "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
    })
    return render(request, "profiles/attachments.html", ctx)


@login_required
@require_POST
def attachment_remove(request, pk: int):
    profile = profile_get_or_create(user=request.user)
    row = get_object_or_404(profile.attachment_rows.filter(removed_at__isnull=True), pk=pk)
    try:
        profile_row_delete(profile=profile, actor=request.user, row=row)
    except CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "附件已移除。")
    return redirect("profiles:attachments")


@login_required
def attachment_download(request, pk: int):
    """The applicant's own attachment, or one a case was submitted with that reached the staff
    member's organisation (zhicheng.cases.files: the one rule); otherwise 404."""
    response = uploaded_file_download(request, kind=ATTACHMENT_KIND, pk=pk, audit_action="profile.attachment_view")
    if response is None:
        raise Http404
    return response


@login_required
def review(request):
    profile = profile_of(user=request.user)
    if profile is None:  # nothing filled in yet: the dashboard says where to start
        return redirect("profiles:dashboard")
    ctx = _common(request, profile, "review")
    ctx.update({"problems": profile_problems(profile=profile), "data": profile_snapshot(profile=profile)})
    return render(request, "profiles/review.html", ctx)


@login_required
@require_POST
def submit(request):
    profile = profile_get_or_create(user=request.user)
    try:
        case = profile_submit(profile=profile, actor=request.user)
    except CaseError as exc:
        messages.error(request, exc.message)
        return redirect("profiles:review")
    messages.success(request, f"已提交至{case.current_organisation.name}审核。在该单位审核前，您可以撤回修改。")
    return redirect("profiles:dashboard")


@login_required
@require_POST
def withdraw(request):
    profile = profile_get_or_create(user=request.user)
    try:
        profile_withdraw(profile=profile, actor=request.user)
    except CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已撤回，个人基本信息回到草稿状态，修改后可重新提交。")
    return redirect("profiles:dashboard")


@login_required
def versions(request):
    profile = profile_of(user=request.user)
    if profile is None:
        return redirect("profiles:dashboard")
    ctx = _common(request, profile, "versions")
    ctx["versions"] = profile_versions(profile=profile)
    return render(request, "profiles/versions.html", ctx)


@login_required
def version_detail(request, number: int):
    profile = profile_of(user=request.user)
    if profile is None:
        raise Http404
    version = get_object_or_404(profile_versions(profile=profile), number=number)
    ctx = _common(request, profile, "versions")
    ctx.update({"version": version, "data": version.data})
    return render(request, "profiles/version_detail.html", ctx)


#: Notifications per page of 消息通知.
NOTIFICATIONS_PAGE_SIZE = 20


@login_required
def notifications(request):
    """消息通知: every notification of the signed-in person, newest first, 20 a page; ``?show=unread``
    keeps the unread. Opening the page marks nothing read (the button does)."""
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(notifications_of(user=request.user, unread_only=unread_only),
                     NOTIFICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = _common(request, profile_of(user=request.user), "notifications")
    ctx.update({"page": page, "unread_only": unread_only, "unread": notifications_unread_count(user=request.user),
                "query": "show=unread" if unread_only else ""})
    return render(request, "profiles/notifications.html", ctx)


@login_required
@require_POST
def notifications_read(request):
    """全部标为已读, from the workbench's card or from 消息通知 (``back=list`` returns there)."""
    notifications_mark_read(user=request.user)
    if request.POST.get("back") == "list":
        return redirect("profiles:notifications")
    return redirect(reverse("profiles:dashboard") + "#notifications")

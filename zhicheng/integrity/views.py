"""Pages of the integrity records. Thin: the services decide, the selectors say who sees what (404 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from zhicheng.audit.services import audit_record
from zhicheng.common.exceptions import ServiceError
from zhicheng.common.forms import form_add_error

from .forms import FindingForm, ObjectionForm, ResolveForm
from .models import FindingStatus
from .selectors import (
    bar_for,
    findings_managed_by,
    findings_of,
    findings_visible_to,
    offices_of,
    pending_objection_of,
    record_target,
    recording_offices,
    revocable_certificates,
)
from .services import finding_record, may_resolve, objection_lodge, objection_resolve

PAGE_SIZE = 20


@login_required
def mine(request):
    """我的诚信档案: the person's own findings, the bar in force, an objection per finding in force."""
    findings = list(findings_of(user=request.user))
    bar = bar_for(user=request.user, on_date=timezone.localdate())
    return render(request, "integrity/mine.html", {"findings": findings, "bar": bar})


@login_required
@require_http_methods(["GET", "POST"])
def objection(request, pk: int):
    """The person's objection to one of their own findings (404 for anyone else's)."""
    finding = get_object_or_404(findings_of(user=request.user), pk=pk)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objection_lodge(finding=finding, actor=request.user, text=form.cleaned_data["text"])
        except (ValidationError, ServiceError) as exc:
            form_add_error(form, exc)
        else:
            messages.success(request, "异议已提交，记录单位处理后您将在本页看到处理意见。")
            return redirect("integrity:mine")
    return render(request, "integrity/objection.html", {"finding": finding, "form": form,
                                                        "may_object": finding.status == FindingStatus.IN_FORCE})


@login_required
def manage(request):
    """诚信档案 of the user's offices (HR bureau reviewers, committee offices); 404 for others."""
    if not offices_of(user=request.user):
        raise Http404
    qs = findings_managed_by(user=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "integrity/manage.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def finding(request, pk: int):
    """One finding for its recording office, with the pending objection's resolution form."""
    item = get_object_or_404(findings_managed_by(user=request.user), pk=pk)
    pending = pending_objection_of(item)
    resolvable = pending is not None and may_resolve(user=request.user, finding=item)
    form = ResolveForm(request.POST or None) if resolvable else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                objection_resolve(objection=pending, actor=request.user, upheld=form.cleaned_data["upheld"],
                                  resolution=form.cleaned_data["resolution"])
            except (ValidationError, ServiceError) as exc:
                form_add_error(form, exc)
            else:
                messages.success(request, "异议已处理。")
                return redirect("integrity:finding", pk=item.pk)
    return render(request, "integrity/finding.html", {
        "finding": item, "pending": pending, "form": form,
        "objections": item.objections.select_related("resolved_by").all(),
        "certificates": item.certificates.select_related("qualification").all(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def record(request, source: str, pk: int):
    """记入诚信档案, opened from a certificate (证书管理), a case (the case page) or an expert (专家库)."""
    target = record_target(source=source, pk=pk, actor=request.user)
    offices = recording_offices(actor=request.user, subject=target.subject) if target else []
    if not offices:
        raise Http404
    by_pk = {str(o.pk): o for o in offices}
    office = by_pk.get(request.POST.get("office", "")) or offices[0]
    certificates = list(revocable_certificates(office=office, subject=target.subject))
    initial = {"subject_role": target.role, "decided_on": timezone.localdate(),
               "certificates": [str(target.certificate.pk)] if target.certificate else []}
    form = FindingForm(request.POST or None, request.FILES or None, offices=offices, certificates=certificates,
                       initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = [c for c in certificates if str(c.pk) in set(data["certificates"])]
        try:
            item = finding_record(
                actor=request.user, office=by_pk[data["office"]], subject=target.subject, kind=data["kind"],
                facts=data["facts"], evidence=data["evidence"], rule=data["rule"], decided_on=data["decided_on"],
                bar_years=data["bar_years"], subject_role=data["subject_role"], certificates=chosen,
                case=target.case,
            )
        except (ValidationError, ServiceError) as exc:
            form_add_error(form, exc)
        else:
            messages.success(request, f"已记入诚信档案：{item.subject.real_name}，"
                                      f"限制至{item.bar_ends_on:%Y-%m-%d}（不含当日）。")
            return redirect("integrity:finding", pk=item.pk)
    return render(request, "integrity/record.html", {"target": target, "form": form, "certificates": certificates})


@login_required
def evidence(request, pk: int):
    """The finding's evidence, for its person and its office; a staff download is audited. 404 otherwise."""
    item = get_object_or_404(findings_visible_to(user=request.user), pk=pk)
    if item.subject_id != request.user.pk:
        audit_record(action="integrity.evidence_viewed", actor=request.user, organisation=item.organisation,
                     obj=item, object_label=item.audit_label, detail={"sha256": item.evidence_sha256})
    response = FileResponse(item.evidence.open("rb"), as_attachment=True, filename=item.evidence_name,
                            content_type=item.evidence_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response

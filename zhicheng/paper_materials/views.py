"""The paper materials page of a case (/papers/cases/<id>/): the record and the paper reviews, and for
the staff of the organisation where the case is now, the forms that record 收到 / 已核 / 已盖章 / 退还
and a 纸质材料审核 (decision 0032)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from zhicheng.cases.selectors import cases_visible_to
from zhicheng.common.forms import form_add_error

from .forms import PaperRecordForm, PaperReviewForm
from .services import (
    can_record_paper,
    case_plan,
    online_attachment_gaps,
    paper_material_record,
    paper_record_of,
    paper_review_choices,
    paper_review_record,
    paper_reviews_of,
)


@login_required
@require_http_methods(["GET", "POST"])
def case_papers(request, case_id: int):
    case = get_object_or_404(
        cases_visible_to(user=request.user).select_related("applicant", "current_organisation"), pk=case_id
    )
    can_record = can_record_paper(user=request.user, case=case)
    plan = case_plan(case=case)
    posted = request.POST.get("form", "material") if request.method == "POST" else None
    form = PaperRecordForm(request.POST if posted == "material" else None)
    review_form = PaperReviewForm(request.POST if posted == "review" else None,
                                  choices=paper_review_choices(case=case, plan=plan))
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if posted == "review" and review_form.is_valid():
            d = review_form.cleaned_data
            try:
                review = paper_review_record(case=case, actor=request.user, reference=d["reference"],
                                             reviewed_on=d["reviewed_on"], conclusion=d["conclusion"],
                                             materials_checked=d["materials_checked"], note=d["review_note"])
            except ValidationError as exc:
                form_add_error(review_form, exc)
            else:
                messages.success(request, f"已登记纸质材料审核（编号 {review.reference}）。")
                return redirect("paper_materials:case", case_id=case.pk)
        elif posted == "material" and form.is_valid():
            d = form.cleaned_data
            try:
                m = paper_material_record(case=case, actor=request.user, name=d["name"], step=d["step"],
                                          copies=d["copies"] or 1, note=d["note"])
            except ValidationError as exc:
                form_add_error(form, exc)
            else:
                messages.success(request, f"已登记“{m.name}”：{m.state_label}。")
                return redirect("paper_materials:case", case_id=case.pk)
    return render(request, "paper_materials/case.html", {
        "case": case, "rows": paper_record_of(case=case), "can_record": can_record, "form": form,
        "review_form": review_form, "reviews": paper_reviews_of(case=case), "plan": plan,
        "gaps": online_attachment_gaps(case=case, plan=plan) if case.submitted_at else [],
        "is_applicant": case.applicant_id == request.user.pk,
    })

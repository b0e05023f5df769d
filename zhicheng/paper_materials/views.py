"""The paper materials page of a case (/papers/cases/<id>/): the record, and for the staff of the
organisation where the case is now, the buttons that record 收到 / 已核 / 已盖章 / 退还."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from zhicheng.cases.selectors import cases_visible_to

from .forms import PaperRecordForm
from .services import can_record_paper, paper_material_record, paper_record_of


@login_required
@require_http_methods(["GET", "POST"])
def case_papers(request, case_id: int):
    case = get_object_or_404(
        cases_visible_to(user=request.user).select_related("applicant", "current_organisation"), pk=case_id
    )
    can_record = can_record_paper(user=request.user, case=case)
    form = PaperRecordForm(request.POST or None)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                m = paper_material_record(case=case, actor=request.user, name=d["name"], step=d["step"],
                                          copies=d["copies"] or 1, note=d["note"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"已登记“{m.name}”：{m.state_label}。")
                return redirect("paper_materials:case", case_id=case.pk)
    return render(request, "paper_materials/case.html", {
        "case": case, "rows": paper_record_of(case=case), "can_record": can_record, "form": form,
        "is_applicant": case.applicant_id == request.user.pk,
    })

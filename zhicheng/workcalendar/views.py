"""The system administrator's 工作日历 pages (/calendar/…): the years and their holiday arrangements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .forms import ArrangementForm, format_days
from .selectors import calendar_year_get, calendar_years_recent
from .services import calendar_arrangement_enter, can_manage_calendar

MIN_YEAR, MAX_YEAR = 2004, 2100


def _require_admin(request) -> None:
    if not can_manage_calendar(user=request.user):
        raise Http404


@login_required
def year_list(request):
    _require_admin(request)
    year = request.GET.get("year", "").strip()
    if year:
        if year.isdigit() and MIN_YEAR <= int(year) <= MAX_YEAR:
            return redirect("workcalendar:year", year=int(year))
        messages.error(request, f"请输入 {MIN_YEAR}–{MAX_YEAR} 之间的年度。")
    return render(request, "workcalendar/year_list.html", {"rows": calendar_years_recent(), "year_input": year})


@login_required
@require_http_methods(["GET", "POST"])
def year_detail(request, year: int):
    _require_admin(request)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    row = calendar_year_get(year=year)
    initial = {"holidays": format_days(row.holidays), "working_days": format_days(row.working_days),
               "document": row.calendar.document if row.calendar else ""}
    form = ArrangementForm(request.POST or None, initial=initial)
    changes: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            _, changes = calendar_arrangement_enter(
                actor=request.user, year=year, holidays=form.cleaned_data["holidays"],
                working_days=form.cleaned_data["working_days"], document=form.cleaned_data["document"],
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, f"已保存 {year} 年放假安排。" + (
                f"重新计算了 {len(changes)} 项期限：" + "；".join(changes) if changes else "没有需要调整的期限。"))
            return redirect("workcalendar:year", year=year)
    return render(request, "workcalendar/year_detail.html", {"row": row, "form": form, "year": year})

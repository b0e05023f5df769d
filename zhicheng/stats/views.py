"""统计分析 pages: thin; the figures come from ``selectors.stats_report_kept`` (counted at most every ten minutes)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from zhicheng.audit.services import audit_record
from zhicheng.common.shortcuts import office_index
from zhicheng.common.spreadsheet import XLSX_CONTENT_TYPE

from .charts import bar_chart
from .exports import stats_workbook
from .forms import StatsFilterForm
from .selectors import plans_for, stats_organisations_for, stats_report_kept


@login_required
def index(request):
    return office_index(request, stats_organisations_for(user=request.user), url_name="stats:report",
                        url_kwarg="org_id", template="stats/index.html", context_name="organisations")


def _prepare(request, org_id: int):
    organisation = get_object_or_404(stats_organisations_for(user=request.user), pk=org_id)
    form = StatsFilterForm(request.GET or None, plans=plans_for(organisation=organisation))
    filters = form.filters()
    return organisation, form, filters


def _filters_text(form) -> str:
    if not form.is_bound or not form.is_valid():
        return "筛选条件：全部"
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value not in (None, ""):
            shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
            parts.append(f"{field.label}：{shown}")
    return "筛选条件：" + ("；".join(parts) if parts else "全部")


@login_required
def report(request, org_id: int):
    organisation, form, filters = _prepare(request, org_id)
    result = stats_report_kept(organisation=organisation, filters=filters)
    charts = {
        "business": bar_chart([(r.label, r.count) for r in result.by_business], title="按业务类型的申报数"),
        "level": bar_chart([(r.label, r.count) for r in result.by_level], title="按级别的申报数"),
        "region": bar_chart([(r.label, r.count) for r in result.by_region[:15]], title="按地区的申报数"),
        "status": bar_chart([(r.label, r.count) for r in result.by_status], title="按状态的申报数"),
        "pass": bar_chart([(p.plan, p.rate) for p in result.pass_rates if p.rate is not None],
                          title="各评审计划通过率", unit="%"),
        "durations": bar_chart([(d.step, d.median_days) for d in result.durations], title="各环节办理天数中位数",
                               unit="天"),
    }
    query = urlencode({k: v for k, v in request.GET.items() if k in form.fields and v})
    return render(request, "stats/report.html", {
        "organisation": organisation, "form": form, "report": result, "charts": charts,
        "export_query": query, "filters_text": _filters_text(form),
        "kept_minutes": max(1, settings.STATS_KEPT_SECONDS // 60),
    })


@login_required
def export(request, org_id: int):
    organisation, form, filters = _prepare(request, org_id)
    result = stats_report_kept(organisation=organisation, filters=filters)
    title = f"{organisation.name} 职称业务统计（{timezone.localdate():%Y-%m-%d}导出）"
    data = stats_workbook(report=result, title=title, filters_text=_filters_text(form))
    audit_record(action="stats.exported", actor=request.user, organisation=organisation,
                 object_type="orgs.organisation", object_id=str(organisation.pk), object_label=organisation.name,
                 detail={"filters": _filters_text(form)})
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="stats-{organisation.pk}-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response

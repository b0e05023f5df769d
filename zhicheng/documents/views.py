"""Downloads of the paper forms. Each is checked by a selector (404 otherwise) and audited.

The PDFs are kept per version (decision 0025): a download serves the kept file of the current version,
rendering it only when that version was never rendered (``zhicheng.common.kept.kept_document``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from zhicheng.common.kept import kept_document, kept_file_response
from zhicheng.common.pdf import pdf_response
from zhicheng.common.spreadsheet import XLSX_CONTENT_TYPE

from .context import recognition_source
from .evaluation_form import evaluation_form_filename
from .kept import EVALUATION_FORM, RECOGNITION_FORM, SUMMARY_SHEET
from .recognition_form import recognition_form_filename
from .selectors import form_case_visible_to, plans_visible_to, viewing_organisation
from .services import document_download_record
from .summary_sheet import plan_applications, summary_sheet_filename, summary_sheet_xlsx


@login_required
@require_GET
def evaluation_form(request, case_id: int):
    case = form_case_visible_to(user=request.user, pk=case_id, business_type="evaluation")
    if case is None or not hasattr(case, "evaluation_application"):
        raise Http404
    kept = kept_document(kind=EVALUATION_FORM, obj=case)
    document_download_record(
        actor=request.user, document="evaluation_form", obj=case,
        organisation=viewing_organisation(user=request.user, case=case), detail={"full_id_number": True},
    )
    return kept_file_response(kept, filename=evaluation_form_filename(case))


@login_required
@require_GET
def recognition_form(request, case_id: int):
    case = form_case_visible_to(user=request.user, pk=case_id, business_type="recognition")
    source = recognition_source(case) if case is not None else None
    if source is None:
        raise Http404
    kept = kept_document(kind=RECOGNITION_FORM, obj=case)
    document_download_record(
        actor=request.user, document="recognition_form", obj=case,
        organisation=viewing_organisation(user=request.user, case=case), detail={"full_id_number": True},
    )
    return kept_file_response(kept, filename=recognition_form_filename(case))


@login_required
@require_GET
def summary_sheets(request):
    plans = list(plans_visible_to(user=request.user))
    if not plans:
        raise Http404
    for plan in plans:
        plan.listed = plan_applications(plan=plan).count()
    return render(request, "documents/summary_sheets.html", {"plans": plans})


def _plan_or_404(user, plan_id: int):
    plan = plans_visible_to(user=user).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


@login_required
@require_GET
def summary_sheet_pdf_view(request, plan_id: int):
    plan = _plan_or_404(request.user, plan_id)
    kept = kept_document(kind=SUMMARY_SHEET, obj=plan)
    document_download_record(actor=request.user, document="summary_sheet_pdf", obj=plan,
                             organisation=plan.committee.organisation)
    return kept_file_response(kept, filename=summary_sheet_filename(plan, "pdf"))


@login_required
@require_GET
def summary_sheet_xlsx_view(request, plan_id: int):
    plan = _plan_or_404(request.user, plan_id)
    data = summary_sheet_xlsx(plan=plan)
    document_download_record(actor=request.user, document="summary_sheet_xlsx", obj=plan,
                             organisation=plan.committee.organisation)
    return xlsx_response(data, filename=summary_sheet_filename(plan, "xlsx"))


def xlsx_response(data: bytes, *, filename: str) -> HttpResponse:
    """An Excel workbook as a private download named ``filename`` (not cached, not sniffed)."""
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
def blank_form_pdf_view(request, code: str):
    """A blank paper form as PDF, for anyone (no personal data: not audited)."""
    from .blank_forms import blank_form_get, blank_form_pdf

    form = blank_form_get(code)
    if form is None:
        raise Http404
    response = pdf_response(blank_form_pdf(code), filename=f"{form.filename_stem}.pdf")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def blank_form_docx_view(request, code: str):
    """A blank paper form as an editable Word file, for anyone."""
    from .blank_forms import blank_form_docx, blank_form_get

    form = blank_form_get(code)
    if form is None:
        raise Http404
    response = HttpResponse(blank_form_docx(code), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, f"{form.filename_stem}.docx")
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response

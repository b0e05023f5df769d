from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("cases/<int:case_id>/evaluation-form/", views.evaluation_form, name="evaluation_form"),
    path("cases/<int:case_id>/recognition-form/", views.recognition_form, name="recognition_form"),
    path("summary-sheets/", views.summary_sheets, name="summary_sheets"),
    path("plans/<int:plan_id>/summary-sheet.pdf", views.summary_sheet_pdf_view, name="summary_sheet_pdf"),
    path("plans/<int:plan_id>/summary-sheet.xlsx", views.summary_sheet_xlsx_view, name="summary_sheet_xlsx"),
    path("blank/<slug:code>.pdf", views.blank_form_pdf_view, name="blank_form_pdf"),
    path("blank/<slug:code>.docx", views.blank_form_docx_view, name="blank_form_docx"),
]

"""考核认定表 (recognition form): the paper form of a 考核认定申请 case, rendered from stored data.

The application is read through :func:`zhicheng.documents.context.recognition_source`, an adapter
over the case's business object (``businesses.RecognitionApplication``).
"""

from __future__ import annotations

from zhicheng.cases.models import Case
from zhicheng.common.pdf import render_pdf

from .context import RecognitionSource, recognition_form_context, recognition_source

TEMPLATE = "documents/recognition_form.html"


def recognition_form_pdf(*, case: Case, source: RecognitionSource | None = None) -> bytes:
    source = source or recognition_source(case)
    if source is None:
        raise LookupError("the case has no recognition application")
    return render_pdf(TEMPLATE, recognition_form_context(case=case, source=source))


def recognition_form_filename(case: Case) -> str:
    return f"考核认定表_{case.applicant.real_name}_{case.pk}.pdf"

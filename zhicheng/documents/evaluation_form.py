"""职称评审表 (evaluation form): the paper form of a 评审申请 case, rendered from stored data."""

from __future__ import annotations

from zhicheng.cases.models import Case
from zhicheng.common.pdf import render_pdf

from .context import evaluation_form_context

TEMPLATE = "documents/evaluation_form.html"


def evaluation_form_pdf(*, case: Case) -> bytes:
    """The form of a case that has an ``evaluation_application``."""
    return render_pdf(TEMPLATE, evaluation_form_context(case=case))


def evaluation_form_filename(case: Case) -> str:
    return f"职称评审表_{case.applicant.real_name}_{case.pk}.pdf"

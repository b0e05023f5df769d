"""The paper forms as kept documents (zhicheng/common/kept.py, decision 0025): each is rendered once per
version of what it prints and then served from storage.

What determines the bytes of each (its version, besides the templates' source):

* **评审表 / 考核认定表** (one per case): the case row's ``updated_at`` (every transition saves the case:
  a submission, each opinion, a return), its ``submitted_at``, the application row's ``updated_at`` and
  stored profile version (the record it was submitted with; the applicant's stored version in force when
  the application names none), and the applicant's name, sex, birth date, document type and the keyed
  digest of the ID number (the number itself is never part of a version).
* **一览表** (one per plan): the plan's title and committee, the day (it prints 制表日期), and per listed
  application its id, ``updated_at``, its case's ``updated_at``, profile version, qualification and
  specialty names and the applicant's name, sex and birth date — one query.

A case's form is rendered ahead by the worker after every transition of a submitted case (a transition
listener of the case engine, registered in :class:`~zhicheng.documents.apps.DocumentsConfig`).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhicheng.cases.models import Case
from zhicheng.catalog.models import EvaluationPlan
from zhicheng.common.kept import KeptKind, kept_kind_register, kept_render_on_commit

from .context import RecognitionSource, recognition_source
from .evaluation_form import TEMPLATE as EVALUATION_TEMPLATE
from .evaluation_form import evaluation_form_pdf
from .recognition_form import TEMPLATE as RECOGNITION_TEMPLATE
from .recognition_form import recognition_form_pdf
from .selectors import FORM_OF_BUSINESS
from .summary_sheet import plan_applications, summary_sheet_pdf

EVALUATION_FORM = "evaluation_form"
RECOGNITION_FORM = "recognition_form"
SUMMARY_SHEET = "summary_sheet_pdf"


def _applicant_inputs(case: Case) -> list:
    user = case.applicant
    return [user.pk, user.real_name, user.gender, user.birth_date, user.id_document_type, user.id_number_digest]


def _profile_version_id(*, case: Case, version_id: int | None) -> int | None:
    if version_id is not None:
        return version_id
    from zhicheng.profiles.models import Profile

    return Profile.objects.filter(user_id=case.applicant_id).values_list("stored_version_id", flat=True).first()


def _case_inputs(case: Case, application) -> list:
    return [
        case.pk, case.updated_at, case.submitted_at, application.pk, application.updated_at,
        _profile_version_id(case=case, version_id=application.profile_version_id), *_applicant_inputs(case),
    ]


# -- 评审表 -------------------------------------------------------------------------------------------
def _submitted_case(pk: int, business_type: str) -> Case | None:
    return (
        Case.objects.filter(pk=pk, business_type=business_type, submitted_at__isnull=False)
        .select_related("applicant").first()
    )


def evaluation_case_load(pk: int) -> Case | None:
    """A submitted 评审申请 case with its application, or None (what the 评审表 prints)."""
    case = _submitted_case(pk, "evaluation")
    return case if case is not None and hasattr(case, "evaluation_application") else None


def evaluation_form_inputs(case: Case) -> list:
    """The inputs of a case's 评审表 (see the module's docstring)."""
    return _case_inputs(case, case.evaluation_application)


# -- 考核认定表 ----------------------------------------------------------------------------------------
def recognition_case_load(pk: int) -> Case | None:
    """A submitted 考核认定申请 case whose business object the form can read, or None."""
    case = _submitted_case(pk, "recognition")
    return case if case is not None and recognition_source(case) is not None else None


def recognition_form_inputs(case: Case) -> list:
    """The inputs of a case's 考核认定表 (the business object is read once and kept on the case)."""
    return _case_inputs(case, case.business_object)


def _recognition_render(case: Case) -> bytes:
    source: RecognitionSource | None = recognition_source(case)
    return recognition_form_pdf(case=case, source=source)


# -- 一览表 -------------------------------------------------------------------------------------------
def summary_plan_load(pk: int) -> EvaluationPlan | None:
    return EvaluationPlan.objects.filter(pk=pk).select_related("committee").first()


def summary_sheet_inputs(plan: EvaluationPlan) -> list[Any]:
    """The inputs of a plan's 一览表 (one query): see the module's docstring."""
    rows = plan_applications(plan=plan).values_list(
        "pk", "updated_at", "case__updated_at", "profile_version_id", "qualification__name", "specialty__name",
        "applicant__real_name", "applicant__gender", "applicant__birth_date",
    )
    return [plan.pk, plan.title, plan.committee.name, timezone.localdate(), list(rows)]


# -- registration and the render ahead ----------------------------------------------------------------
def kept_forms_register() -> None:
    """Register the three kinds (called from ``DocumentsConfig.ready``)."""
    kept_kind_register(KeptKind(
        code=EVALUATION_FORM, label="职称评审表", load=evaluation_case_load, inputs=evaluation_form_inputs,
        render=lambda case: evaluation_form_pdf(case=case), templates=(EVALUATION_TEMPLATE,),
    ))
    kept_kind_register(KeptKind(
        code=RECOGNITION_FORM, label="考核认定表", load=recognition_case_load, inputs=recognition_form_inputs,
        render=_recognition_render, templates=(RECOGNITION_TEMPLATE,),
    ))
    kept_kind_register(KeptKind(
        code=SUMMARY_SHEET, label="一览表（PDF）", load=summary_plan_load, inputs=summary_sheet_inputs,
        render=lambda plan: summary_sheet_pdf(plan=plan), templates=("documents/summary_sheet.html",),
    ))


def form_render_ahead(*, case: Case, decision: str) -> None:
    """Transition listener: once a submitted 评审申请 / 考核认定申请 case changes (submission, an opinion, a
    return…), its form's new version is rendered by the worker after commit (if ``KEPT_RENDER_AHEAD``)."""
    kind = FORM_OF_BUSINESS.get(case.business_type)
    if kind is not None and case.submitted_at is not None:
        kept_render_on_commit(kind=kind, object_id=case.pk)

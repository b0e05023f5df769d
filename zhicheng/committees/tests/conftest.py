"""Accepted 评审申请 built with the ORM (the 评审申请 pages are built elsewhere), the demo expert
pool, and small helpers for the committees tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tests.world.cast import BUILDING_COMMITTEE
from zhicheng.cases.constants import CaseStatus, Decision, StepLabel
from zhicheng.cases.models import Case, CaseHistory, CaseStep
from zhicheng.cases.registry import _REGISTRY, BusinessType, business_type_register
from zhicheng.catalog.models import Committee, EvaluationPlan, Qualification, Specialty
from zhicheng.orgs.models import Organisation

EVALUATION = "evaluation"

if EVALUATION not in _REGISTRY:  # until the 评审申请 business registers itself
    business_type_register(BusinessType(code=EVALUATION, label="评审申请", route_builder=lambda case: []))


def building_committee() -> Committee:
    return Committee.objects.select_related("organisation", "managing_bureau").get(
        organisation__name=BUILDING_COMMITTEE
    )


def building_plan() -> EvaluationPlan:
    return EvaluationPlan.objects.filter(committee=building_committee()).order_by("-year").first()


def accepted_application(applicant, *, unit_name: str = "龙川县城乡建设投资有限公司", qualification: str = "高级工程师",
                         specialty: str = "建筑工程"):
    """An 评审申请 whose case went 人事管理单位 → 主管单位 → 评委会办公室 and was accepted."""
    from zhicheng.businesses.models import EvaluationApplication

    committee = building_committee()
    plan = building_plan()
    unit = Organisation.objects.get(name=unit_name)
    qual = Qualification.objects.get(series=committee.series, name=qualification)
    spec = Specialty.objects.get(series=committee.series, name=specialty)
    now = timezone.now()
    case = Case.objects.create(
        applicant=applicant, business_type=EVALUATION, status=CaseStatus.ACCEPTED,
        submitted_at=now - dt.timedelta(days=10), closed_at=now, summary=f"{qual.name}（{spec.name}）",
    )
    route = [
        (unit, StepLabel.PERSONNEL_UNIT, False), (unit.supervising_unit, StepLabel.SUPERVISING_UNIT, False),
        (committee.organisation, StepLabel.COMMITTEE_OFFICE, True),
    ]
    for order, (org, label, final) in enumerate(route):
        CaseStep.objects.create(case=case, order=order, organisation=org, label=label,
                                role="committee_office" if final else "reviewer", is_final=final)
    CaseHistory.objects.create(case=case, decision=Decision.SUBMIT, from_status=CaseStatus.DRAFT,
                               to_status=CaseStatus.SUBMITTED, step_order=0, step_label=StepLabel.PERSONNEL_UNIT,
                               organisation=unit, actor=applicant)
    CaseHistory.objects.create(case=case, decision=Decision.ACCEPT, from_status=CaseStatus.SUBMITTED,
                               to_status=CaseStatus.ACCEPTED, step_order=2, step_label=StepLabel.COMMITTEE_OFFICE,
                               organisation=committee.organisation, actor=applicant)
    application = EvaluationApplication.objects.create(
        case=case, applicant=applicant, series=committee.series, specialty=spec, level=qual.level,
        qualification=qual, committee=committee, plan=plan,
    )
    case.content_type = ContentType.objects.get_for_model(application)
    case.object_id = application.pk
    case.save(update_fields=["content_type", "object_id"])
    return application


@pytest.fixture
def pool(cast):
    from tests.world.evaluation import expert_pool_load

    expert_pool_load()
    return building_committee()


@pytest.fixture
def office(cast):
    return cast["committee_office"]

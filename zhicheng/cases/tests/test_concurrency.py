"""Two reviewers approve the same case at the same moment: exactly one wins (PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.race import race
from zhicheng.cases.constants import CaseStatus, Decision
from zhicheng.cases.models import Case, CaseHistory
from zhicheng.cases.services import case_approve, case_create, case_submit
from zhicheng.cases.workflow import CaseAlreadyHandled
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership, Organisation

from .conftest import TEST_BUSINESS

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_reviewers_at_once_exactly_one_wins(world):
    cast = world
    unit = Organisation.objects.get(name="龙川县人民医院")
    second = cast["unit_admin"]
    Membership.objects.create(user=second, organisation=unit, role=Role.REVIEWER)
    applicant = cast["applicant_a"]
    case = case_submit(case=case_create(applicant=applicant, business_type=TEST_BUSINESS), actor=applicant)
    reviewers = [cast["unit_reviewer"], second]

    def approve(reviewer):
        case_approve(case=case, actor=reviewer, opinion=f"{reviewer.real_name}同意", expected_step=0)

    outcomes = race(reviewers, approve, refused=CaseAlreadyHandled, label="handled")

    assert sorted(o.split(":")[0] for o in outcomes) == ["handled", "won"]
    assert any("该业务已被处理" in o for o in outcomes)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.current_step_order == 1
    assert CaseHistory.objects.filter(case=case, decision=Decision.APPROVE).count() == 1
    assert Case.objects.filter(pk=case.pk, current_organisation__name="龙川县卫生健康局").exists()

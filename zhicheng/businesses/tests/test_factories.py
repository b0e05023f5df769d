"""Each trait of the 评审申请 factory leaves the case where it says (and the history names who acted)."""

import pytest

from zhicheng.businesses.tests.factories import EvaluationApplicationFactory
from zhicheng.cases.constants import CaseStatus, Decision
from zhicheng.orgs.constants import Role

pytestmark = pytest.mark.django_db


def test_draft_and_submitted(cast):
    draft = EvaluationApplicationFactory()
    assert draft.case.status == CaseStatus.DRAFT and draft.plan.committee == draft.committee
    submitted = EvaluationApplicationFactory(submitted=True)
    assert submitted.case.status == CaseStatus.SUBMITTED
    assert submitted.case.current_organisation == submitted.case.applicant.profile.personnel_unit


def test_at_supervising_unit_and_at_committee_office(cast):
    app = EvaluationApplicationFactory(at_supervising_unit=True)
    unit = app.case.applicant.profile.personnel_unit
    assert app.case.current_organisation == unit.supervising_unit
    app = EvaluationApplicationFactory(at_committee_office=True)
    assert app.case.current_organisation == app.committee.organisation


def test_accepted_by_the_committee_office(cast):
    app = EvaluationApplicationFactory(accepted=True)
    assert app.case.status == CaseStatus.ACCEPTED
    accept = app.case.history.get(decision=Decision.ACCEPT)
    assert accept.actor == cast["other_committee_office"]  # 林涛, the 河源市 committee's office
    assert accept.actor.memberships.filter(organisation=app.committee.organisation, role=Role.COMMITTEE_OFFICE).exists()

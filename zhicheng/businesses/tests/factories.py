"""评审申请 in each state of their route, built through the services an applicant and the reviewers use.

    EvaluationApplicationFactory()                          # saved, not submitted (a draft)
    EvaluationApplicationFactory(submitted=True)            # at the personnel unit
    EvaluationApplicationFactory(at_supervising_unit=True)  # approved by the personnel unit
    EvaluationApplicationFactory(at_committee_office=True)  # approved by the supervising unit too
    EvaluationApplicationFactory(accepted=True)             # 受理 by the committee office
    EvaluationApplicationFactory(applicant=u, committee=c, qualification=q, specialty=s, accepted=True)

The applicant defaults to a new person whose profile is stored (``ProfileFactory(stored=True)``, at a unit of
龙川县); the committee to the test world's 河源市工程技术人才中级职称评审委员会 (its plan is open); the title to
the committee's highest level in its series, 建筑工程. The actors at each step are the staff in force there
(``orgs.tests.factories.staff_at``: the cast's, or someone made for the step). ``application.case`` is the case.
"""

from __future__ import annotations

import factory

from tests.factory_states import state_traits
from tests.world.cast import HEYUAN_ENG_COMMITTEE
from zhicheng.businesses.models import EvaluationApplication

DRAFT, SUBMITTED, AT_SUPERVISING_UNIT, AT_COMMITTEE_OFFICE, ACCEPTED = (
    "draft", "submitted", "at_supervising_unit", "at_committee_office", "accepted",
)
_ORDER = [DRAFT, SUBMITTED, AT_SUPERVISING_UNIT, AT_COMMITTEE_OFFICE, ACCEPTED]


def _stored_applicant():
    from zhicheng.profiles.tests.factories import ProfileFactory

    return ProfileFactory(stored=True).user


def _heyuan_committee():
    from zhicheng.catalog.models import Committee

    return Committee.objects.select_related("series").get(organisation__name=HEYUAN_ENG_COMMITTEE)


class EvaluationApplicationFactory(factory.Factory):
    class Meta:
        model = EvaluationApplication

    Params = state_traits(SUBMITTED, AT_SUPERVISING_UNIT, AT_COMMITTEE_OFFICE, ACCEPTED)

    applicant = factory.LazyFunction(_stored_applicant)
    committee = factory.LazyFunction(_heyuan_committee)
    qualification = None  # the committee's highest level in its series (no track) when None
    specialty = None  # 建筑工程 (or the committee's first specialty) when None
    materials = "学历证书复印件\n现职称证书复印件\n年度考核表"
    state = DRAFT

    @classmethod
    def _create(cls, model_class, *, applicant, committee, qualification, specialty, materials, state):
        from zhicheng.businesses.services import evaluation_save, evaluation_submit
        from zhicheng.cases.services import case_accept, case_approve
        from zhicheng.catalog.models import Qualification, Specialty
        from zhicheng.orgs.constants import Role
        from zhicheng.orgs.tests.factories import reviewer_at, staff_at
        from zhicheng.profiles.selectors import profile_stored_achievements

        series = committee.series
        if qualification is None:
            qualification = Qualification.objects.filter(series=series, level=committee.max_level, track="").first()
        if specialty is None:
            specialty = (committee.specialties.filter(name="建筑工程").first()
                         or Specialty.objects.filter(series=series, name="建筑工程").first()
                         or committee.specialties.order_by("pk").first())
        app = evaluation_save(
            actor=applicant, series=series, specialty=specialty, level=qualification.level,
            qualification=qualification, committee=committee, pledge_confirmed=True, materials=materials,
            selected_achievement_ids=[a["id"] for a in profile_stored_achievements(applicant)][:2],
        )
        reached = _ORDER.index(state)
        case = app.case
        if reached >= _ORDER.index(SUBMITTED):
            case = evaluation_submit(case=case, actor=applicant)
        if reached >= _ORDER.index(AT_SUPERVISING_UNIT):
            case = case_approve(case=case, actor=reviewer_at(case.current_organisation), opinion="情况属实，同意推荐。")
        if reached >= _ORDER.index(AT_COMMITTEE_OFFICE):
            case = case_approve(case=case, actor=reviewer_at(case.current_organisation), opinion="同意报送评委会。")
        if reached >= _ORDER.index(ACCEPTED):
            office = staff_at(committee.organisation, Role.COMMITTEE_OFFICE)
            case_accept(case=case, actor=office, opinion="材料齐全，予以受理。")
        return EvaluationApplication.objects.select_related("case", "committee", "plan").get(pk=app.pk)

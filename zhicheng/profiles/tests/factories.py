"""Profiles (个人基本信息) in each state, built through the services a person and the reviewers use.

    ProfileFactory()                              # a complete draft (education, work, unit chosen)
    ProfileFactory(submitted=True)                # submitted: at the personnel unit
    ProfileFactory(at_supervising_unit=True)      # approved by the personnel unit's reviewer
    ProfileFactory(stored=True)                   # approved by both: 已入库
    ProfileFactory(user=u, unit=unit, stored=True)

The profile's latest case is ``profile.last_case`` (``None`` for a draft). The reviewers are the ones
in force at each step (``orgs.tests.factories.reviewer_at``: made when the unit has none), so the
history's actors are the people who would act.
"""

from __future__ import annotations

import datetime as dt

import factory

from tests.factory_states import state_traits
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.catalog.constants import Education
from zhicheng.orgs.tests.factories import PersonnelUnitFactory, reviewer_at
from zhicheng.profiles.constants import PoliticalStatus
from zhicheng.profiles.models import EducationRecord, Profile, WorkRecord

DRAFT, SUBMITTED, AT_SUPERVISING_UNIT, STORED = "draft", "submitted", "at_supervising_unit", "stored"


def default_rows(unit_name: str) -> dict:
    return {
        EducationRecord: [{"school": "嘉应学院", "major": "临床医学", "education": Education.BACHELOR,
                           "start_date": dt.date(2008, 9, 1), "end_date": dt.date(2013, 7, 1)}],
        WorkRecord: [{"unit_name": unit_name, "post": "医师", "start_date": dt.date(2013, 8, 1)}],
    }


class ProfileFactory(factory.Factory):
    class Meta:
        model = Profile

    Params = state_traits(SUBMITTED, AT_SUPERVISING_UNIT, STORED)

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(PersonnelUnitFactory)
    rows = None  # {model: [field dicts]}; default_rows(unit.name) when None
    basic = factory.Dict({"ethnicity": "汉族", "political_status": PoliticalStatus.MASSES})
    state = DRAFT

    @classmethod
    def _create(cls, model_class, *, user, unit, rows, basic, state) -> Profile:
        from zhicheng.cases.services import case_approve
        from zhicheng.profiles.services import (
            profile_basic_update,
            profile_get_or_create,
            profile_row_save,
            profile_submit,
            profile_unit_choose,
        )

        profile = profile_get_or_create(user=user)
        profile = profile_basic_update(profile=profile, actor=user, data={"gender": user.gender, **basic})
        profile_unit_choose(profile=profile, actor=user, unit=unit)
        for model, items in (rows if rows is not None else default_rows(unit.name)).items():
            for item in items:
                profile_row_save(profile=profile, actor=user, row=model(**item))
        profile = Profile.objects.get(pk=profile.pk)
        profile.last_case = None
        if state == DRAFT:
            return profile
        case = profile_submit(profile=profile, actor=user)
        if state in (AT_SUPERVISING_UNIT, STORED):
            case = case_approve(case=case, actor=reviewer_at(case.current_organisation), opinion="信息属实，同意。")
        if state == STORED:
            case = case_approve(case=case, actor=reviewer_at(case.current_organisation), opinion="同意入库。")
        profile = Profile.objects.get(pk=profile.pk)
        profile.last_case = case
        return profile

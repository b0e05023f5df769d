"""Personal information (个人基本信息) of the test world, made through the profile services
(fill → submit → approve → approve).

* 王建国 (``applicant_c``): a stored profile at 龙川县城乡建设投资有限公司 (主管单位 龙川县住房和城乡建设局),
  助理工程师 (工程系列) since 2019, with education, work history and achievements.
* 李雪梅 (``applicant_b``): a profile submitted and waiting at 龙川县人民医院.

``profiles_load`` is idempotent: a person who already has a profile is left alone. For a profile in a
given state of a new person, use ``zhicheng.profiles.tests.factories.ProfileFactory``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhicheng.catalog.constants import Education, TitleLevel
from zhicheng.catalog.models import Qualification, Series
from zhicheng.orgs.models import Organisation
from zhicheng.profiles.constants import AchievementKind, AppraisalResult, Degree, PoliticalStatus
from zhicheng.profiles.models import (
    Achievement,
    Appraisal,
    ContinuingEducation,
    EducationRecord,
    Profile,
    WorkRecord,
)


def _user(key: str):
    from tests.world.cast import person
    from zhicheng.accounts.models import User

    return User.objects.get_by_id_number(person(key).id_number)


def profile_fill(*, user, unit: Organisation, rows: dict, **basic) -> Profile:
    """Fill a draft through the services ."""
    from zhicheng.profiles.services import (
        profile_basic_update,
        profile_get_or_create,
        profile_row_save,
        profile_unit_choose,
    )

    profile = profile_get_or_create(user=user)
    basic.setdefault("gender", user.gender)
    basic.setdefault("ethnicity", "汉族")
    basic.setdefault("political_status", PoliticalStatus.MASSES)
    profile = profile_basic_update(profile=profile, actor=user, data=basic)
    profile_unit_choose(profile=profile, actor=user, unit=unit)
    for model, items in rows.items():
        for item in items:
            profile_row_save(profile=profile, actor=user, row=model(**item))
    return Profile.objects.get(pk=profile.pk)


def _c_rows() -> dict:
    return {
        EducationRecord: [
            {"school": "华南理工大学", "major": "土木工程", "education": Education.BACHELOR, "degree": Degree.BACHELOR,
             "start_date": dt.date(1997, 9, 1), "end_date": dt.date(2001, 7, 1), "certificate_number": "105611200105000123"},
        ],
        WorkRecord: [
            {"unit_name": "河源市第二建筑工程公司", "post": "施工员", "start_date": dt.date(2001, 7, 15),
             "end_date": dt.date(2012, 12, 31)},
            {"unit_name": "龙川县城乡建设投资有限公司", "post": "工程部技术员", "start_date": dt.date(2013, 1, 1)},
        ],
        Achievement: [
            {"kind": AchievementKind.PROJECT, "title": "龙川县老城区市政道路改造工程（一期）", "date": dt.date(2020, 11, 30),
             "role": "技术负责人", "description": "负责道路排水与管线迁改的施工技术方案和现场质量管理。"},
            {"kind": AchievementKind.PAPER, "title": "山区县城市政道路软基处理的实践", "date": dt.date(2021, 6, 15),
             "role": "第一作者", "description": "发表于《广东土木与建筑》2021年第6期。"},
            {"kind": AchievementKind.AWARD, "title": "河源市优质结构工程奖", "date": dt.date(2022, 3, 10),
             "role": "第三完成人", "description": ""},
        ],
        ContinuingEducation: [
            {"year": 2023, "hours": 90, "content": "市政工程新技术与质量安全管理"},
            {"year": 2024, "hours": 96, "content": "装配式建筑与BIM应用"},
        ],
        Appraisal: [
            {"year": 2022, "result": AppraisalResult.QUALIFIED},
            {"year": 2023, "result": AppraisalResult.EXCELLENT},
            {"year": 2024, "result": AppraisalResult.QUALIFIED},
        ],
    }


def _b_rows() -> dict:
    return {
        EducationRecord: [
            {"school": "广东医科大学", "major": "护理学", "education": Education.BACHELOR, "degree": Degree.BACHELOR,
             "start_date": dt.date(2006, 9, 1), "end_date": dt.date(2010, 7, 1)},
        ],
        WorkRecord: [
            {"unit_name": "龙川县人民医院", "post": "护士", "start_date": dt.date(2010, 8, 1)},
        ],
        Appraisal: [{"year": 2024, "result": AppraisalResult.QUALIFIED}],
    }


@transaction.atomic
def profiles_load() -> None:
    from zhicheng.cases.services import case_approve
    from zhicheng.profiles.services import profile_submit

    c = _user("applicant_c")
    if not Profile.objects.filter(user=c).exists():
        unit = Organisation.objects.get(name="龙川县城乡建设投资有限公司")
        series = Series.objects.get(name="工程")
        qualification = Qualification.objects.filter(series=series, level=TitleLevel.ASSISTANT).first()
        profile = profile_fill(
            user=c, unit=unit, rows=_c_rows(), political_status=PoliticalStatus.CPC,
            title_series=series, title_qualification=qualification, title_level=TitleLevel.ASSISTANT,
            title_obtained_on=dt.date(2019, 12, 20), title_certificate_number="2019441622400001",
            current_position="工程部技术员",
        )
        case = profile_submit(profile=profile, actor=c)
        case_approve(case=case, actor=_user("unit_reviewer_2"), opinion="信息属实，同意。")
        case_approve(case=case, actor=_user("supervisor_reviewer_2"), opinion="同意入库。")

    b = _user("applicant_b")
    if not Profile.objects.filter(user=b).exists():
        unit = Organisation.objects.get(name="龙川县人民医院")
        profile = profile_fill(user=b, unit=unit, rows=_b_rows(), current_position="护士")
        profile_submit(profile=profile, actor=b)

"""Sample personal information (个人基本信息), built through the profile services: shared by the demo
(``zhicheng.demo``) and the tests' world (``tests/world``), which each decide who is who (decision 0036).

* ``profile_fill``: a draft filled through the services (basic data, personnel unit, rows);
* ``profile_store``: a draft submitted and approved by each reviewer in turn (入库);
* ``engineer_profile_store``: a 市政 engineer's stored profile at 龙川县城乡建设投资有限公司 (主管单位
  龙川县住房和城乡建设局), 助理工程师 (工程系列) since 2019, with education, work and achievements;
* ``nurse_profile_submit``: a nurse's profile submitted and waiting at 龙川县人民医院.

The two people's sections are sample content, one copy for both; the callers pass the users. Nothing here
is imported by the product's pages: only by the demo, the tests and other ``samples`` modules.
"""

from __future__ import annotations

import datetime as dt

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

ENGINEER_UNIT = "龙川县城乡建设投资有限公司"
NURSE_UNIT = "龙川县人民医院"


def profile_fill(*, user, unit: Organisation, rows: dict, **basic) -> Profile:
    """Fill ``user``'s draft through the services: ``basic`` (gender, ethnicity 汉族 and political status
    群众 by default), the personnel ``unit``, then ``rows`` (``{row model: [field dicts]}``, saved in order).
    Returns the profile, read again."""
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


def profile_store(*, profile: Profile, approvals: list[tuple]) -> Profile:
    """Submit ``profile`` as its owner, then approve it at each step by ``(reviewer, opinion)`` of
    ``approvals`` in order (personnel unit, supervising unit: 入库 after the last). Returns it, read again."""
    from zhicheng.cases.services import case_approve
    from zhicheng.profiles.services import profile_submit

    case = profile_submit(profile=profile, actor=profile.user)
    for reviewer, opinion in approvals:
        case_approve(case=case, actor=reviewer, opinion=opinion)
    return Profile.objects.select_related("stored_version").get(pk=profile.pk)


def engineer_rows() -> dict:
    """The engineer's sections: a degree in 土木工程, two employers, three achievements, continuing
    education and appraisals."""
    return {
        EducationRecord: [
            {
                "school": "华南理工大学",
                "major": "土木工程",
                "education": Education.BACHELOR,
                "degree": Degree.BACHELOR,
                "start_date": dt.date(1997, 9, 1),
                "end_date": dt.date(2001, 7, 1),
                "certificate_number": "105611200105000123",
            },
        ],
        WorkRecord: [
            {
                "unit_name": "河源市第二建筑工程公司",
                "post": "施工员",
                "start_date": dt.date(2001, 7, 15),
                "end_date": dt.date(2012, 12, 31),
            },
            {"unit_name": ENGINEER_UNIT, "post": "工程部技术员", "start_date": dt.date(2013, 1, 1)},
        ],
        Achievement: [
            {
                "kind": AchievementKind.PROJECT,
                "title": "龙川县老城区市政道路改造工程（一期）",
                "date": dt.date(2020, 11, 30),
                "role": "技术负责人",
                "description": "负责道路排水与管线迁改的施工技术方案和现场质量管理。",
            },
            {
                "kind": AchievementKind.PAPER,
                "title": "山区县城市政道路软基处理的实践",
                "date": dt.date(2021, 6, 15),
                "role": "第一作者",
                "description": "发表于《广东土木与建筑》2021年第6期。",
            },
            {
                "kind": AchievementKind.AWARD,
                "title": "河源市优质结构工程奖",
                "date": dt.date(2022, 3, 10),
                "role": "第三完成人",
                "description": "",
            },
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


def nurse_rows() -> dict:
    """The nurse's sections: a degree in 护理学, one employer, one appraisal."""
    return {
        EducationRecord: [
            {"school": "广东医科大学", "major": "护理学", "education": Education.BACHELOR, "degree": Degree.BACHELOR,
             "start_date": dt.date(2006, 9, 1), "end_date": dt.date(2010, 7, 1)},
        ],
        WorkRecord: [
            {"unit_name": NURSE_UNIT, "post": "护士", "start_date": dt.date(2010, 8, 1)},
        ],
        Appraisal: [{"year": 2024, "result": AppraisalResult.QUALIFIED}],
    }


def engineer_profile_store(*, user, unit_reviewer, supervisor_reviewer) -> Profile | None:
    """Give ``user`` the engineer's profile at 龙川县城乡建设投资有限公司, approved by ``unit_reviewer``
    and ``supervisor_reviewer`` (reviewers there and at 龙川县住房和城乡建设局): stored. Returns it, or
    ``None`` when ``user`` already has a profile (left alone)."""
    if Profile.objects.filter(user=user).exists():
        return None
    series = Series.objects.get(name="工程")
    profile = profile_fill(
        user=user, unit=Organisation.objects.get(name=ENGINEER_UNIT), rows=engineer_rows(),
        political_status=PoliticalStatus.CPC, title_series=series,
        title_qualification=Qualification.objects.filter(series=series, level=TitleLevel.ASSISTANT).first(),
        title_level=TitleLevel.ASSISTANT, title_obtained_on=dt.date(2019, 12, 20),
        title_certificate_number="2019441622400001", current_position="工程部技术员",
    )
    return profile_store(profile=profile, approvals=[(unit_reviewer, "信息属实，同意。"),
                                                     (supervisor_reviewer, "同意入库。")])


def nurse_profile_submit(*, user) -> Profile | None:
    """Give ``user`` the nurse's profile at 龙川县人民医院, submitted: it waits at the hospital. Returns it,
    or ``None`` when ``user`` already has a profile (left alone)."""
    from zhicheng.profiles.services import profile_submit

    if Profile.objects.filter(user=user).exists():
        return None
    profile = profile_fill(user=user, unit=Organisation.objects.get(name=NURSE_UNIT), rows=nurse_rows(),
                           current_position="护士")
    profile_submit(profile=profile, actor=user)
    return profile

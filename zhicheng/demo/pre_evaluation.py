"""Demo 评前公示 running today, so that the public list (/pre-notices/) is not empty. Through the services;
idempotent. Added after the rest of the case story and touching none of its people, units or plans.

* 梁嘉欣 (``PRE_APPLICANT``, phone 13800000010): stored profile at 清远市建筑设计院有限公司 (主管单位
  清远市住房和城乡建设局), 助理工程师 (工程·建筑工程) since 2019; her 评审申请 for 工程师 to
  清远市工程技术人才中级职称评审委员会 — whose plan asks for a 评前公示 — waits at her unit.
* 陆志远 (``PRE_UNIT_REVIEWER``, 13900000017), reviewer at 清远市建筑设计院有限公司, stored her profile with
  邝卫东 (``PRE_SUPERVISOR_REVIEWER``, 13900000018) of 清远市住房和城乡建设局, and published her 评前公示
  two working days before the load (running for 5 working days): it is on /pre-notices/ today, open to objections,
  and 陆志远 forwards the case once it has ended clear.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhicheng.catalog.constants import Education, TitleLevel
from zhicheng.catalog.models import Committee, Qualification, Series, Specialty
from zhicheng.common.validators import make_id_number
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership, Organisation
from zhicheng.profiles.constants import AchievementKind, AppraisalResult, Degree
from zhicheng.profiles.models import Achievement, Appraisal, EducationRecord, Profile, WorkRecord
from zhicheng.workcalendar.workdays import is_working_day

from .catalog import PRE_EVALUATION_NOTICE_COMMITTEE
from .loader import DEMO_PASSWORD, Person

UNIT = "清远市建筑设计院有限公司"
SUPERVISING_UNIT = "清远市住房和城乡建设局"

PRE_APPLICANT = Person("pre_applicant", "梁嘉欣", make_id_number("441802", "19900826", "048"), "13800000010",
                       "申报人（评前公示中，清远市建筑设计院有限公司）")
PRE_UNIT_REVIEWER = Person("pre_unit_reviewer", "陆志远", make_id_number("441802", "19810419", "257"), "13900000017",
                           "人事管理单位审核人员（清远市建筑设计院有限公司，发布评前公示）", UNIT, Role.REVIEWER)
PRE_SUPERVISOR_REVIEWER = Person(
    "pre_supervisor_reviewer",
    "邝卫东",
    make_id_number("441802", "19760307", "263"),
    "13900000018",
    "主管单位审核人员（清远市住房和城乡建设局）",
    SUPERVISING_UNIT,
    Role.REVIEWER,
)
PEOPLE = [PRE_APPLICANT, PRE_UNIT_REVIEWER, PRE_SUPERVISOR_REVIEWER]


def _rows() -> dict:
    return {
        EducationRecord: [
            {
                "school": "广东工业大学",
                "major": "建筑学",
                "education": Education.BACHELOR,
                "degree": Degree.BACHELOR,
                "start_date": dt.date(2008, 9, 1),
                "end_date": dt.date(2013, 7, 1),
            },
        ],
        WorkRecord: [{"unit_name": UNIT, "post": "建筑设计师", "start_date": dt.date(2013, 7, 15)}],
        Achievement: [
            {
                "kind": AchievementKind.PROJECT,
                "title": "清远市清城区第二中学教学楼扩建工程设计",
                "date": dt.date(2022, 8, 30),
                "role": "专业负责人",
                "description": "负责建筑方案与施工图设计。",
            },
            {
                "kind": AchievementKind.PAPER,
                "title": "岭南山地校园建筑的自然通风设计",
                "date": dt.date(2023, 5, 20),
                "role": "第一作者",
                "description": "发表于《南方建筑》2023年第3期。",
            },
        ],
        Appraisal: [
            {"year": 2023, "result": AppraisalResult.QUALIFIED},
            {"year": 2024, "result": AppraisalResult.EXCELLENT},
        ],
    }


def _user(p: Person):
    from zhicheng.accounts.models import User, id_digest

    user = User.objects.filter(id_number_digest=id_digest(p.id_number)).first()
    if user is None:
        user = User(real_name=p.name)
        user.set_id_number(p.id_number)
        user.set_phone(p.phone)
        user.set_password(DEMO_PASSWORD)
        user.save()
    if p.org:
        Membership.objects.update_or_create(user=user, organisation=Organisation.objects.get(name=p.org), role=p.role,
                                            defaults={"is_active": True})
    return user


@transaction.atomic
def demo_pre_evaluation_load(*, today: dt.date | None = None) -> list[Person]:
    """梁嘉欣's 评审申请 with its 评前公示 running on ``today`` (default: the local date), unless she already has a
    评审申请. Needs the organisations and plans demo first. Returns the three people of this step (for the
    list of demo logins)."""
    from zhicheng.businesses.models import EvaluationApplication
    from zhicheng.businesses.services import evaluation_save, evaluation_submit
    from zhicheng.pre_evaluation.services import notice_publish
    from zhicheng.profiles.samples import profile_fill, profile_store
    from zhicheng.profiles.selectors import profile_stored_achievements

    today = today or timezone.localdate()
    applicant, unit_reviewer, supervisor_reviewer = (_user(p) for p in PEOPLE)
    if EvaluationApplication.objects.filter(applicant=applicant).exists():
        return PEOPLE
    series = Series.objects.get(code="engineering")
    if not Profile.objects.filter(user=applicant).exists():
        profile = profile_fill(
            user=applicant, unit=Organisation.objects.get(name=UNIT), rows=_rows(), title_series=series,
            title_qualification=Qualification.objects.get(series=series, level=TitleLevel.ASSISTANT, track=""),
            title_level=TitleLevel.ASSISTANT, title_obtained_on=dt.date(2019, 12, 20),
            title_certificate_number="2019441802400017", current_position="建筑设计师",
        )
        profile_store(profile=profile, approvals=[(unit_reviewer, "信息属实，同意。"),
                                                  (supervisor_reviewer, "同意入库。")])
    app = evaluation_save(
        actor=applicant,
        series=series,
        specialty=Specialty.objects.get(series=series, name="建筑工程"),
        level=TitleLevel.INTERMEDIATE,
        qualification=Qualification.objects.get(series=series, level=TitleLevel.INTERMEDIATE, track=""),
        committee=Committee.objects.get(organisation__name=PRE_EVALUATION_NOTICE_COMMITTEE),
        selected_achievement_ids=[a["id"] for a in profile_stored_achievements(applicant)][:2],
        materials="学历证书复印件\n助理工程师证书复印件\n代表作论文《岭南山地校园建筑的自然通风设计》",
        pledge_confirmed=True,
    )
    case = evaluation_submit(case=app.case, actor=applicant)
    published_on = today
    for _ in range(2):  # two working days ago: a unit publishes on a working day
        published_on -= dt.timedelta(days=1)
        while not is_working_day(published_on):
            published_on -= dt.timedelta(days=1)
    notice_publish(case=case, actor=unit_reviewer, today=published_on)
    return PEOPLE

"""Sample cases for the paper forms (评审表, 考核认定表, 一览表): 评审申请 and 考核认定申请 waiting at their
last step. One copy, shared by the demo's ``render_document_samples`` (which renders ``docs/samples``), the
kept-documents benchmark and the documents' tests (decision 0036: a product asset both use, not the demo's
story; the callers pass the applicant).

The cases are written with the ORM directly (case, frozen route, history rows with the reviewers in
force as actors), as the case engine would leave them, so that the forms can be rendered without the
businesses' rules (a plan's window, the eligibility rules) getting in the way. The applicant's personal
information is stored through the real profile chain (``zhicheng.profiles.samples``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from zhicheng.businesses.models import EvaluationApplication, RecognitionApplication
from zhicheng.cases.constants import CaseStatus, Decision, StepLabel
from zhicheng.cases.models import Case, CaseHistory, CaseStep
from zhicheng.catalog.constants import Education, TitleLevel
from zhicheng.catalog.models import Committee, EvaluationPlan, Qualification, Specialty
from zhicheng.common.validators import make_id_number
from zhicheng.orgs.constants import OrgKind, Role
from zhicheng.orgs.models import Membership, Organisation
from zhicheng.profiles.constants import AchievementKind, Degree, PoliticalStatus
from zhicheng.profiles.models import (
    Achievement,
    Appraisal,
    ContinuingEducation,
    EducationRecord,
    Profile,
    WorkRecord,
)
from zhicheng.profiles.samples import engineer_rows, profile_fill

SAMPLE_UNIT = "龙川县城乡建设投资有限公司"
BUILDING_COMMITTEE = "广东省建筑工程技术人才职称评审委员会"

LONG_OPINION = (
    "经审核，该同志政治立场坚定，遵纪守法，具有良好的职业道德和敬业精神。任现职以来，"
    "长期在工程建设一线从事市政道路与给排水工程的技术管理工作，主持完成龙川县老城区市政道路改造、"
    "县城污水管网提质增效等多项重点工程的施工技术方案编制与现场质量管理，解决了山区软土地基处理、"
    "雨污分流改造中管线迁改等关键技术难题，工程质量均达到合格以上标准，其中一项获河源市优质结构工程奖。"
    "该同志申报材料齐全、真实，学历、资历及业绩成果符合申报条件，年度考核均为合格以上，继续教育学时达标。"
    "经单位公示五个工作日无异议，同意推荐申报。"
)

KINDS = [AchievementKind.PROJECT, AchievementKind.PAPER, AchievementKind.AWARD, AchievementKind.PATENT]


def achievement_rows(count: int, *, long: bool = False) -> list[dict]:
    """``count`` achievements, newest first; titles end with their number (``…第N项``)."""
    rows = []
    for i in range(1, count + 1):
        description = (
            f"本人作为技术负责人，负责第{i}项工程的施工组织设计、专项施工方案编制与技术交底，"
            "组织解决了深基坑支护、软弱地基处理和雨季施工质量控制等技术问题，"
            "形成的工法和质量控制要点已在本单位后续项目中推广应用，取得了良好的经济效益和社会效益。"
            if long else f"负责第{i}项工程的技术方案与质量管理。"
        )
        rows.append({
            "kind": KINDS[i % len(KINDS)],
            "title": f"龙川县市政基础设施建设工程技术成果第{i}项",
            "date": dt.date(2024, 12, 1) - dt.timedelta(days=30 * i),
            "role": "技术负责人" if i % 2 else "第一完成人",
            "description": description,
        })
    return rows


def sample_rows(*, achievements: int = 4, long: bool = False, birth_date: dt.date | None = None) -> dict:
    """Sample sections; study and work move later for a younger person so that study starts at 15
    at the earliest (dates are checked against the person: zhicheng/profiles/dates.py)."""
    shift = 0
    if birth_date is not None:
        shift = min(max(0, birth_date.year + 15 - 1994), 13)  # the current job starts by 2026 at the latest

    def d(year: int, month: int, day: int) -> dt.date:
        return dt.date(year + shift, month, day)

    return {
        EducationRecord: [
            {"school": "河源理工学校", "major": "工业与民用建筑", "education": Education.SECONDARY,
             "start_date": d(1994, 9, 1), "end_date": d(1997, 7, 1)},
            {"school": "华南理工大学", "major": "土木工程", "education": Education.BACHELOR, "degree": Degree.BACHELOR,
             "start_date": d(1997, 9, 1), "end_date": d(2001, 7, 1),
             "certificate_number": "105611200105000123"},
        ],
        WorkRecord: [
            {"unit_name": "河源市第二建筑工程公司", "post": "施工员", "start_date": d(2001, 7, 15),
             "end_date": d(2012, 12, 31)},
            {"unit_name": SAMPLE_UNIT, "post": "工程部技术员、副经理", "start_date": d(2013, 1, 1)},
        ],
        Achievement: achievement_rows(achievements, long=long),
        ContinuingEducation: [
            {"year": 2022, "hours": 90, "content": "市政工程新技术与质量安全管理"},
            {"year": 2023, "hours": 96, "content": "装配式建筑与BIM应用"},
            {"year": 2024, "hours": 90, "content": "海绵城市建设技术标准与实践"},
        ],
        Appraisal: engineer_rows()[Appraisal],  # 2022–2024: 合格, 优秀, 合格
    }


def _reviewer(org: Organisation, role: str = Role.REVIEWER):
    m = Membership.objects.filter(organisation=org, role=role, is_active=True).select_related("user").first()
    if m is None:
        raise LookupError(f"no active {role} at {org.name}")
    return m.user


def sample_stored_profile(*, user, unit_name: str = SAMPLE_UNIT, achievements: int = 4, long: bool = False) -> Profile:
    """The applicant's stored personal information (filled, submitted and approved through the chain).
    An applicant whose profile is already stored keeps it."""
    from zhicheng.cases.services import case_approve
    from zhicheng.profiles.services import profile_submit

    existing = Profile.objects.filter(user=user, stored_version__isnull=False).first()
    if existing is not None:
        return existing
    unit = Organisation.objects.get(name=unit_name)
    engineering = Qualification.objects.get(series__code="engineering", name="工程师")
    profile = profile_fill(
        user=user, unit=unit, rows=sample_rows(achievements=achievements, long=long, birth_date=user.birth_date),
        political_status=PoliticalStatus.CPC, title_series=engineering.series, title_qualification=engineering,
        title_level=TitleLevel.INTERMEDIATE, title_obtained_on=dt.date(2018, 12, 20),
        title_certificate_number="2018441622300015", current_position="工程部副经理",
    )
    case = profile_submit(profile=profile, actor=user)
    case_approve(case=case, actor=_reviewer(unit), opinion="信息属实，同意。")
    case_approve(case=case, actor=_reviewer(unit.supervising_unit), opinion="同意入库。")
    return Profile.objects.select_related("stored_version").get(pk=profile.pk)


@dataclass
class StepSpec:
    organisation: Organisation
    label: str
    role: str = Role.REVIEWER
    is_final: bool = False


def _write_case(*, applicant, business_type: str, summary: str, steps: list[StepSpec], opinions: list[str],
                final_decision: str = Decision.ACCEPT) -> Case:
    """A case submitted along ``steps``; the first ``len(opinions)`` steps have decided."""
    now = timezone.now()
    decided = len(opinions)
    if decided >= len(steps):
        status = CaseStatus.ACCEPTED if final_decision == Decision.ACCEPT else CaseStatus.FINISHED
        current = None
    else:
        status, current = CaseStatus.SUBMITTED, decided
    case = Case.objects.create(
        applicant=applicant, business_type=business_type, summary=summary, status=status,
        submitted_at=now - dt.timedelta(days=10), current_step_order=current,
        current_organisation=steps[current].organisation if current is not None else None,
        closed_at=now if current is None else None,
    )
    for order, spec in enumerate(steps):
        CaseStep.objects.create(case=case, order=order, organisation=spec.organisation, label=spec.label,
                                role=spec.role, is_final=spec.is_final)
    CaseHistory.objects.create(case=case, decision=Decision.SAVE, from_status=CaseStatus.DRAFT,
                               to_status=CaseStatus.DRAFT, actor=applicant)
    CaseHistory.objects.create(case=case, decision=Decision.SUBMIT, from_status=CaseStatus.DRAFT,
                               to_status=CaseStatus.SUBMITTED, step_order=0, step_label=steps[0].label,
                               organisation=steps[0].organisation, actor=applicant)
    for order, opinion in enumerate(opinions):
        spec = steps[order]
        last = order == len(steps) - 1
        decision = (final_decision if spec.is_final else Decision.APPROVE) if last else Decision.APPROVE
        CaseHistory.objects.create(
            case=case, decision=decision, from_status=CaseStatus.SUBMITTED,
            to_status=status if last else CaseStatus.SUBMITTED, step_order=order, step_label=spec.label,
            organisation=spec.organisation, actor=_reviewer(spec.organisation, spec.role), opinion=opinion,
        )
    return case


def _link(case: Case, obj) -> None:
    Case.objects.filter(pk=case.pk).update(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    case.content_type_id, case.object_id = ContentType.objects.get_for_model(obj).pk, obj.pk


def sample_evaluation_case(
    *, applicant, achievements: int = 4, selected: int | None = None, long: bool = False,
    opinions: list[str] | None = None, committee_name: str = BUILDING_COMMITTEE,
) -> Case:
    """A 评审申请 for 高级工程师 to the provincial building committee; by default both units have
    approved and the case waits at the committee office."""
    profile = sample_stored_profile(user=applicant, achievements=achievements, long=long)
    unit = profile.personnel_unit
    committee = Committee.objects.select_related("organisation", "series").get(organisation__name=committee_name)
    plan = EvaluationPlan.objects.filter(committee=committee).order_by("-year", "-id").first()
    qualification = (
        Qualification.objects.filter(series=committee.series, level__gte=committee.max_level,
                                     level__lte=committee.min_level).order_by("-level").first()
    )
    specialty = (
        committee.specialties.order_by("id").first() or Specialty.objects.filter(series=committee.series).first()
    )
    steps = [
        StepSpec(unit, str(StepLabel.PERSONNEL_UNIT.label)),
        StepSpec(unit.supervising_unit, str(StepLabel.SUPERVISING_UNIT.label)),
        StepSpec(committee.organisation, str(StepLabel.COMMITTEE_OFFICE.label), Role.COMMITTEE_OFFICE, True),
    ]
    if opinions is None:
        opinions = [LONG_OPINION if long else "情况属实，同意推荐。", "经审核，材料齐全，同意报送评委会。"]
    case = _write_case(applicant=applicant, business_type="evaluation",
                       summary=f"评审申请：{qualification.name}", steps=steps, opinions=opinions)
    stored = profile.stored_version.data.get("achievements", [])
    ids = [a["id"] for a in stored][: selected if selected is not None else len(stored)]
    application = EvaluationApplication.objects.create(
        case=case, applicant=applicant, series=committee.series, specialty=specialty, level=qualification.level,
        qualification=qualification, committee=committee, plan=plan, selected_achievement_ids=ids,
        materials="居民身份证复印件\n学历学位证书复印件\n现职称资格证书复印件\n近三年年度考核登记表\n业绩成果证明材料",
        pledge_confirmed=True, profile_version=profile.stored_version,
    )
    _link(case, application)
    from zhicheng.businesses.models import SignedPledge

    SignedPledge.objects.create(case=case, signer=applicant, text=plan.pledge_text, signed_at=timezone.now(),
                                ip_address="10.0.0.8")
    return case


def sample_recognition_case(*, applicant, achievements: int = 4, long: bool = False,
                            opinions: list[str] | None = None) -> Case:
    """A 考核认定申请 for 工程师 (中级), recognised by the HR bureau of the unit's region; by default
    both units have approved and the case waits at the HR bureau."""
    profile = sample_stored_profile(user=applicant, achievements=achievements, long=long)
    unit = profile.personnel_unit
    bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id=unit.region_id)
    qualification = Qualification.objects.get(series__code="engineering", name="工程师")
    specialty = Specialty.objects.filter(series=qualification.series, name="建筑工程").first()
    steps = [
        StepSpec(unit, str(StepLabel.PERSONNEL_UNIT.label)),
        StepSpec(unit.supervising_unit, str(StepLabel.SUPERVISING_UNIT.label)),
        StepSpec(bureau, str(StepLabel.HR_BUREAU.label), Role.REVIEWER, True),
    ]
    if opinions is None:
        opinions = [LONG_OPINION if long else "情况属实，同意推荐。", "经审核，符合考核认定条件，同意上报。"]
    case = _write_case(applicant=applicant, business_type="recognition",
                       summary=f"考核认定申请：{qualification.name}", steps=steps, opinions=opinions)
    application = RecognitionApplication.objects.create(
        case=case, applicant=applicant, series=qualification.series, specialty=specialty,
        level=qualification.level, qualification=qualification, pledge_confirmed=True,
        materials="居民身份证复印件\n学历证书复印件\n现职称资格证书复印件\n任职以来年度考核登记表",
        profile_version=profile.stored_version, bureau=bureau,
    )
    _link(case, application)
    return case


# -- extra applicants for a fuller 一览表 (used by render_document_samples, inside a rolled-back transaction)
EXTRA_APPLICANTS = [
    # name, birth (YYYYMMDD), region, seq, employer, education, school/major, current title, obtained
    ("陈嘉豪", "19850612", "440106", "215", "广东省建筑设计研究院有限公司", Education.MASTER, "华南理工大学", "建筑学",
     "工程师", 2015),
    ("林诗雨", "19870309", "440104", "228", "广州市市政工程设计研究总院有限公司", Education.BACHELOR, "广州大学",
     "给排水科学与工程", "工程师", 2016),
    ("黄志远", "19820117", "440305", "237", "深圳市建筑科学研究院股份有限公司", Education.DOCTOR, "同济大学",
     "结构工程", "高级工程师", 2014),
    ("吴晓婷", "19890825", "441802", "246", "清远市建筑设计院有限公司", Education.BACHELOR, "广东工业大学",
     "土木工程", "工程师", 2018),
    ("梁国伟", "19780430", "440104", "255", "广东省建筑工程集团有限公司", Education.COLLEGE, "广东建设职业技术学院",
     "建筑工程技术", "工程师", 2010),
]


def _applicant_with_stored_version(name, birth, region, seq, employer, education, school, major, title, year):
    """A person with a stored version written directly (for the 一览表 sample only)."""
    from zhicheng.accounts.models import User, id_digest
    from zhicheng.profiles.models import ProfileVersion

    id_number = make_id_number(region, birth, seq)
    user = User.objects.filter(id_number_digest=id_digest(id_number)).first() or User.objects.create_user(
        id_number, name
    )
    unit = Organisation.objects.get(name=employer)
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"gender": user.gender, "ethnicity": "汉族"})
    if profile.stored_version_id:
        return profile
    data = {
        "identity": {"name": name, "gender": user.get_gender_display(), "birth_date": user.birth_date.isoformat(),
                     "ethnicity": "汉族", "political_status": "群众"},
        "unit": {"id": unit.pk, "name": unit.name, "region": unit.region.full_name,
                 "supervising_unit": unit.supervising_unit.name if unit.supervising_unit else ""},
        "title": {"series": "工程", "qualification": title, "level": "", "obtained_on": f"{year}-12-01",
                  "certificate_number": "", "position": "项目负责人"},
        "education": [{"id": None, "school": school, "major": major, "education": str(Education(education).label),
                       "education_value": int(education), "degree": "", "start_date": "2000-09-01",
                       "end_date": "2004-07-01", "certificate_number": ""}],
        "work": [], "achievements": [], "continuing_education": [], "appraisals": [], "attachments": [],
    }
    version = ProfileVersion.objects.create(profile=profile, number=1, data=data, personnel_unit=unit,
                                            stored_at=timezone.now())
    profile.stored_version, profile.personnel_unit = version, unit
    profile.save()
    return profile


def sample_extra_summary_cases(*, committee_name: str = BUILDING_COMMITTEE) -> list[Case]:
    """More accepted 评审申请 of several employers to the same committee (sample 一览表 only).
    Reviewers missing at those employers are added (the caller rolls everything back)."""
    from zhicheng.accounts.models import User

    cases = []
    committee = Committee.objects.select_related("organisation", "series").get(organisation__name=committee_name)
    plan = EvaluationPlan.objects.filter(committee=committee).order_by("-year", "-id").first()
    specialties = list(committee.specialties.order_by("id")) or list(Specialty.objects.filter(series=committee.series))
    for i, spec in enumerate(EXTRA_APPLICANTS):
        profile = _applicant_with_stored_version(*spec)
        unit = profile.personnel_unit
        for org in (unit, unit.supervising_unit):
            if not Membership.objects.filter(organisation=org, role=Role.REVIEWER, is_active=True).exists():
                staff = User.objects.create_user(make_id_number("440104", "19800101", f"{600 + org.pk % 300:03d}"),
                                                 f"{org.name[:2]}审核员")
                Membership.objects.create(user=staff, organisation=org, role=Role.REVIEWER, is_active=True)
        qualification = Qualification.objects.get(series=committee.series,
                                                  name="正高级工程师" if spec[8] == "高级工程师" else "高级工程师")
        steps = [
            StepSpec(unit, str(StepLabel.PERSONNEL_UNIT.label)),
            StepSpec(unit.supervising_unit, str(StepLabel.SUPERVISING_UNIT.label)),
            StepSpec(committee.organisation, str(StepLabel.COMMITTEE_OFFICE.label), Role.COMMITTEE_OFFICE, True),
        ]
        case = _write_case(
            applicant=profile.user,
            business_type="evaluation",
            summary=f"评审申请：{qualification.name}",
            steps=steps,
            opinions=["同意推荐。", "同意报送。", "材料齐全，予以受理。"],
        )
        application = EvaluationApplication.objects.create(
            case=case, applicant=profile.user, series=committee.series, specialty=specialties[i % len(specialties)],
            level=qualification.level, qualification=qualification, committee=committee, plan=plan,
            pledge_confirmed=True, profile_version=profile.stored_version,
        )
        _link(case, application)
        cases.append(case)
    return cases

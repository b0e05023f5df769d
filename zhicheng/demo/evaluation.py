"""Demo expert pool: the 12 experts of the provincial building committee (``zhicheng.demo.loader.EXPERTS``)
with their employers. Idempotent (one ``ExpertProfile`` per expert and committee)."""

from __future__ import annotations

from django.db import transaction

from zhicheng.accounts.models import User
from zhicheng.catalog.models import Committee, Specialty
from zhicheng.committees.models import ExpertProfile
from zhicheng.demo.loader import BUILDING_COMMITTEE, expert_people
from zhicheng.orgs.constants import Role
from zhicheng.orgs.models import Membership, Organisation

DEMO_TITLES = ["正高级工程师", "高级工程师"]


@transaction.atomic
def demo_evaluation_load() -> int:
    """Create the missing expert profiles; return how many were created."""
    from zhicheng.demo.loader import EXPERTS

    committee = Committee.objects.filter(organisation__name=BUILDING_COMMITTEE).first()
    if committee is None:
        return 0
    specialties = list(Specialty.objects.filter(series=committee.series, name__in=["建筑工程", "土木工程", "建筑设计"]))
    created = 0
    for i, (p, (_name, employer_name)) in enumerate(zip(expert_people(), EXPERTS, strict=True)):
        user = User.objects.get_by_id_number(p.id_number)
        employer = Organisation.objects.get(name=employer_name)
        _, was_created = ExpertProfile.objects.get_or_create(
            user=user, committee=committee,
            defaults={
                "employer": employer,
                "specialty": specialties[i % len(specialties)] if specialties else None,
                "title": DEMO_TITLES[i % 2],
            },
        )
        Membership.objects.get_or_create(user=user, organisation=committee.organisation, role=Role.EXPERT,
                                         defaults={"is_active": True})
        created += was_created
    return created



#: The demo's 评审申请 at the building committee and the stage each is left in (decision 0031).
DEMO_STAGE_MEETINGS = ("2026年度建筑工程高级职称评审会议（第一批）", "2026年度建筑工程高级职称评审会议（第二批）",
                       "2026年度建筑工程高级职称评审会议（第三批）")
#: The panel of the third (upcoming) meeting: the pool of 12 but 蔡志伟 (回避: 王建国's unit), an odd number.
DEMO_UPCOMING_PANEL_SIZE = 11


@transaction.atomic
def demo_evaluation_stages_load() -> None:
    """王建国 (``applicant_c``) applies four times for 高级工程师 (建筑工程) to the building committee. Three are
    taken in by its office (马琳): one 已确认备案 (first meeting a month ago, 公示 ended, reported, confirmed by
    赵磊 of the province's HR department, certificate issued), one 公示中 (second meeting today), one 已排会 (third
    meeting in two weeks, its panel drawn: every expert of the pool but the one of his unit (回避), so 高建华
    sits on it and finds it on /evaluation/expert/). The fourth waits in 马琳's queue for 受理. His case pages show
    the route continued by each stage. Made through the real services; needs the profiles demo.
    Idempotent: nothing is done if he already has a 评审申请 at the building committee."""
    import datetime as dt

    from django.utils import timezone

    from zhicheng.businesses.models import EvaluationApplication
    from zhicheng.businesses.services import evaluation_save, evaluation_submit
    from zhicheng.cases.services import case_accept, case_approve
    from zhicheng.catalog.models import Qualification
    from zhicheng.committees.samples import meeting_held, meeting_scheduled
    from zhicheng.committees.services import notice_publish, result_confirm, result_report
    from zhicheng.demo.loader import user
    from zhicheng.profiles.selectors import profile_stored_achievements

    committee = Committee.objects.filter(organisation__name=BUILDING_COMMITTEE).select_related("series").first()
    applicant = user("applicant_c")
    if committee is None or EvaluationApplication.objects.filter(applicant=applicant, committee=committee).exists():
        return
    if not hasattr(applicant, "profile"):
        return
    series = committee.series
    specialty = Specialty.objects.get(series=series, name="建筑工程")
    senior = Qualification.objects.get(series=series, name="高级工程师")
    office = user("committee_office")
    achievements = [a["id"] for a in profile_stored_achievements(applicant)][:2]
    apps = []
    for i in range(4):
        app = evaluation_save(
            actor=applicant, series=series, specialty=specialty, level=senior.level, qualification=senior,
            committee=committee, selected_achievement_ids=achievements, pledge_confirmed=True,
            materials="学历证书复印件\n工程师证书复印件\n代表作论文\n年度考核表",
        )
        case = evaluation_submit(case=app.case, actor=applicant)
        case = case_approve(case=case, actor=user("unit_reviewer_2"), opinion="情况属实，同意推荐。")
        case = case_approve(case=case, actor=user("supervisor_reviewer_2"), opinion="同意报送评委会。")
        if i == 3:
            break  # the fourth waits in 马琳's queue
        case_accept(case=case, actor=office, opinion="材料齐全，予以受理。")
        app.refresh_from_db()
        apps.append(app)

    today = timezone.localdate()

    def passed_meeting(name: str, app, held_on: dt.date):
        return meeting_held(application=app, name=name, held_on=held_on, office=office)

    first, result = passed_meeting(DEMO_STAGE_MEETINGS[0], apps[0], today - dt.timedelta(days=30))
    notice_publish(meeting=first, actor=office, today=today - dt.timedelta(days=29))
    result_report(result=result, actor=office)
    result_confirm(result=result, actor=user("province_hr_reviewer"))
    second, _ = passed_meeting(DEMO_STAGE_MEETINGS[1], apps[1], today)
    notice_publish(meeting=second, actor=office)
    meeting_scheduled(application=apps[2], name=DEMO_STAGE_MEETINGS[2], held_on=today + dt.timedelta(days=14),
                      office=office, panel_size=DEMO_UPCOMING_PANEL_SIZE)

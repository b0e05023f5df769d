"""A 评审申请 of the test world, made through the business and case services.

* 王建国 (``applicant_c``, stored profile at 龙川县城乡建设投资有限公司): a 评审申请 for 工程师
  (工程·建筑工程, 中级) to 河源市工程技术人才中级职称评审委员会 (open plan), submitted and approved by
  his personnel unit and supervising unit: it waits at the committee office (林涛, ``other_committee_office``).

Needs ``profiles_load`` first. Idempotent: nothing is done if he already has a 评审申请.
"""

from __future__ import annotations

from django.db import transaction


@transaction.atomic
def businesses_load() -> None:
    from tests.world.cast import HEYUAN_ENG_COMMITTEE, person
    from zhicheng.accounts.models import User
    from zhicheng.businesses.models import EvaluationApplication
    from zhicheng.businesses.services import evaluation_save, evaluation_submit
    from zhicheng.cases.services import case_approve
    from zhicheng.catalog.constants import TitleLevel
    from zhicheng.catalog.models import Committee, Qualification, Series, Specialty

    def user(key: str):
        return User.objects.get_by_id_number(person(key).id_number)

    c = user("applicant_c")
    if EvaluationApplication.objects.filter(applicant=c).exists():
        return
    from zhicheng.profiles.selectors import profile_stored_achievements

    series = Series.objects.get(code="engineering")
    app = evaluation_save(
        actor=c, series=series, specialty=Specialty.objects.get(series=series, name="建筑工程"),
        level=TitleLevel.INTERMEDIATE,
        qualification=Qualification.objects.get(series=series, level=TitleLevel.INTERMEDIATE, track=""),
        committee=Committee.objects.get(organisation__name=HEYUAN_ENG_COMMITTEE),
        selected_achievement_ids=[a["id"] for a in profile_stored_achievements(c)][:2],
        materials="学历证书复印件\n助理工程师证书复印件\n代表作论文《山区县城市政道路软基处理的实践》\n年度考核表（2022—2024年）",
        pledge_confirmed=True,
    )
    case = evaluation_submit(case=app.case, actor=c)
    case_approve(case=case, actor=user("unit_reviewer_2"), opinion="情况属实，同意推荐。")
    case_approve(case=case, actor=user("supervisor_reviewer_2"), opinion="同意报送评委会。")

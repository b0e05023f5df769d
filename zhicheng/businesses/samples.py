"""A sample 评审申请, made through the business and case services: shared by the demo and the tests' world
(decision 0036), which say who applies and who approves.

``evaluation_sample_submit``: the engineer of ``zhicheng.profiles.samples`` (a stored profile at
龙川县城乡建设投资有限公司) applies for 工程师 (工程·建筑工程, 中级) to a committee with an open plan, with his
first two achievements; his personnel unit and supervising unit approve: it waits at the committee office.

``recognition_sample_submit``: the same engineer applies for 考核认定 of 工程师 (工程·建筑工程, 中级); his
personnel unit and supervising unit approve: it waits at the HR bureau that recognises 中级 for his unit.
"""

from __future__ import annotations


def evaluation_sample_submit(*, applicant, committee_name: str, unit_reviewer, supervisor_reviewer):
    """The 评审申请 of ``applicant`` (with a stored profile) to the committee named ``committee_name``,
    submitted and approved by ``unit_reviewer`` then ``supervisor_reviewer``. Returns the application, or
    ``None`` when ``applicant`` already has a 评审申请 (nothing is done)."""
    from zhicheng.businesses.models import EvaluationApplication
    from zhicheng.businesses.services import evaluation_save, evaluation_submit
    from zhicheng.cases.services import case_approve
    from zhicheng.catalog.constants import TitleLevel
    from zhicheng.catalog.models import Committee, Qualification, Series, Specialty
    from zhicheng.profiles.selectors import profile_stored_achievements

    if EvaluationApplication.objects.filter(applicant=applicant).exists():
        return None
    series = Series.objects.get(code="engineering")
    app = evaluation_save(
        actor=applicant, series=series, specialty=Specialty.objects.get(series=series, name="建筑工程"),
        level=TitleLevel.INTERMEDIATE,
        qualification=Qualification.objects.get(series=series, level=TitleLevel.INTERMEDIATE, track=""),
        committee=Committee.objects.get(organisation__name=committee_name),
        selected_achievement_ids=[a["id"] for a in profile_stored_achievements(applicant)][:2],
        materials="学历证书复印件\n助理工程师证书复印件\n代表作论文《山区县城市政道路软基处理的实践》\n年度考核表（2022—2024年）",
        pledge_confirmed=True,
    )
    case = evaluation_submit(case=app.case, actor=applicant)
    case_approve(case=case, actor=unit_reviewer, opinion="情况属实，同意推荐。")
    case_approve(case=case, actor=supervisor_reviewer, opinion="同意报送评委会。")
    return EvaluationApplication.objects.get(pk=app.pk)


def recognition_sample_submit(*, applicant, unit_reviewer, supervisor_reviewer):
    """The 考核认定 of ``applicant`` (with a stored profile) for 工程师 (工程·建筑工程, 中级), submitted and
    approved by ``unit_reviewer`` then ``supervisor_reviewer``: it waits at the recognising HR bureau
    (``recognition_bureau_for``). Returns the application, or ``None`` when ``applicant`` already has a 考核认定
    application (nothing is done)."""
    from zhicheng.businesses.models import RecognitionApplication
    from zhicheng.businesses.services import recognition_save, recognition_submit
    from zhicheng.cases.services import case_approve
    from zhicheng.catalog.constants import TitleLevel
    from zhicheng.catalog.models import Qualification, Series, Specialty

    if RecognitionApplication.objects.filter(applicant=applicant).exists():
        return None
    series = Series.objects.get(code="engineering")
    app = recognition_save(
        actor=applicant, series=series, specialty=Specialty.objects.get(series=series, name="建筑工程"),
        level=TitleLevel.INTERMEDIATE,
        qualification=Qualification.objects.get(series=series, level=TitleLevel.INTERMEDIATE, track=""),
        materials="学历证书复印件\n助理工程师证书复印件\n任职以来业绩材料\n年度考核表（2022—2024年）",
        pledge_confirmed=True,
    )
    case = recognition_submit(case=app.case, actor=applicant)
    case_approve(case=case, actor=unit_reviewer, opinion="情况属实，同意推荐。")
    case_approve(case=case, actor=supervisor_reviewer, opinion="同意报送人社部门认定。")
    return RecognitionApplication.objects.get(pk=app.pk)

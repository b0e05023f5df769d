"""The crawl's world: the security tests' world (``tests/security/world.py``) plus one case of every
business in every status and an evaluation in every stage, all made through the real services.

Every business case below belongs to 张晓明 (applicant A, stored at 龙川县人民医院 → 龙川县卫生健康局), so
that the cast's reviewers find them in their queues; the 人事管理单位变更 cases belong to extra
applicants (one open change per person), all stored at 龙川县人民医院 and moving to 龙川县中医院.

For each of 评审申请, 考核认定申请, 证书补换发, 省外来粤资格确认 (route: personnel unit → supervising unit →
final 受理 step) and 人事管理单位变更 (releasing unit → receiving unit → new supervising unit):

* ``draft`` (saved, never submitted), ``withdrawn`` (submitted, withdrawn: a draft again),
* ``step0``/``step1``/``step2`` waiting at each step, ``returned`` (by the first step, with parts to correct
  and a deadline), ``lapsed`` (returned, then closed as 逾期未补正; not for the unit change),
* ``done`` (accepted, or finished for the unit change), ``refused`` (at the final step; the unit
  change has no 受理 step, so no refusal);
* for the HR bureau's businesses (考核认定, 补换发, 省外确认), whose final step takes the case in (受理)
  and then decides (issue 17): ``taken_in`` (受理, undecided), ``done`` (granted: 认定通过 / 同意补发 /
  确认) and ``denied``.

The evaluation stages of the building committee: ``meeting_drawn`` (panel drawn, nobody voted),
``meeting_voting`` (every panel member voted, not closed), ``meeting_cancelled`` (drawn, then cancelled),
``meeting_closed`` (closed, results
computed, no 公示 yet), ``meeting_failed`` (closed, its applicant not passed), the security world's ``meeting`` (closed,
公示 running, an objection pending) and ``meeting_done`` (公示 ended; one result reported, one
confirmed with its certificate issued, one confirmed whose certificate was then voided, one revoked
by an upheld objection). And a role invitation waiting for applicant B (``invitation``).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.security.world import PANEL_SIZE, PDF, USERS, World, world_build

#: The crawl's cast: the security cast and the extra applicants of the unit changes.
UNIT_CHANGE_STATES = ("draft", "withdrawn", "step0", "step1", "step2", "returned", "done")
EXTRA_APPLICANTS: dict[str, str] = {
    f"unit_change_{state}": name
    for state, name in zip(
        UNIT_CHANGE_STATES, ("孙丽娜", "钟国华", "欧阳明", "龚晓燕", "蓝天佑", "廖春生", "温志远"), strict=True
    )
}
#: province_hr_reviewer: the building committee's managing bureau (广东省人社厅), who 确认备案.
CAST: tuple[str, ...] = (*USERS, "province_hr_reviewer", *EXTRA_APPLICANTS)
#: ``lapsed``: returned with parts to correct and a deadline, then closed as 逾期未补正 (issue 17).
BUSINESS_STATES = ("draft", "withdrawn", "step0", "step1", "step2", "returned", "lapsed", "done", "refused")
#: The HR bureau's businesses (考核认定, 补换发, 省外确认) also: taken in (受理) and undecided, denied.
DECIDED_STATES = (*BUSINESS_STATES, "taken_in", "denied")
DECIDING = ("recognition", "certificate_replacement", "external_title_confirmation")


def crawl_world_build() -> World:
    """Build the world in the current transaction (the caller rolls it back). Returns the security
    world with ``w.cases[(business code, state)]`` → Case and the meetings named above in ``objects``."""
    from tests.world.cast import person
    from zhicheng.accounts.models import User

    w = world_build()
    w.objects["cases"] = {}
    w.users["province_hr_reviewer"] = User.objects.get_by_id_number(person("province_hr_reviewer").id_number)
    for key, name in EXTRA_APPLICANTS.items():
        w.users[key] = _stored_applicant(w, name, seq=len(w.users))
    _evaluations(w)
    _recognitions(w)
    _externals(w)
    _replacements(w)
    _unit_changes(w)
    _meetings(w)
    _invitation(w)
    return w


def _invitation(w: World) -> None:
    """A role invitation waiting for 李雪梅 (applicant B): 龙川县人民医院's administrator invites her as a reviewer."""
    from zhicheng.orgs.constants import Role
    from zhicheng.orgs.memberships import membership_grant

    w.objects["invitation"] = membership_grant(actor=w.users["unit_admin"], organisation=w.unit,
                                               user=w.users["applicant_b"], role=Role.REVIEWER)


# -- people ---------------------------------------------------------------------------------------
def _stored_applicant(w: World, name: str, *, seq: int):
    """A new applicant whose personal information is stored at 龙川县人民医院."""
    from tests.world.cast import PASSWORD, make_id_number
    from zhicheng.accounts.models import User
    from zhicheng.cases.services import case_approve
    from zhicheng.profiles.services import profile_submit
    from zhicheng.profiles.tests.conftest import fill_profile

    user = User(real_name=name)
    user.set_id_number(make_id_number("441622", f"1991{(seq % 12) + 1:02d}{(seq % 27) + 1:02d}", f"{600 + seq:03d}"))
    user.set_phone(f"1385555{seq:04d}")
    user.set_password(PASSWORD)
    user.save()
    case = profile_submit(profile=fill_profile(user, "龙川县人民医院"), actor=user)
    case = case_approve(case=case, actor=w.users["unit_reviewer"], opinion="同意。")
    case_approve(case=case, actor=w.users["supervisor_reviewer"], opinion="同意入库。")
    return user


# -- the businesses -------------------------------------------------------------------------------
def _walk(w: World, code: str, save, submit, *, final: str | None, steps: tuple[str, ...],
          decides: bool = False, fresh: bool = False) -> None:
    """One case of ``code`` in every state: ``save()`` makes a draft (returns the business object
    with ``.case``), ``submit(case)`` submits it; ``steps`` are the cast keys of the route's
    reviewers, ``final`` the decision-maker of the 受理 step (None: the last step approves).
    ``decides``: the final step is an HR bureau that takes the case in (受理) and then makes the
    business's own decision (grant / deny, issue 17): then ``taken_in`` (受理, undecided), ``done``
    (granted) and ``denied`` too. ``fresh``: one open application per person per plan or
    qualification (issue 17), so each case is a new stored applicant's (A keeps the draft)."""
    from zhicheng.businesses.services import business_withdraw
    from zhicheng.cases.services import (
        Correction,
        case_accept,
        case_approve,
        case_deny,
        case_grant,
        case_lapse,
        case_refuse,
        case_return,
    )

    a = w.user("applicant_a")

    def applicant():
        if not fresh:
            return a
        w.objects["fresh"] = w.objects.get("fresh", 100) + 1
        return _stored_applicant(w, "申报新人", seq=w.objects["fresh"])

    def to_step(n: int):
        actor = applicant()
        case = submit(save(actor).case, actor)
        for key in steps[:n]:
            case = case_approve(case=case, actor=w.users[key], opinion="同意。")
        return case

    cases = w.cases
    cases[(code, "draft")] = save(a).case
    withdrawn = to_step(0)
    cases[(code, "withdrawn")] = business_withdraw(case=withdrawn, actor=withdrawn.applicant)
    for n in range(len(steps)):
        cases[(code, f"step{n}")] = to_step(n)
    correction = Correction(parts=(("record:education", "学习经历"), ("application:materials", "申报材料说明")), days=5)
    cases[(code, "returned")] = case_return(
        case=to_step(0), actor=w.users[steps[0]], opinion="材料不全，请补充后再提交。", correction=correction
    )
    lapsing = case_return(case=to_step(0), actor=w.users[steps[0]], opinion="学历证书不清晰。", correction=correction)
    cases[(code, "lapsed")] = case_lapse(case=lapsing, today=lapsing.correction_due_on + dt.timedelta(days=1))
    if final is None:
        done = to_step(len(steps) - 1)
        cases[(code, "done")] = case_approve(case=done, actor=w.users[steps[-1]], opinion="同意。")
        return
    last = len(steps) - 1
    cases[(code, "refused")] = case_refuse(case=to_step(last), actor=w.users[final], opinion="不符合申报条件。")
    if not decides:
        cases[(code, "done")] = case_accept(case=to_step(last), actor=w.users[final], opinion="同意。")
        return
    taken_in = [case_accept(case=to_step(last), actor=w.users[final], opinion="材料齐全，受理。") for _ in range(3)]
    cases[(code, "taken_in")] = taken_in[0]
    cases[(code, "done")] = case_grant(case=taken_in[1], actor=w.users[final], opinion="符合条件，同意。")
    cases[(code, "denied")] = case_deny(case=taken_in[2], actor=w.users[final], opinion="经核实不符合条件。")


CHAIN = ("unit_reviewer", "supervisor_reviewer")


def _evaluations(w: World) -> None:
    from zhicheng.businesses.services import evaluation_save, evaluation_submit
    from zhicheng.catalog.models import Qualification, Specialty

    a = w.user("applicant_a")
    series = w.building.series
    senior = Qualification.objects.get(series=series, name="高级工程师")
    specialty = Specialty.objects.get(series=series, name="建筑工程")

    def save(a=a):
        return evaluation_save(actor=a, series=series, specialty=specialty, level=senior.level, qualification=senior,
                               committee=w.building, materials="学历证书复印件", pledge_confirmed=True)

    _walk(w, "evaluation", save, lambda case, a: evaluation_submit(case=case, actor=a),
          final="committee_office", steps=(*CHAIN, "committee_office"), fresh=True)
    w.objects["evaluation_save"] = save


def _recognitions(w: World) -> None:
    from zhicheng.businesses.services import recognition_save, recognition_submit
    from zhicheng.catalog.constants import TitleLevel
    from zhicheng.catalog.models import Qualification, Specialty

    a = w.user("applicant_a")
    series = w.building.series
    assistant = Qualification.objects.get(series=series, level=TitleLevel.ASSISTANT, track="")
    specialty = Specialty.objects.get(series=series, name="建筑工程")

    def save(a=a):
        return recognition_save(actor=a, series=series, specialty=specialty, level=assistant.level,
                                qualification=assistant, materials="学历证书复印件", pledge_confirmed=True)

    _walk(w, "recognition", save, lambda case, a: recognition_submit(case=case, actor=a),
          final="hr_reviewer", steps=(*CHAIN, "hr_reviewer"), decides=True, fresh=True)


def _externals(w: World) -> None:
    from zhicheng.businesses.services import external_save, external_submit
    from zhicheng.catalog.models import Qualification

    a = w.user("applicant_a")
    engineer = Qualification.objects.get(series=w.building.series, name="工程师")

    def save(a=a):
        return external_save(
            actor=a, province="湖南省", issuing_authority="湖南省人力资源和社会保障厅", qualification=engineer,
            document_number="湘职2019-002", obtained_on=dt.date(2019, 12, 1),
            uploaded=SimpleUploadedFile("职称证书.pdf", PDF, content_type="application/pdf"),
        )

    _walk(w, "external_title_confirmation", save, lambda case, a: external_submit(case=case, actor=a),
          final="hr_reviewer", steps=(*CHAIN, "hr_reviewer"), decides=True)


def _replacements(w: World) -> None:
    """Each replacement needs its own valid certificate (one open replacement per certificate)."""
    from zhicheng.businesses.services import replacement_save, replacement_submit
    from zhicheng.catalog.models import Qualification
    from zhicheng.certificates.services import certificate_issue

    a = w.user("applicant_a")
    qualification = Qualification.objects.get(series__code="health", name="主治医师")

    def save(a=a):
        certificate = certificate_issue(
            holder=a, qualification=qualification, specialty=None, committee=None, recognising_bureau=w.bureau,
            issuer=w.bureau, issued_on=dt.date(2023, 12, 20), actor=None,
        )
        return replacement_save(actor=a, certificate=certificate, reason="lost", explanation="搬家时遗失。")

    _walk(w, "certificate_replacement", save, lambda case, a: replacement_submit(case=case, actor=a),
          final="hr_reviewer", steps=(*CHAIN, "hr_reviewer"), decides=True)


def _unit_changes(w: World) -> None:
    from zhicheng.businesses.services import business_withdraw, unit_change_save, unit_change_submit
    from zhicheng.cases.services import case_approve, case_return
    from zhicheng.orgs.models import Organisation

    to_unit = Organisation.objects.get(name="龙川县中医院")
    steps = ("unit_reviewer", "other_unit_reviewer", "supervisor_reviewer")
    for state in UNIT_CHANGE_STATES:
        user = w.user(f"unit_change_{state}")
        case = unit_change_save(actor=user, to_unit=to_unit, reason="工作调动，人事档案已转入。").case
        if state != "draft":
            case = unit_change_submit(case=case, actor=user)
        if state == "withdrawn":
            case = business_withdraw(case=case, actor=user)
        elif state == "returned":
            case = case_return(case=case, actor=w.users[steps[0]], opinion="请补充调动文件。")
        elif state.startswith("step") or state == "done":
            n = len(steps) if state == "done" else int(state[-1])
            for key in steps[:n]:
                case = case_approve(case=case, actor=w.users[key], opinion="同意。")
        w.cases[("unit_change", state)] = case


# -- the evaluation stages ------------------------------------------------------------------------
def _accepted_application(w: World):
    from zhicheng.businesses.services import evaluation_submit
    from zhicheng.cases.services import case_accept, case_approve

    app = w.evaluation_save(w.user("applicant_a"))
    case = evaluation_submit(case=app.case, actor=w.user("applicant_a"))
    for key in CHAIN:
        case = case_approve(case=case, actor=w.users[key], opinion="同意。")
    case_accept(case=case, actor=w.users["committee_office"], opinion="受理。")
    app.refresh_from_db()
    return app


def _meetings(w: World) -> None:
    from zhicheng.certificates.services import certificate_void
    from zhicheng.committees import services
    from zhicheng.committees.models import PublicNotice

    office = w.users["committee_office"]
    today = timezone.localdate()

    def meeting(name: str, count: int, *, vote: bool, choice: str = "agree"):
        apps = [_accepted_application(w) for _ in range(count)]
        m = services.meeting_create(plan=apps[0].plan, name=name, held_on=today, place="广州市越秀区",
                                    applications=apps, actor=office)
        draw = services.panel_draw(meeting=m, size=PANEL_SIZE, actor=office)
        if vote:
            experts = {p.expert_id: p.expert.user for p in m.panel.select_related("expert__user")}
            for result in m.results.all():
                for expert_id in draw.chosen_ids:
                    services.vote_cast(meeting=m, result=result, actor=experts[expert_id], choice=choice)
        return m

    drawn = meeting("抽取专家后的评审会议", 1, vote=False)
    voting = meeting("表决中的评审会议", 1, vote=True)
    cancelled = services.meeting_cancel(
        meeting=meeting("已取消的评审会议", 1, vote=False), actor=office, reason="会场临时不可用"
    )
    closed = services.meeting_close(meeting=meeting("已结束待公示的评审会议", 1, vote=True), actor=office)
    failed = services.meeting_close(
        meeting=meeting("表决未通过的评审会议", 1, vote=True, choice="disagree"), actor=office
    )
    done = services.meeting_close(meeting=meeting("已上报的评审会议", 4, vote=True), actor=office)
    services.notice_publish(meeting=done, actor=office, today=today)
    reported, confirmed, voided, revoked = list(done.results.order_by("pk"))
    objection = services.objection_lodge(result=revoked, actor=w.user("applicant_b"), text="业绩与实际不符。")
    services.objection_resolve(
        objection=objection, actor=office, upheld=True, resolution="经核实异议成立，撤销评审通过结果。"
    )
    PublicNotice.objects.filter(meeting=done).update(published_on=today - dt.timedelta(days=20),
                                                      ends_on=today - dt.timedelta(days=5))
    for result in (reported, confirmed, voided):
        services.result_report(result=result, actor=office)
    for result in (confirmed, voided):
        services.result_confirm(result=result, actor=w.users["province_hr_reviewer"])
    voided.refresh_from_db()
    certificate_void(certificate=voided.certificate, reason="经查弄虚作假，撤销职称。", actor=None)
    w.objects.update(meeting_drawn=drawn, meeting_voting=voting, meeting_cancelled=cancelled, meeting_closed=closed,
                     meeting_failed=failed, meeting_done=done, upheld_objection=objection)


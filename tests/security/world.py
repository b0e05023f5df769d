"""The demo world the security tests request URLs against, made through the real services.

* 张晓明 (applicant A): personal information stored at 龙川县人民医院 (version 1), then an edit
  submitted, approved by the unit and now waiting at 龙川县卫生健康局 (``case``); an attachment;
  a valid certificate (中级, 主治医师) issued by 河源市龙川县人力资源和社会保障局.
* 李雪梅 (applicant B) holds nothing of A's: every object of A's is a 404 for her.
* Two external systems: 广州 (the demo system, all scopes) and 深圳 (its own issuer and committee).
* A's 评审申请 (高级工程师, 工程·建筑工程) to the provincial building committee (省建筑, ``building``),
  approved by her unit and supervising unit and accepted (受理) by its committee office
  (``evaluation_case``); in ``building_plan``, the plan of the 一览表.
* A meeting of the building committee (``meeting``) with A's application, a recorded panel draw of
  ``PANEL_SIZE`` of the 12 pool experts (``expert_1``…``expert_12``): the expert "on the panel" is
  the first one the draw chose, the expert "off the panel" is a pool member it did not choose (both
  read from the stored draw, which is random). Every panel member voted 同意, the meeting is closed,
  A passed (``result``), the 公示 is published today (``notice``) and B lodged an objection
  (``objection``, pending).
* A's 考核认定 (助理工程师) waiting at the HR bureau of her county (``recognition_case``), and A's
  省外来粤资格确认 with its scanned certificate, confirmed by that bureau (``external``).
* The building committee's plan then charges a 评审费 (``fee_plan``): A's accepted 评审申请 has its payment
  notice (``fee_notice``), unpaid and not yet due (issue 21).

``USERS`` is the cast the matrix requests every URL as (keys → demo cast keys).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

# The cast in the order the matrix reports them; value = key in tests.world.cast (or a world user).
USERS: dict[str, str] = {
    "anonymous": "",
    "applicant_a": "applicant_a",
    "applicant_b": "applicant_b",
    "unit_reviewer": "unit_reviewer",  # A's personnel unit, 龙川县人民医院
    "unit_admin": "unit_admin",  # A's personnel unit, organisation administrator
    "other_unit_reviewer": "other_unit_reviewer",  # 龙川县中医院
    "supervisor_reviewer": "supervisor_reviewer",  # A's supervising unit, 龙川县卫生健康局
    "other_supervisor_reviewer": "other_supervisor_reviewer",  # 河源市卫生健康局
    "hr_reviewer": "county_hr_reviewer",  # HR bureau of A's region, 龙川县人社局
    "other_hr_reviewer": "other_hr_reviewer",  # 清远市人社局
    "window_staff": "window_staff",  # 河源市人社局 service window
    "committee_office": "committee_office",  # 省建筑 committee office
    "other_committee_office": "other_committee_office",  # 河源市工程 committee office
    "expert_on_panel": "",  # chosen by the world's panel draw from the building committee's pool
    "expert_off_panel": "",  # a member of the same pool that the draw did not choose
    "system_admin": "system_admin",
    "security_admin": "security_admin",
    "audit_admin": "audit_admin",
}

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PANEL_SIZE = 5  # of the building committee's 12 experts: 7 stay off the panel
DRAWN = ("expert_on_panel", "expert_off_panel")


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)  # USERS key → User (anonymous → None)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None

    def user(self, key: str):
        return self.users[key]


def world_build() -> World:
    """Build the world in the current transaction (the caller rolls it back)."""
    from tests.world.cast import BUILDING_COMMITTEE, HEYUAN_ENG_COMMITTEE, person
    from tests.world.exchange import API_TOKEN, exchange_system_load
    from zhicheng.accounts.models import User
    from zhicheng.audit.models import AuditEvent
    from zhicheng.cases.services import case_approve
    from zhicheng.catalog.models import Committee, EvaluationPlan, Qualification
    from zhicheng.certificates.services import certificate_issue
    from zhicheng.certificates.tokens import verification_token_make
    from zhicheng.exchange.models import Scope
    from zhicheng.exchange.services import api_token_issue, external_system_create
    from zhicheng.orgs.constants import OrgKind
    from zhicheng.orgs.models import Membership, Organisation
    from zhicheng.profiles.constants import AttachmentKind
    from zhicheng.profiles.services import attachment_upload, profile_basic_update, profile_submit
    from zhicheng.profiles.tests.conftest import fill_profile

    w = World()
    for key, cast_key in USERS.items():
        if key == "anonymous":
            w.users[key] = None
        elif key in DRAWN:
            w.users[key] = None  # set from the panel draw below
        else:
            w.users[key] = User.objects.get_by_id_number(person(cast_key).id_number)
    a = w.users["applicant_a"]
    unit = Organisation.objects.get(name="龙川县人民医院")

    # A's personal information: stored (v1), with an attachment; then an edit waiting at the supervisor.
    profile = fill_profile(a, unit.name)
    attachment = attachment_upload(
        profile=profile, actor=a, kind=AttachmentKind.ID_CARD,
        uploaded=SimpleUploadedFile("身份证.png", PNG, content_type="image/png"),
    )
    first = profile_submit(profile=profile, actor=a)
    case_approve(case=first, actor=w.users["unit_reviewer"], opinion="同意。")
    case_approve(case=first, actor=w.users["supervisor_reviewer"], opinion="同意入库。")
    profile.refresh_from_db()
    profile_basic_update(profile=profile, actor=a, data={"current_position": "主治医师"})
    case = profile_submit(profile=profile, actor=a)
    case = case_approve(case=case, actor=w.users["unit_reviewer"], opinion="同意。")
    assert case.current_organisation.name == "龙川县卫生健康局"

    bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id=unit.region_id)

    # External systems: the demo one (广州) and 深圳.
    gz = exchange_system_load()
    sz_bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id="440300")
    sz = external_system_create(
        actor=None,
        name="深圳市职称评审管理服务平台",
        organisation=sz_bureau,
        scopes=list(Scope.values),
        issuers=[sz_bureau],
        committees=[Committee.objects.get(organisation__name="深圳市工程技术人才中级职称评审委员会")],
    )
    sz_token, sz_secret = api_token_issue(actor=None, system=sz, label="安全测试")
    gz_token = gz.tokens.filter(revoked_at__isnull=True).first()

    building = Committee.objects.get(organisation__name=BUILDING_COMMITTEE)
    plan = EvaluationPlan.objects.filter(committee=building).order_by("pk").first()
    assert plan is not None, "the demo world has no plan of the building committee"

    # A's 工程师 evaluation under 评前公示 before A's 工程师 from another province is confirmed (below), which would
    # make it a title A already holds (businesses.selectors.current_title_of).
    pre_evaluation = _pre_evaluation_build(w, unit=unit)
    businesses = _businesses_build(w, unit=unit, building=building)
    # A's certificate from the HR bureau of A's region, issued after A's applications: A's 助理级 recognition
    # would be refused to someone already holding this 中级 title (businesses.selectors.current_title_of).
    qualification = Qualification.objects.get(series__code="health", name="主治医师")
    certificate = certificate_issue(
        holder=a, qualification=qualification, specialty=None, committee=None, recognising_bureau=bureau,
        issuer=bureau, issued_on=dt.date(2024, 12, 20), actor=None,
    )
    evaluation = _evaluation_build(w, application=businesses["evaluation_app"])
    notices = _announcements_build(w, bureau=bureau)
    integrity = _integrity_build(w, bureau=bureau, qualification=qualification)
    fees = _fees_build(w, case=businesses["evaluation_case"])

    w.objects.update(
        profile=profile,
        attachment=attachment,
        case=case,
        unit=unit,
        supervisor=unit.supervising_unit,
        bureau=bureau,
        certificate=certificate,
        verify_token=verification_token_make(certificate),
        gz=gz, gz_token=gz_token, gz_secret=API_TOKEN,
        sz=sz, sz_token=sz_token, sz_secret=sz_secret,
        building=building,
        heyuan_committee=Committee.objects.get(organisation__name=HEYUAN_ENG_COMMITTEE),
        plan=plan,
        window_org=Organisation.objects.get(name="河源市人力资源和社会保障局"),
        reviewer_membership=Membership.objects.get(user=w.users["unit_reviewer"], organisation=unit),
        audit_event=AuditEvent.objects.order_by("-pk").first(),
        education_row=profile.educationrecord_rows.first(),
        **businesses,
        **evaluation,
        **pre_evaluation,
        **notices,
        **integrity,
        **fees,
    )
    return w


def _fees_build(w: World, *, case) -> dict[str, Any]:
    """The building committee's plan charges a 评审费 (issue 21): A's accepted 评审申请 gets its payment
    notice (``fee_notice``), unpaid and not yet due."""
    from decimal import Decimal

    from zhicheng.catalog.models import EvaluationPlan
    from zhicheng.fees.services import fee_notice_issue

    plan = case.evaluation_application.plan
    EvaluationPlan.objects.filter(pk=plan.pk).update(
        fee_required=True,
        fee_amount=Decimal("500.00"),
        fee_payee_name="广东省人力资源和社会保障厅",
        fee_payee_account="4400 0000 0000 0000 0001",
        fee_payee_bank="中国工商银行广州分行",
        fee_payment_working_days=10,
    )
    case.evaluation_application.plan.refresh_from_db()
    notice = fee_notice_issue(case=case, actor=w.users["committee_office"])
    assert notice is not None
    return {"fee_notice": notice, "fee_plan": plan}


def _integrity_build(w: World, *, bureau, qualification) -> dict[str, Any]:
    """B's certificate from A's county HR bureau, revoked by a finding that bureau recorded in B's
    integrity record (诚信档案, in force: B may object to it)."""
    from zhicheng.certificates.services import certificate_issue
    from zhicheng.integrity.services import finding_record

    b = w.users["applicant_b"]
    revoked = certificate_issue(holder=b, qualification=qualification, specialty=None, committee=None,
                                recognising_bureau=bureau, issuer=bureau, issued_on=dt.date(2023, 12, 20), actor=None)
    finding = finding_record(
        actor=w.users["hr_reviewer"], office=bureau, subject=b, kind="forged_material",
        facts="经核实，申报时提交的学历证书系伪造。", evidence=SimpleUploadedFile("核查函.pdf", PDF),
        certificates=[revoked],
    )
    return {"integrity_finding": finding, "revoked_certificate": revoked}


def _pre_evaluation_build(w: World, *, unit) -> dict[str, Any]:
    """A's 评审申请 to the 河源 committee, whose plan (here) requires a 评前公示: waiting at 龙川县人民医院,
    its notice running (``pre_notice``) and B's objection pending (``pre_objection``) (issue 21)."""
    from tests.world.cast import HEYUAN_ENG_COMMITTEE
    from zhicheng.businesses.services import evaluation_save, evaluation_submit
    from zhicheng.catalog.constants import TitleLevel
    from zhicheng.catalog.models import Committee, EvaluationPlan, Qualification, Specialty
    from zhicheng.pre_evaluation.services import notice_publish, objection_lodge

    a = w.users["applicant_a"]
    heyuan = Committee.objects.get(organisation__name=HEYUAN_ENG_COMMITTEE)
    EvaluationPlan.objects.filter(committee=heyuan).update(pre_evaluation_notice=True)
    engineer = Qualification.objects.get(series=heyuan.series, level=TitleLevel.INTERMEDIATE, track="")
    app = evaluation_save(
        actor=a,
        series=heyuan.series,
        specialty=Specialty.objects.get(series=heyuan.series, name="建筑工程"),
        level=engineer.level,
        qualification=engineer,
        committee=heyuan,
        materials="学历证书复印件",
        pledge_confirmed=True,
    )
    case = evaluation_submit(case=app.case, actor=a)
    assert case.current_organisation_id == unit.pk
    notice = notice_publish(case=case, actor=w.users["unit_reviewer"])
    objection = objection_lodge(notice=notice, actor=w.users["applicant_b"], text="申报人的业绩成果与事实不符。")
    return {"pre_notice_case": case, "pre_notice": notice, "pre_objection": objection}


def _announcements_build(w: World, *, bureau) -> dict[str, Any]:
    """A notice of A's county HR bureau with a PDF attached, and a question in its 常见问题."""
    from zhicheng.announcements.services import announcement_attachment_add, announcement_publish, faq_entry_create

    actor = w.users["hr_reviewer"]
    announcement = announcement_publish(actor=actor, bureau=bureau, title="关于职称申报的通知", body="**正文**")
    attachment = announcement_attachment_add(
        actor=actor, announcement=announcement, uploaded=SimpleUploadedFile("申报须知.pdf", PDF),
    )
    faq_entry = faq_entry_create(actor=actor, bureau=bureau, question="如何申报？", answer="先填写个人基本信息。")
    return {"announcement": announcement, "announcement_attachment": attachment, "faq_entry": faq_entry}


def _businesses_build(w: World, *, unit, building) -> dict[str, Any]:
    """A's 评审申请 (accepted by the building committee's office), 考核认定 (waiting at the county HR
    bureau) and 省外来粤资格确认 (confirmed by it), all through the businesses' services."""
    from zhicheng.businesses.services import (
        evaluation_save,
        evaluation_submit,
        external_save,
        external_submit,
        recognition_save,
        recognition_submit,
    )
    from zhicheng.cases.constants import CaseStatus
    from zhicheng.cases.services import case_accept, case_approve, case_grant
    from zhicheng.catalog.constants import TitleLevel
    from zhicheng.catalog.models import Qualification, Specialty
    from zhicheng.orgs.constants import OrgKind
    from zhicheng.orgs.models import Organisation

    a = w.users["applicant_a"]
    unit_reviewer, supervisor = w.users["unit_reviewer"], w.users["supervisor_reviewer"]
    engineering = building.series
    specialty = Specialty.objects.get(series=engineering, name="建筑工程")

    def through_the_chain(case):
        case = case_approve(case=case, actor=unit_reviewer, opinion="情况属实，同意推荐。")
        return case_approve(case=case, actor=supervisor, opinion="同意。")

    senior = Qualification.objects.get(series=engineering, name="高级工程师")
    app = evaluation_save(
        actor=a, series=engineering, specialty=specialty, level=senior.level, qualification=senior,
        committee=building, materials="学历证书复印件", pledge_confirmed=True,
    )
    case = through_the_chain(evaluation_submit(case=app.case, actor=a))
    assert case.current_organisation_id == building.organisation_id
    evaluation_case = case_accept(case=case, actor=w.users["committee_office"], opinion="材料齐全，受理。")
    assert evaluation_case.status == CaseStatus.ACCEPTED
    app.refresh_from_db()

    assistant = Qualification.objects.get(series=engineering, level=TitleLevel.ASSISTANT, track="")
    recognition = recognition_save(actor=a, series=engineering, specialty=specialty, level=assistant.level,
                                   qualification=assistant, pledge_confirmed=True)
    recognition_case = through_the_chain(recognition_submit(case=recognition.case, actor=a))
    county_bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id=unit.region_id)
    assert recognition_case.current_organisation == county_bureau, recognition_case.current_organisation

    external = external_save(
        actor=a, province="湖南省", issuing_authority="湖南省人力资源和社会保障厅",
        qualification=Qualification.objects.get(series=engineering, name="工程师"),
        document_number="湘职2018-001", obtained_on=dt.date(2018, 12, 1),
        uploaded=SimpleUploadedFile("职称证书.pdf", PDF, content_type="application/pdf"),
    )
    external_case = through_the_chain(external_submit(case=external.case, actor=a))
    assert external_case.current_organisation == county_bureau
    case_accept(case=external_case, actor=w.users["hr_reviewer"], opinion="材料齐全，受理。")
    case_grant(case=external_case, actor=w.users["hr_reviewer"], opinion="经核实，予以确认。")
    external.refresh_from_db()
    assert external.confirmed_at is not None

    return {
        "evaluation_app": app, "evaluation_case": evaluation_case, "building_plan": app.plan,
        "recognition_case": recognition_case, "external": external,
    }


def _evaluation_build(w: World, *, application) -> dict[str, Any]:
    """The building committee's meeting for A's application, through the evaluation services: drawn
    panel (which also decides the experts on and off the panel), votes, closed, 公示 and an objection."""
    from zhicheng.committees.models import ExpertProfile, Outcome
    from zhicheng.committees.services import (
        meeting_close,
        meeting_create,
        notice_publish,
        objection_lodge,
        panel_draw,
        vote_cast,
    )

    office = w.users["committee_office"]
    meeting = meeting_create(plan=application.plan, name="安全测试评审会议", held_on=timezone.localdate(),
                             place="广州市天河区", applications=[application], actor=office)
    draw = panel_draw(meeting=meeting, size=PANEL_SIZE, actor=office)
    pool = {e.pk: e for e in ExpertProfile.objects.filter(committee=meeting.committee).select_related("user")}
    off = [pk for pk in draw.candidate_ids if pk not in draw.chosen_ids and pk not in draw.excluded_ids]
    assert len(draw.chosen_ids) == PANEL_SIZE and off, "the draw must leave a pool member off the panel"
    w.users["expert_on_panel"] = pool[draw.chosen_ids[0]].user
    w.users["expert_off_panel"] = pool[off[0]].user

    result = meeting.results.get(application=application)
    for expert_id in draw.chosen_ids:
        vote_cast(meeting=meeting, result=result, actor=pool[expert_id].user, choice="agree")
    meeting = meeting_close(meeting=meeting, actor=office)
    result.refresh_from_db()
    assert meeting.is_valid and result.outcome == Outcome.PASSED
    notice = notice_publish(meeting=meeting, actor=office)
    objection = objection_lodge(result=result, actor=w.users["applicant_b"],
                                text="该申报人的业绩成果与本人实际工作不符，请核实。")
    return {
        "meeting": meeting, "draw": draw, "result": result, "notice": notice, "objection": objection,
        "expert_off_panel_profile": pool[off[0]],
    }


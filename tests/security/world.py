"""The demo world the security tests request URLs against, made through the real services.

* 张晓明 (applicant A): personal information stored at 龙川县人民医院 (version 1), then an edit
  submitted, approved by the unit and now waiting at 龙川县卫生健康局 (``case``); an attachment;
  a valid certificate (中级, 主治医师) issued by 河源市龙川县人力资源和社会保障局.
* 李雪梅 (applicant B) holds nothing of A's: every object of A's is a 404 for her.
* Two external systems: 广州 (the demo system, all scopes) and 深圳 (its own issuer and committee).
* An expert off the panel: an expert of the 河源市 engineering committee's pool (the building
  committee's pool is ``expert_1``…``expert_12``). The evaluation app has no panels yet, so "on the
  panel" means "in the building committee's expert pool".

``USERS`` is the cast the matrix requests every URL as (keys → demo cast keys).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

# The cast in the order the matrix reports them; value = key in zhicheng.common.demo (or a world user).
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
    "expert_on_panel": "expert_1",  # building committee's pool
    "expert_off_panel": "",  # made by the world: 河源市工程 committee's pool
    "system_admin": "system_admin",
    "security_admin": "security_admin",
    "audit_admin": "audit_admin",
}

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


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


def _expert_off_panel():
    from zhicheng.accounts.models import User
    from zhicheng.common.demo import HEYUAN_ENG_COMMITTEE, make_id_number
    from zhicheng.orgs.constants import Role
    from zhicheng.orgs.models import Membership, Organisation

    user = User(real_name="欧阳明")
    user.set_id_number(make_id_number("441602", "19690909", "771"))
    user.set_phone("13600009999")
    user.set_password("Zhicheng#2026")
    user.save()
    Membership.objects.create(user=user, organisation=Organisation.objects.get(name=HEYUAN_ENG_COMMITTEE),
                              role=Role.EXPERT, is_active=True)
    return user


def world_build() -> World:
    """Build the world in the current transaction (the caller rolls it back)."""
    from zhicheng.accounts.models import User
    from zhicheng.audit.models import AuditEvent
    from zhicheng.cases.services import case_approve
    from zhicheng.catalog.models import Committee, EvaluationPlan, Qualification
    from zhicheng.certificates.services import certificate_issue
    from zhicheng.certificates.tokens import verification_token_make
    from zhicheng.common.demo import BUILDING_COMMITTEE, HEYUAN_ENG_COMMITTEE, person
    from zhicheng.exchange.demo import DEMO_TOKEN, demo_exchange_load
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
        elif key == "expert_off_panel":
            w.users[key] = _expert_off_panel()
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

    # A's certificate from the HR bureau of A's region.
    bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id=unit.region_id)
    qualification = Qualification.objects.get(series__code="health", name="主治医师")
    certificate = certificate_issue(
        holder=a, qualification=qualification, specialty=None, committee=None, recognising_bureau=bureau,
        issuer=bureau, issued_on=dt.date(2024, 12, 20), actor=None,
    )

    # External systems: the demo one (广州) and 深圳.
    gz = demo_exchange_load()
    sz_bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id="440300")
    sz = external_system_create(
        actor=None, name="深圳市职称评审管理服务平台", organisation=sz_bureau, scopes=list(Scope.values),
        issuers=[sz_bureau], committees=[Committee.objects.get(organisation__name="深圳市工程技术人才中级职称评审委员会")],
    )
    sz_token, sz_secret = api_token_issue(actor=None, system=sz, label="安全测试")
    gz_token = gz.tokens.filter(revoked_at__isnull=True).first()

    building = Committee.objects.get(organisation__name=BUILDING_COMMITTEE)
    plan = EvaluationPlan.objects.filter(committee=building).order_by("pk").first()
    assert plan is not None, "the demo world has no plan of the building committee"

    w.objects.update(
        profile=profile,
        attachment=attachment,
        case=case,
        unit=unit,
        supervisor=unit.supervising_unit,
        bureau=bureau,
        certificate=certificate,
        verify_token=verification_token_make(certificate),
        gz=gz, gz_token=gz_token, gz_secret=DEMO_TOKEN,
        sz=sz, sz_token=sz_token, sz_secret=sz_secret,
        building=building,
        heyuan_committee=Committee.objects.get(organisation__name=HEYUAN_ENG_COMMITTEE),
        plan=plan,
        window_org=Organisation.objects.get(name="河源市人力资源和社会保障局"),
        reviewer_membership=Membership.objects.get(user=w.users["unit_reviewer"], organisation=unit),
        audit_event=AuditEvent.objects.order_by("-pk").first(),
        education_row=profile.educationrecord_rows.first(),
    )
    return w


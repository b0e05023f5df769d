"""Units and who acts for them (issue 19): 单位注册 on the case engine, HR bureaus managing the
units of their region (create, rename, move, merge, deactivate), and cases that wait at a unit
nobody acts for."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.constants import CaseStatus
from zhicheng.cases.models import Case, CaseHistory, Notification
from zhicheng.cases.selectors import case_detail_data
from zhicheng.cases.services import case_approve, case_return
from zhicheng.common.validators import make_credit_code
from zhicheng.orgs import services
from zhicheng.orgs.constants import OrgKind, Role
from zhicheng.orgs.models import Membership, Organisation, Region, UnattendedFlag, UnitRegistration
from zhicheng.orgs.registration import BUSINESS
from zhicheng.profiles.models import Profile
from zhicheng.profiles.services import profile_submit
from zhicheng.profiles.tests.conftest import fill_profile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CHANCHENG = "440604"


def letter():
    return SimpleUploadedFile("授权委托书.pdf", PDF, content_type="application/pdf")


def form_data(**over):
    data = {
        "name": "佛山市禅城区示例科技有限公司", "credit_code": make_credit_code("91", CHANCHENG, "MA4UXT01"),
        "region": CHANCHENG, "unit_type": "employer", "holds_personnel_files": "on",
        "supervising_unit": Organisation.objects.get(name="佛山市禅城区教育局").pk,
        "contact_name": "王建国", "contact_phone": "13800000003", "action": "submit",
    }
    data.update(over)
    return data


def test_registration_by_credit_code_approved_by_supervising_unit(client, cast):
    applicant = cast["applicant_c"]
    supervisor = Organisation.objects.get(name="佛山市禅城区教育局")
    reviewer = cast["applicant_b"]
    Membership.objects.create(user=reviewer, organisation=supervisor, role=Role.REVIEWER)
    client.force_login(applicant)
    response = client.post(reverse("orgs:registration_new"), {**form_data(), "file": letter()})
    assert response.status_code == 302, response.content.decode()[:3000]
    reg = UnitRegistration.objects.get(applicant=applicant)
    case = reg.case
    assert case.status == CaseStatus.SUBMITTED and case.current_organisation == supervisor
    assert case.business_type == BUSINESS
    # In the supervising unit's ordinary queue, with the letter to download.
    client.force_login(reviewer)
    queue = client.get(reverse("cases:queue", args=[supervisor.pk])).content.decode()
    assert "单位注册" in queue
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reg.credit_code in detail and "13800000003" not in detail
    assert client.get(reverse("orgs:registration_letter", args=[reg.pk])).status_code == 200
    # Returned with a reason, corrected, approved: the unit exists and the applicant administers it.
    case_return(case=case, actor=reviewer, opinion="授权委托书未盖公章")
    client.force_login(applicant)
    response = client.post(reverse("orgs:registration", args=[case.pk]), form_data(file=letter()))
    assert response.status_code == 302
    case.refresh_from_db()
    case = case_approve(case=case, actor=reviewer, opinion="同意注册。")
    assert case.status == CaseStatus.FINISHED
    org = Organisation.objects.get(credit_code=reg.credit_code)
    assert org.kind == OrgKind.PERSONNEL_UNIT and org.supervising_unit == supervisor and org.holds_personnel_files
    assert Membership.objects.get(user=applicant, organisation=org, role=Role.ORG_ADMIN).is_active
    assert AuditEvent.objects.filter(action="organisation.register", object_id=str(org.pk)).exists()


@pytest.mark.parametrize("code, message", [
    (make_credit_code("91", CHANCHENG, "MA4UXT01")[:-1] + "0", "校验位不正确"),
    (make_credit_code("91", "440606", "MA4UXT01"), "企业应在颁发营业执照的市场监督管理部门所在区划注册"),
])
def test_registration_refuses_bad_codes_next_to_the_field(client, cast, code, message):
    if code.endswith("0") and code == make_credit_code("91", CHANCHENG, "MA4UXT01"):
        pytest.skip("the check character happened to be 0")
    client.force_login(cast["applicant_c"])
    response = client.post(reverse("orgs:registration_new"), {**form_data(credit_code=code), "file": letter()})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "佛山市禅城区示例科技有限公司" in html  # what was typed is kept
    assert not UnitRegistration.objects.exists()


def test_nonpublic_point_registration_goes_to_the_hr_bureau(client, cast):
    client.force_login(cast["applicant_c"])
    client.post(reverse("orgs:registration_new"), {
        **form_data(unit_type="nonpublic_point", supervising_unit="", scope_note="禅城区非公有制单位专业技术人员",
                    credit_code=make_credit_code("52", CHANCHENG, "MA4UXT02")), "file": letter()})
    case = Case.objects.get(business_type=BUSINESS)
    assert case.current_organisation == Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id=CHANCHENG)


def _bureau(cast):
    reviewer = cast["hr_reviewer"]  # 河源市人社局
    return reviewer, Organisation.objects.get(name="河源市人力资源和社会保障局")


def test_hr_bureau_creates_a_nonpublic_point_with_region_override(client, cast):
    reviewer, bureau = _bureau(cast)
    client.force_login(reviewer)
    url = reverse("orgs:bureau_unit_new", args=[bureau.pk])
    data = {"name": "河源市源城区非公有制经济组织职称申报点", "unit_type": "nonpublic_point",
            "credit_code": make_credit_code("52", "441600", "MA4UXT03"), "region": "441602",
            "scope_note": "源城区非公有制单位的专业技术人员"}
    response = client.post(url, data)
    assert "登记机关在" in response.content.decode()
    response = client.post(url, {**data, "region_override_reason": "由市级社会组织登记，服务源城区"})
    assert response.status_code == 302
    point = Organisation.objects.get(name=data["name"])
    assert point.is_nonpublic_point and point.supervising_unit.kind == OrgKind.HR_BUREAU
    event = AuditEvent.objects.get(action="organisation.create", object_id=str(point.pk))
    assert event.detail["region_override_reason"] == "由市级社会组织登记，服务源城区"
    # Outside the bureau's region: refused.
    response = client.post(url, {**data, "name": "越界申报点", "region": "441802",
                                 "credit_code": make_credit_code("52", "441802", "MA4UXT04")})
    assert response.status_code == 200 and not Organisation.objects.filter(name="越界申报点").exists()


def test_merge_rehomes_cases_and_people_and_keeps_history(client, cast):
    reviewer, bureau = _bureau(cast)
    source = Organisation.objects.get(name="龙川县中医院")
    target = Organisation.objects.get(name="龙川县人民医院")
    a = cast["applicant_a"]
    stored = fill_profile(a, source.name)
    first = profile_submit(profile=stored, actor=a)
    case_approve(case=first, actor=cast["other_unit_reviewer"], opinion="同意。")
    case_approve(case=first, actor=cast["supervisor_reviewer"], opinion="同意。")
    b = cast["applicant_b"]
    waiting = profile_submit(profile=fill_profile(b, source.name), actor=b)
    assert waiting.current_organisation == source
    client.force_login(reviewer)
    # Renaming keeps the old name in the case history.
    client.post(reverse("orgs:bureau_unit", args=[bureau.pk, source.pk]),
                {"action": "rename", "rename-name": "龙川县中医医院"})
    source.refresh_from_db()
    assert source.name == "龙川县中医医院"
    route = case_detail_data(case=Case.objects.get(pk=first.pk)).route
    assert any(e.organisation == "龙川县中医院" for e in route)

    response = client.post(reverse("orgs:bureau_unit", args=[bureau.pk, source.pk]),
                           {"action": "merge", "merge-target": target.pk, "merge-reason": "机构整合"}, follow=True)
    assert "已将龙川县中医医院并入龙川县人民医院" in response.content.decode()
    source.refresh_from_db()
    waiting.refresh_from_db()
    assert not source.is_active and source.merged_into == target
    assert waiting.current_organisation == target and waiting.steps.get(order=0).organisation == target
    assert Profile.objects.get(user=a).personnel_unit == target
    assert Notification.objects.filter(user=a, title__contains="转为龙川县人民医院").exists()
    assert Notification.objects.filter(user=b, title__contains="转为龙川县人民医院").exists()
    assert CaseHistory.objects.filter(case=first, organisation=source).exists()  # nothing lost
    event = AuditEvent.objects.get(action="organisation.merge", object_id=str(source.pk))
    assert event.detail["waiting_cases"] == 1 and event.detail["stored_people"] == 1
    # The target's reviewer now decides the waiting case.
    assert case_approve(case=waiting, actor=cast["unit_reviewer"], opinion="同意。").current_step_order == 1


def test_deactivate_needs_a_target_when_people_are_there(client, cast):
    reviewer, bureau = _bureau(cast)
    source = Organisation.objects.get(name="龙川县中医院")
    profile_submit(profile=fill_profile(cast["applicant_b"], source.name), actor=cast["applicant_b"])
    with pytest.raises(Exception) as exc:
        services.unit_deactivate(actor=reviewer, bureau=bureau, unit=source, reason="撤销")
    assert "请选择转入的单位" in str(exc.value)
    source.refresh_from_db()
    assert source.is_active


def test_other_bureau_cannot_manage_these_units(client, cast):
    _reviewer, bureau = _bureau(cast)
    client.force_login(cast["other_hr_reviewer"])  # 清远市
    assert client.get(reverse("orgs:bureau_units", args=[bureau.pk])).status_code == 404
    unit = Organisation.objects.get(name="龙川县中医院")
    assert client.post(reverse("orgs:bureau_unit", args=[bureau.pk, unit.pk]),
                       {"action": "rename", "rename-name": "x"}).status_code == 404
    client.force_login(cast["unit_admin"])
    assert client.get(reverse("orgs:bureau_index")).status_code == 404


def test_case_waiting_at_a_unit_nobody_acts_for_is_flagged(client, cast):
    """Issue 19: an applicant on 省直 → 广东省建设教育协会 waited for ever. Now the unit's
    supervising unit and the HR bureau of its region are told, and the bureau's page shows it."""
    point = Organisation.objects.get(name="广东省建设教育协会")
    Membership.objects.filter(organisation=point, role=Role.REVIEWER).update(is_active=False)
    supervisor_person, bureau_person = cast["applicant_b"], cast["province_hr_reviewer"]
    Membership.objects.create(user=supervisor_person, organisation=point.supervising_unit, role=Role.REVIEWER)
    c = cast["applicant_c"]
    case = profile_submit(profile=fill_profile(c, point.name), actor=c)
    assert case.current_organisation == point
    assert UnattendedFlag.objects.filter(organisation=point).count() == 1
    for person in (supervisor_person, bureau_person):
        assert Notification.objects.filter(
            user=person, title__contains="广东省建设教育协会有 1 件业务无人审核"
        ).exists()
    # At most once a day.
    assert services.unattended_units_flag() == []
    bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id="440000")
    client.force_login(bureau_person)
    html = client.get(reverse("orgs:bureau_units", args=[bureau.pk]) + "?waiting=1").content.decode()
    assert "广东省建设教育协会（1 件）" in html and "无人审核" in html
    home = client.get("/").content.decode()
    assert reverse("orgs:bureau_units", args=[bureau.pk]) in home


def test_region_overview_query_count(client, cast, django_assert_max_num_queries):
    from zhicheng.orgs.selectors import region_units_overview

    bureau = Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id="440000")
    with django_assert_max_num_queries(2):
        rows = region_units_overview(bureau=bureau)
    assert len(rows) == Organisation.objects.filter(kind=OrgKind.PERSONNEL_UNIT).count()
    assert Region.objects.exists()


def test_demo_path_to_the_building_education_association_reaches_storage(cast):
    """The 省直 → 广东省建设教育协会 path of the demo: its demo staff act, the profile is stored."""
    from tests.world.cast import person
    from zhicheng.accounts.models import User

    point = Organisation.objects.get(name="广东省建设教育协会")
    c = cast["applicant_c"]
    case = profile_submit(profile=fill_profile(c, point.name), actor=c)
    assert not UnattendedFlag.objects.filter(organisation=point).exists()  # someone can act
    for key in ("point_reviewer", "province_supervisor_reviewer"):
        case = case_approve(case=case, actor=User.objects.get_by_id_number(person(key).id_number), opinion="同意。")
    assert case.status == CaseStatus.FINISHED
    assert Profile.objects.get(user=c).personnel_unit == point


def test_a_committee_whose_office_acts_is_not_flagged(cast):
    """The demo told 吴刚 that 河源市工程技术人才中级职称评审委员会 had a case nobody could act on,
    while 林涛 staffs its office: at a committee the office acts, not a reviewer."""
    from tests.world.cast import HEYUAN_ENG_COMMITTEE
    from zhicheng.orgs.selectors import units_unattended

    committee_org = Organisation.objects.get(name=HEYUAN_ENG_COMMITTEE)
    c = cast["applicant_c"]
    case = profile_submit(profile=fill_profile(c), actor=c)
    Case.objects.filter(pk=case.pk).update(current_organisation=committee_org)  # waiting at the committee
    assert units_unattended(organisation_ids=[committee_org.pk]) == []
    Membership.objects.filter(organisation=committee_org, role=Role.COMMITTEE_OFFICE).update(is_active=False)
    assert units_unattended(organisation_ids=[committee_org.pk]) == [(committee_org, 1)]

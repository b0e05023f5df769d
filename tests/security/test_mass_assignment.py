"""Mass assignment: extra fields posted to a form or an API payload change nothing they name.

Forms list their fields and services take keyword arguments, so a posted ``is_staff`` or
``status`` has nowhere to go; these tests post them anyway, to every form that writes, and check
that the rows are what the form's own fields allow. The API's schemas forbid unknown fields (422).
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from tests.world.cast import make_id_number, person
from zhicheng.orgs.models import Membership, Organisation

pytestmark = pytest.mark.django_db

PASSWORD = "Lingnan#Spring42"


def _extras(world, **more) -> dict:
    """Fields no form here has: privileges, ownership, state, numbers and routing."""
    other_unit = Organisation.objects.get(name="龙川县中医院")
    data = {
        "is_staff": "on", "is_superuser": "on", "admin_duty": "system", "must_change_password": "on",
        "is_active": "on", "status": "finished", "organisation": other_unit.pk, "current_organisation": other_unit.pk,
        "route": "[]", "number": "202444162230000019", "case": world.case.pk, "applicant": world.user("applicant_b").pk,
        "holder": world.user("applicant_b").pk, "user": world.user("applicant_a").pk, "profile": world.profile.pk,
        "personnel_unit": other_unit.pk, "supervising_unit": other_unit.pk, "stored_version": 1, "committee": 1,
        "id": 1, "pk": 1, "created_by": world.user("system_admin").pk,
    }
    data.update(more)
    return data


def _client(world, key: str) -> Client:
    client = Client()
    if world.user(key) is not None:
        client.force_login(world.user(key))
    return client


def test_registration_ignores_privilege_fields(security_world):
    from zhicheng.accounts.models import User

    id_number = make_id_number("441622", "19950707", "345")
    data = _extras(security_world, id_number=id_number, real_name="周小红", phone="13811112222", email="",
                   password1=PASSWORD, password2=PASSWORD)
    response = Client().post("/accounts/register/", data)
    assert response.status_code == 302
    user = User.objects.get_by_id_number(id_number)
    assert (user.is_staff, user.is_superuser, user.admin_duty, user.must_change_password) == (False, False, "", False)
    assert not Membership.objects.filter(user=user).exists()


def test_profile_basic_and_unit_ignore_ownership_and_chain(security_world):
    from zhicheng.profiles.models import Profile

    b = security_world.user("applicant_b")
    client = _client(security_world, "applicant_b")
    a_profile_before = Profile.objects.filter(pk=security_world.profile.pk).values().get()
    data = _extras(security_world, gender="F", ethnicity="汉族", political_status="masses", current_position="护士")
    assert client.post("/profile/basic/", data).status_code == 302
    profile = Profile.objects.get(user=b)
    assert (
        profile.personnel_unit_id is None and profile.stored_version_id is None and profile.current_position == "护士"
    )

    chosen = Organisation.objects.get(name="龙川县人民医院")
    supervisor = chosen.supervising_unit_id
    assert client.post("/profile/unit/", _extras(security_world, unit=chosen.pk)).status_code == 302
    profile.refresh_from_db()
    assert profile.draft_personnel_unit_id == chosen.pk and profile.personnel_unit_id is None
    assert Organisation.objects.get(pk=chosen.pk).supervising_unit_id == supervisor  # the unit fixes its supervisor
    assert Profile.objects.filter(pk=security_world.profile.pk).values().get() == a_profile_before


def test_profile_rows_cannot_be_aimed_at_someone_else(security_world):
    """A row id of another person's profile is a 404; a new row lands on the poster's own profile."""
    from zhicheng.profiles.models import EducationRecord

    a_row = security_world.education_row
    before = EducationRecord.objects.filter(pk=a_row.pk).values().get()
    client = _client(security_world, "applicant_b")
    row = {"school": "广东医科大学", "major": "护理学", "education": a_row.education, "start_date": "2006-09-01",
           "end_date": "2010-07-01"}
    assert client.post("/profile/section/education/", {**row, "row": a_row.pk}).status_code == 404
    assert EducationRecord.objects.filter(pk=a_row.pk).values().get() == before
    assert client.post("/profile/section/education/", {**row, **_extras(security_world)}).status_code == 302
    new = EducationRecord.objects.exclude(pk=a_row.pk).get(school="广东医科大学")
    assert new.profile.user == security_world.user("applicant_b")


def test_case_decision_ignores_state_fields(security_world):
    from zhicheng.cases.models import Case

    case = security_world.case
    client = _client(security_world, "supervisor_reviewer")
    data = _extras(security_world, decision="return", opinion="工作经历缺少证明材料。", parts="record:work",
                   correction_days=10, expected_step=case.current_step_order, current_step_order=0)
    assert client.post(f"/cases/{case.pk}/", data).status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.status == "returned"
    assert case.applicant == security_world.user("applicant_a")
    assert case.history.order_by("-pk").first().organisation == security_world.supervisor


def test_staff_grant_only_grants_the_chosen_role_here(security_world):
    from zhicheng.accounts.models import User

    b = security_world.user("applicant_b")
    unit = security_world.unit
    client = _client(security_world, "unit_admin")
    data = _extras(security_world, id_number=person("applicant_b").id_number, role="reviewer")
    assert client.post(f"/accounts/staff/{unit.pk}/", data).status_code == 302
    assert list(Membership.objects.filter(user=b).values_list("organisation_id", "role")) == [(unit.pk, "reviewer")]
    b = User.objects.get(pk=b.pk)
    assert (b.is_staff, b.is_superuser, b.admin_duty) == (False, False, "")


def test_admin_duty_form_sets_only_the_duty(security_world):
    from zhicheng.accounts.models import User

    client = _client(security_world, "security_admin")
    data = _extras(security_world, id_number=person("applicant_c").id_number, duty="audit")
    data.pop("admin_duty")
    response = client.post("/accounts/admin-duties/", data)
    assert response.status_code in (200, 302)
    c = User.objects.get_by_id_number(person("applicant_c").id_number)
    assert (c.is_staff, c.is_superuser, c.must_change_password) == (False, False, False)


def test_plan_form_keeps_committee_and_status(security_world):
    from zhicheng.catalog.models import EvaluationPlan

    building = security_world.building
    client = _client(security_world, "committee_office")
    year = timezone.localdate().year + 1
    data = _extras(
        security_world,
        year=year,
        title=f"{year}年度安全测试评审计划",
        levels=[building.max_level],
        opens_at=f"{year}-03-01",
        closes_at=f"{year}-04-30",
        notes="",
        pledge_text="本人承诺材料真实。",
        committee=security_world.heyuan_committee.pk,
        status="published",
    )
    response = client.post(f"/catalog/committees/{building.pk}/plans/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = EvaluationPlan.objects.get(title=f"{year}年度安全测试评审计划")
    assert plan.committee == building and plan.status == "draft"


def test_certificate_void_changes_only_status(security_world):
    from zhicheng.certificates.models import Certificate

    certificate = security_world.certificate
    client = _client(security_world, "hr_reviewer")
    data = _extras(security_world, reason="申报材料不实，撤销评审结果。", confirm="on", holder_name="李雪梅",
                   issued_on="2020-01-01")
    assert client.post(f"/certificates/manage/{certificate.pk}/void/", data).status_code == 302
    after = Certificate.objects.get(pk=certificate.pk)
    assert after.status == "voided"
    assert (after.number, after.holder_id, after.holder_name, after.issued_on) == (
        certificate.number, certificate.holder_id, certificate.holder_name, certificate.issued_on,
    )


def test_external_system_form_ignores_token_and_identity_fields(security_world):
    from zhicheng.exchange.models import ExternalSystem

    sz = security_world.sz
    gz_before = ExternalSystem.objects.filter(pk=security_world.gz.pk).values().get()
    tokens_before = sz.tokens.count()
    client = _client(security_world, "system_admin")
    data = _extras(
        security_world, name=sz.name, organisation=sz.organisation_id, scopes=["certificates:read"],
        issuers=[o.pk for o in sz.issuers.all()], committees=[c.pk for c in sz.committees.all()], is_active="on",
        id=security_world.gz.pk, pk=security_world.gz.pk, digest="0" * 64, tokens="x", token="zc_forged",
    )
    assert client.post(f"/api/manage/{sz.pk}/edit/", data).status_code == 302
    sz = ExternalSystem.objects.get(pk=sz.pk)
    assert sz.scopes == ["certificates:read"] and sz.tokens.count() == tokens_before
    assert ExternalSystem.objects.filter(pk=security_world.gz.pk).values().get() == gz_before


def _api(world, path: str, body: dict):
    return Client().post(
        f"/api/v1{path}", data=json.dumps(body), content_type="application/json",
        headers={"Authorization": f"Bearer {world.gz_secret}", "Idempotency-Key": f"mass-{path}"},
    )


def test_api_payloads_refuse_unknown_fields(security_world):
    from zhicheng.certificates.models import Certificate

    before = Certificate.objects.count()
    holder = {
        "id_number": make_id_number("440106", "19850115", "101"), "name": "陈建华", "qualification": "工程师",
        "level": 3, "committee": "广州市工程技术人才中级职称评审委员会", "issuer": "440100",
    }
    for path, body in (
        ("/numbers/allocate", {"holders": [{**holder, "number": "202644010030000018", "status": "valid"}]}),
        ("/numbers/allocate", {"holders": [holder], "issuer_override": "440000"}),
        ("/certificates/report", {"certificates": [{"number": "202644010030000018", "issued_on": "2026-01-05",
                                                     "holder": "张三", "status": "valid"}]}),
        ("/certificates/void", {"number": "202644010030000018", "reason": "x", "status": "valid"}),
    ):
        response = _api(security_world, path, body)
        assert response.status_code == 422, (path, response.content)
        assert response.json()["code"] == "validation_error"
        assert "不允许的字段" in response.json()["message"]
    assert Certificate.objects.count() == before

"""Personal information through the chain: submit, withdraw, return, store, versions, uploads.

On the tests' own cast (``crew``) and the profile factory: no demo data, except the page walk and the
unit search, which search the demo's units."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.constants import CaseStatus
from zhicheng.cases.services import case_approve, case_return
from zhicheng.cases.workflow import CaseAlreadyHandled, TransitionNotAllowed
from zhicheng.orgs.models import Organisation
from zhicheng.orgs.tests.factories import MembershipFactory
from zhicheng.profiles.models import Achievement, Profile, ProfileVersion
from zhicheng.profiles.selectors import profile_stored_achievements, profile_stored_chain
from zhicheng.profiles.services import (
    ProfileIncomplete,
    ProfileLocked,
    attachment_upload,
    profile_basic_update,
    profile_row_save,
    profile_submit,
    profile_unit_choose,
    profile_withdraw,
)
from zhicheng.profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def test_incomplete_profile_cannot_be_submitted(crew):
    from zhicheng.profiles.services import profile_get_or_create

    profile = profile_get_or_create(user=crew.applicant)
    with pytest.raises(ProfileIncomplete) as exc:
        profile_submit(profile=profile, actor=crew.applicant)
    assert "请选择人事管理单位" in exc.value.message


@pytest.fixture
def draft(crew):
    """The crew's applicant's complete draft at 测试人民医院 (not submitted)."""
    return ProfileFactory(user=crew.applicant, unit=crew.unit)


def test_whole_chain_to_stored(draft, crew):
    a = crew.applicant
    case = profile_submit(profile=draft, actor=a)
    assert case.current_organisation == crew.unit
    assert not profile_stored_chain(a).is_stored
    case = case_approve(case=case, actor=crew.unit_reviewer)
    assert case.current_organisation == crew.supervisor
    case = case_approve(case=case, actor=crew.supervisor_reviewer)
    assert case.status == CaseStatus.FINISHED
    chain = profile_stored_chain(a)
    assert chain.is_stored and chain.personnel_unit == crew.unit
    assert chain.supervising_unit == crew.supervisor
    assert chain.hr_bureau.name == "河源市龙川县人力资源和社会保障局"
    assert chain.version.number == 1
    assert AuditEvent.objects.filter(action="profile.store", object_id=str(draft.pk)).exists()
    history = list(case.history.exclude(decision="save").order_by("pk").values_list("decision", "actor_id"))
    assert history == [("submit", a.pk), ("approve", crew.unit_reviewer.pk), ("approve", crew.supervisor_reviewer.pk)]


def test_factory_states_are_the_chain_states(crew):
    submitted = ProfileFactory(submitted=True, user=crew.applicant, unit=crew.unit)
    assert submitted.last_case.status == CaseStatus.SUBMITTED
    assert submitted.last_case.current_organisation == crew.unit
    up = ProfileFactory(at_supervising_unit=True, user=crew.applicant_2, unit=crew.other_unit)
    assert up.last_case.current_organisation == crew.supervisor
    assert up.last_case.history.filter(decision="approve").get().actor == crew.other_unit_reviewer
    stored = ProfileFactory(stored=True)  # its own applicant, unit, supervising unit and reviewers
    assert stored.last_case.status == CaseStatus.FINISHED and profile_stored_chain(stored.user).is_stored


def test_draft_is_locked_while_under_review(draft, crew):
    profile_submit(profile=draft, actor=crew.applicant)
    with pytest.raises(ProfileLocked):
        profile_basic_update(profile=draft, actor=crew.applicant, data={"current_position": "主任"})


def test_withdraw_and_pick_another_unit(crew):
    a = crew.applicant
    profile = ProfileFactory(user=a, unit=crew.other_unit)
    case = profile_submit(profile=profile, actor=a)
    assert case.current_organisation == crew.other_unit
    profile_withdraw(profile=profile, actor=a)
    profile_unit_choose(profile=profile, actor=a, unit=crew.unit)
    case = profile_submit(profile=profile, actor=a)
    assert case.current_organisation == crew.unit
    assert list(case.steps.values_list("organisation", flat=True)) == [crew.unit.pk, crew.supervisor.pk]
    assert ProfileVersion.objects.get(case=case).data["unit"]["name"] == "测试人民医院"


def test_withdraw_refused_once_the_unit_has_acted(crew):
    profile = ProfileFactory(at_supervising_unit=True, user=crew.applicant, unit=crew.unit)
    with pytest.raises(TransitionNotAllowed, match="不能撤回"):
        profile_withdraw(profile=profile, actor=crew.applicant)


def test_return_correct_and_resubmit(crew):
    a = crew.applicant
    profile = ProfileFactory(submitted=True, user=a, unit=crew.unit)
    case_return(case=profile.last_case, actor=crew.unit_reviewer, opinion="请补充年度考核")
    from zhicheng.profiles.models import Appraisal

    profile_row_save(profile=profile, actor=a, row=Appraisal(year=2024, result="qualified"))
    case = profile_submit(profile=profile, actor=a)
    assert case.status == CaseStatus.SUBMITTED
    assert ProfileVersion.objects.get(case=case).data["appraisals"][0]["year"] == 2024


def test_versions_after_store_keep_the_old_one_in_force(crew):
    a = crew.applicant
    profile = ProfileFactory(stored=True, user=a, unit=crew.unit)
    first = profile_stored_chain(a).version

    profile_row_save(profile=profile, actor=a, row=Achievement(kind="paper", title="新论文", date="2024-05-01"))
    case2 = profile_submit(profile=profile, actor=a)
    assert case2.pk != profile.last_case.pk and case2.summary == "个人基本信息变更"
    # Under review: the stored version stays in force and unchanged.
    assert profile_stored_chain(a).version == first
    assert profile_stored_achievements(a) == []
    case_approve(case=case2, actor=crew.unit_reviewer)
    case_approve(case=case2, actor=crew.supervisor_reviewer)
    chain = profile_stored_chain(a)
    assert chain.version.number == 2
    assert [x["title"] for x in profile_stored_achievements(a)] == ["新论文"]
    assert list(ProfileVersion.objects.filter(profile=profile).order_by("number").values_list("number", flat=True)) == [
        1,
        2,
    ]
    first.refresh_from_db()
    assert first.data["achievements"] == []
    with pytest.raises(ValueError):
        first.save()


def test_two_reviewers_same_unit_one_wins(crew):
    from zhicheng.orgs.constants import Role

    MembershipFactory(user=crew.unit_admin, organisation=crew.unit, role=Role.REVIEWER)
    case = ProfileFactory(submitted=True, user=crew.applicant, unit=crew.unit).last_case
    case_approve(case=case, actor=crew.unit_reviewer, expected_step=0)
    with pytest.raises(CaseAlreadyHandled):
        case_approve(case=case, actor=crew.unit_admin, expected_step=0)


# -- uploads ---------------------------------------------------------------------------------
def test_gif_renamed_png_is_refused(draft, crew, client):
    client.force_login(crew.applicant)
    r = client.post(reverse("profiles:attachments"), {"kind": "id_card", "file": SimpleUploadedFile("id.png", GIF)})
    assert r.status_code == 200
    assert "文件内容不是 PDF、JPG 或 PNG" in r.content.decode()
    assert not draft.attachment_rows.exists()


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_oversize_is_refused(draft, crew, client):
    client.force_login(crew.applicant)
    big = PNG + b"\x00" * 2048
    r = client.post(reverse("profiles:attachments"), {"kind": "id_card", "file": SimpleUploadedFile("id.png", big)})
    assert "文件过大" in r.content.decode()
    assert not draft.attachment_rows.exists()


def test_pdf_with_png_name_is_refused(draft, crew):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        attachment_upload(profile=draft, actor=crew.applicant, kind="other", uploaded=SimpleUploadedFile("a.png", PDF))


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_attachment_download_owner_route_and_404(draft, crew, client, media):
    a = crew.applicant
    att = attachment_upload(profile=draft, actor=a, kind="education", uploaded=SimpleUploadedFile("毕业证.pdf", PDF))
    assert str(media) in att.file.path
    url = reverse("profiles:attachment_download", args=[att.pk])
    client.force_login(a)
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert b"".join(r.streaming_content) == PDF
    client.force_login(crew.unit_reviewer)
    assert client.get(url).status_code == 404  # not yet on any route of the applicant
    case = profile_submit(profile=draft, actor=a)
    assert client.get(url).status_code == 200
    client.force_login(crew.other_unit_reviewer)
    assert client.get(url).status_code == 404
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    client.force_login(crew.applicant_2)
    assert client.get(url).status_code == 404


# -- pages -------------------------------------------------------------------------------------
def test_pages_walk(cast, client):
    a = cast["applicant_a"]
    client.force_login(a)
    assert "开始填写" in client.get(reverse("profiles:dashboard")).content.decode()
    page = client.get(reverse("profiles:basic")).content.decode()
    assert "性别（按证件）" in page and 'name="gender"' not in page  # read from the ID number, not asked again
    r = client.post(reverse("profiles:basic"), {"ethnicity": "", "political_status": "masses"})
    assert "民族" in r.content.decode() and 'value="masses" selected' in r.content.decode()  # kept, error shown
    r = client.post(reverse("profiles:basic"), {"gender": "F", "ethnicity": "汉族", "political_status": "masses"})
    assert r.status_code == 302
    a.profile.refresh_from_db()
    assert a.profile.gender == a.gender == "M"  # a typed gender cannot contradict the ID
    unit = Organisation.objects.get(name="龙川县人民医院")
    r = client.get(reverse("profiles:unit"), {"city": "441600", "county": "441622", "q": "lcxrmyy"})
    assert "龙川县人民医院" in r.content.decode() and "龙川县中医院" not in r.content.decode()
    assert client.post(reverse("profiles:unit"), {"unit": unit.pk}).status_code == 302
    r = client.post(
        reverse("profiles:section", args=["education"]),
        {
            "school": "嘉应学院",
            "major": "临床医学",
            "education": 4,
            "start_date": "2013-09-01",
            "end_date": "2008-07-01",
        },
    )
    assert "结束时间不能早于开始时间" in r.content.decode() and "嘉应学院" in r.content.decode()
    client.post(
        reverse("profiles:section", args=["education"]),
        {
            "school": "嘉应学院",
            "major": "临床医学",
            "education": 4,
            "start_date": "2008-09-01",
            "end_date": "2013-07-01",
        },
    )
    client.post(
        reverse("profiles:section", args=["work"]),
        {"unit_name": "龙川县人民医院", "post": "医师", "start_date": "2013-08-01"},
    )
    r = client.post(reverse("profiles:submit"), follow=True)
    assert "已提交至龙川县人民医院审核" in r.content.decode()
    assert Profile.objects.get(user=a).draft_personnel_unit == unit


def test_unit_search_endpoint_by_initials(cast, client):
    client.force_login(cast["applicant_a"])
    r = client.get(reverse("orgs:unit_search"), {"city": "441800", "q": "qysrcsc"})
    assert "清远市人才市场" in r.content.decode()
    r = client.get(reverse("orgs:unit_search"), {"city": "441800", "q": "清远市人才"})
    assert "清远市人才市场" in r.content.decode()
    r = client.get(reverse("orgs:region_counties"), {"city": "441600"})
    assert "龙川县" in r.content.decode()


def test_dashboard_shows_returned_reason_and_notifications(crew, client):
    a = crew.applicant
    case = ProfileFactory(submitted=True, user=a, unit=crew.unit).last_case
    case_return(case=case, actor=crew.unit_reviewer, opinion="学历证书编号有误")
    client.force_login(a)
    page = client.get(reverse("profiles:dashboard")).content.decode()
    assert "学历证书编号有误" in page and "测试人民医院" in page and "1 条未读" in page



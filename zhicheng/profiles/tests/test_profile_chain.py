"""Personal information through the chain: submit, withdraw, return, store, versions, uploads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.constants import CaseStatus
from zhicheng.cases.services import case_approve, case_return
from zhicheng.cases.workflow import CaseAlreadyHandled, TransitionNotAllowed
from zhicheng.demo.profiles import demo_profiles_load
from zhicheng.orgs.models import Organisation
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

from .conftest import fill_profile

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def test_incomplete_profile_cannot_be_submitted(cast):
    from zhicheng.profiles.services import profile_get_or_create

    profile = profile_get_or_create(user=cast["applicant_a"])
    with pytest.raises(ProfileIncomplete) as exc:
        profile_submit(profile=profile, actor=cast["applicant_a"])
    assert "请选择人事管理单位" in exc.value.message


def test_whole_chain_to_stored(filled_profile, cast):
    a = cast["applicant_a"]
    case = profile_submit(profile=filled_profile, actor=a)
    assert case.current_organisation.name == "龙川县人民医院"
    assert not profile_stored_chain(a).is_stored
    case = case_approve(case=case, actor=cast["unit_reviewer"])
    assert case.current_organisation.name == "龙川县卫生健康局"
    case = case_approve(case=case, actor=cast["supervisor_reviewer"])
    assert case.status == CaseStatus.FINISHED
    chain = profile_stored_chain(a)
    assert chain.is_stored and chain.personnel_unit.name == "龙川县人民医院"
    assert chain.supervising_unit.name == "龙川县卫生健康局"
    assert chain.hr_bureau.name == "河源市龙川县人力资源和社会保障局"
    assert chain.version.number == 1
    assert AuditEvent.objects.filter(action="profile.store", object_id=str(filled_profile.pk)).exists()


def test_draft_is_locked_while_under_review(filled_profile, cast):
    a = cast["applicant_a"]
    profile_submit(profile=filled_profile, actor=a)
    with pytest.raises(ProfileLocked):
        profile_basic_update(profile=filled_profile, actor=a, data={"current_position": "主任"})


def test_withdraw_and_pick_another_unit(cast):
    a = cast["applicant_a"]
    profile = fill_profile(a, "龙川县中医院")
    case = profile_submit(profile=profile, actor=a)
    assert case.current_organisation.name == "龙川县中医院"
    profile_withdraw(profile=profile, actor=a)
    profile_unit_choose(profile=profile, actor=a, unit=Organisation.objects.get(name="龙川县人民医院"))
    case = profile_submit(profile=profile, actor=a)
    assert case.current_organisation.name == "龙川县人民医院"
    assert list(case.steps.values_list("organisation__name", flat=True)) == ["龙川县人民医院", "龙川县卫生健康局"]
    assert ProfileVersion.objects.get(case=case).data["unit"]["name"] == "龙川县人民医院"


def test_withdraw_refused_once_the_unit_has_acted(filled_profile, cast):
    a = cast["applicant_a"]
    case = profile_submit(profile=filled_profile, actor=a)
    case_approve(case=case, actor=cast["unit_reviewer"])
    with pytest.raises(TransitionNotAllowed, match="不能撤回"):
        profile_withdraw(profile=filled_profile, actor=a)


def test_return_correct_and_resubmit(filled_profile, cast):
    a = cast["applicant_a"]
    case = profile_submit(profile=filled_profile, actor=a)
    case_return(case=case, actor=cast["unit_reviewer"], opinion="请补充年度考核")
    from zhicheng.profiles.models import Appraisal

    profile_row_save(profile=filled_profile, actor=a, row=Appraisal(year=2024, result="qualified"))
    case = profile_submit(profile=filled_profile, actor=a)
    assert case.status == CaseStatus.SUBMITTED
    assert ProfileVersion.objects.get(case=case).data["appraisals"][0]["year"] == 2024


def test_versions_after_store_keep_the_old_one_in_force(filled_profile, cast):
    a = cast["applicant_a"]
    case = profile_submit(profile=filled_profile, actor=a)
    case_approve(case=case, actor=cast["unit_reviewer"])
    case_approve(case=case, actor=cast["supervisor_reviewer"])
    first = profile_stored_chain(a).version

    profile_row_save(profile=filled_profile, actor=a, row=Achievement(kind="paper", title="新论文", date="2024-05-01"))
    case2 = profile_submit(profile=filled_profile, actor=a)
    assert case2.pk != case.pk and case2.summary == "个人基本信息变更"
    # Under review: the stored version stays in force and unchanged.
    assert profile_stored_chain(a).version == first
    assert profile_stored_achievements(a) == []
    case_approve(case=case2, actor=cast["unit_reviewer"])
    case_approve(case=case2, actor=cast["supervisor_reviewer"])
    chain = profile_stored_chain(a)
    assert chain.version.number == 2
    assert [x["title"] for x in profile_stored_achievements(a)] == ["新论文"]
    assert list(ProfileVersion.objects.filter(profile=filled_profile).order_by("number").values_list("number", flat=True)) == [1, 2]
    first.refresh_from_db()
    assert first.data["achievements"] == []
    with pytest.raises(ValueError):
        first.save()


def test_two_reviewers_same_unit_one_wins(filled_profile, cast):
    from zhicheng.orgs.constants import Role
    from zhicheng.orgs.models import Membership

    Membership.objects.create(user=cast["unit_admin"], organisation=Organisation.objects.get(name="龙川县人民医院"),
                              role=Role.REVIEWER)
    case = profile_submit(profile=filled_profile, actor=cast["applicant_a"])
    case_approve(case=case, actor=cast["unit_reviewer"], expected_step=0)
    with pytest.raises(CaseAlreadyHandled):
        case_approve(case=case, actor=cast["unit_admin"], expected_step=0)


# -- uploads ---------------------------------------------------------------------------------
def test_gif_renamed_png_is_refused(filled_profile, cast, client):
    client.force_login(cast["applicant_a"])
    r = client.post(reverse("profiles:attachments"), {"kind": "id_card", "file": SimpleUploadedFile("id.png", GIF)})
    assert r.status_code == 200
    assert "文件内容不是 PDF、JPG 或 PNG" in r.content.decode()
    assert not filled_profile.attachment_rows.exists()


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_oversize_is_refused(filled_profile, cast, client):
    client.force_login(cast["applicant_a"])
    big = PNG + b"\x00" * 2048
    r = client.post(reverse("profiles:attachments"), {"kind": "id_card", "file": SimpleUploadedFile("id.png", big)})
    assert "文件过大" in r.content.decode()
    assert not filled_profile.attachment_rows.exists()


def test_pdf_with_png_name_is_refused(filled_profile, cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        attachment_upload(profile=filled_profile, actor=cast["applicant_a"], kind="other",
                          uploaded=SimpleUploadedFile("a.png", PDF))


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_attachment_download_owner_route_and_404(filled_profile, cast, client, media):
    a = cast["applicant_a"]
    att = attachment_upload(profile=filled_profile, actor=a, kind="education",
                            uploaded=SimpleUploadedFile("毕业证.pdf", PDF))
    assert str(media) in att.file.path
    url = reverse("profiles:attachment_download", args=[att.pk])
    client.force_login(a)
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert b"".join(r.streaming_content) == PDF
    client.force_login(cast["unit_reviewer"])
    assert client.get(url).status_code == 404  # not yet on any route of the applicant
    case = profile_submit(profile=filled_profile, actor=a)
    assert client.get(url).status_code == 200
    client.force_login(cast["other_unit_reviewer"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    client.force_login(cast["applicant_b"])
    assert client.get(url).status_code == 404


# -- pages -------------------------------------------------------------------------------------
def test_pages_walk(cast, client):
    a = cast["applicant_a"]
    client.force_login(a)
    assert "开始填写" in client.get(reverse("profiles:dashboard")).content.decode()
    r = client.post(reverse("profiles:basic"), {"gender": "F", "ethnicity": "汉族", "political_status": "masses"})
    assert "性别与身份证号码不符" in r.content.decode() and 'value="汉族" selected' in r.content.decode()
    r = client.post(reverse("profiles:basic"), {"gender": "M", "ethnicity": "汉族", "political_status": "masses"})
    assert r.status_code == 302
    unit = Organisation.objects.get(name="龙川县人民医院")
    r = client.get(reverse("profiles:unit"), {"city": "441600", "county": "441622", "q": "lcxrmyy"})
    assert "龙川县人民医院" in r.content.decode() and "龙川县中医院" not in r.content.decode()
    assert client.post(reverse("profiles:unit"), {"unit": unit.pk}).status_code == 302
    r = client.post(reverse("profiles:section", args=["education"]),
                    {"school": "嘉应学院", "major": "临床医学", "education": 4, "start_date": "2013-09-01", "end_date": "2008-07-01"})
    assert "结束时间不能早于开始时间" in r.content.decode() and "嘉应学院" in r.content.decode()
    client.post(reverse("profiles:section", args=["education"]),
                {"school": "嘉应学院", "major": "临床医学", "education": 4, "start_date": "2008-09-01", "end_date": "2013-07-01"})
    client.post(reverse("profiles:section", args=["work"]), {"unit_name": "龙川县人民医院", "post": "医师", "start_date": "2013-08-01"})
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


def test_demo_profiles_load(cast):
    demo_profiles_load()
    demo_profiles_load()  # idempotent
    chain = profile_stored_chain(cast["applicant_c"])
    assert chain.is_stored and chain.personnel_unit.name == "龙川县城乡建设投资有限公司"
    assert chain.supervising_unit.name == "龙川县住房和城乡建设局"
    assert len(profile_stored_achievements(cast["applicant_c"])) == 3
    b = Profile.objects.get(user=cast["applicant_b"])
    assert b.stored_version is None
    from zhicheng.cases.models import Case

    assert Case.objects.get(applicant=cast["applicant_b"]).current_organisation.name == "龙川县人民医院"


def test_dashboard_shows_returned_reason_and_notifications(filled_profile, cast, client):
    a = cast["applicant_a"]
    case = profile_submit(profile=filled_profile, actor=a)
    case_return(case=case, actor=cast["unit_reviewer"], opinion="学历证书编号有误")
    client.force_login(a)
    page = client.get(reverse("profiles:dashboard")).content.decode()
    assert "学历证书编号有误" in page and "龙川县人民医院" in page and "1 条未读" in page



"""Uploaded files are seen by staff only through a case submitted with them (issue 18, finding 6).

The attack: any staff member whose organisation ever had a case of the applicant downloaded all of
the applicant's attachments, including a draft uploaded after storage and never submitted, and one
the applicant removed. The rule now (``zhicheng.cases.files.uploaded_file_visible_to``, used by
every download view): staff see a file only through a case that was submitted with it, in the
version it was submitted with, while the case is at or has passed through their organisation;
removed and never-submitted files never. The applicant still sees their own.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.services import case_accept, case_approve, case_grant, case_return
from zhicheng.profiles.services import attachment_upload, profile_row_delete, profile_submit

pytestmark = pytest.mark.django_db

PDF_1 = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PDF_2 = b"%PDF-1.4\n2 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(profile, actor, name, data=PDF_1, kind="education"):
    return attachment_upload(profile=profile, actor=actor, kind=kind,
                             uploaded=SimpleUploadedFile(name, data, content_type="application/pdf"))


@pytest.fixture
def stored_a(cast):
    """张晓明's profile with one attachment (毕业证), submitted and stored through 龙川县人民医院
    and 龙川县卫生健康局."""
    from zhicheng.profiles.tests.conftest import fill_profile

    a = cast["applicant_a"]
    profile = fill_profile(a)
    diploma = _upload(profile, a, "毕业证.pdf")
    case = profile_submit(profile=profile, actor=a)
    case_approve(case=case, actor=cast["unit_reviewer"])
    case_approve(case=case, actor=cast["supervisor_reviewer"])
    profile.refresh_from_db()
    assert profile.stored_version_id
    return profile, diploma


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def _attachment(pk):
    return reverse("profiles:attachment_download", args=[pk])


def test_staff_never_see_a_draft_attachment_uploaded_after_storage(stored_a, cast, client):
    profile, diploma = stored_a
    draft = _upload(profile, cast["applicant_a"], "新证书草稿.pdf", PDF_2)
    assert _get(client, cast["unit_reviewer"], _attachment(diploma.pk)).status_code == 200
    for who in ("unit_reviewer", "supervisor_reviewer"):
        assert _get(client, cast[who], _attachment(draft.pk)).status_code == 404, who
    response = _get(client, cast["applicant_a"], _attachment(draft.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_2


def test_staff_never_see_a_removed_attachment(stored_a, cast, client):
    profile, diploma = stored_a
    profile_row_delete(profile=profile, actor=cast["applicant_a"], row=diploma)
    for who in ("unit_reviewer", "supervisor_reviewer"):
        assert _get(client, cast[who], _attachment(diploma.pk)).status_code == 404, who
    assert _get(client, cast["applicant_a"], _attachment(diploma.pk)).status_code == 200  # still their own
    # the case page lists it without a link that would 404
    case = profile.stored_version.case
    html = _get(client, cast["unit_reviewer"], reverse("cases:detail", args=[case.pk])).content.decode()
    assert "毕业证.pdf" in html and "申报人已移除" in html and _attachment(diploma.pk) not in html


def test_staff_see_an_edit_only_once_it_reaches_them(stored_a, cast, client):
    profile, diploma = stored_a
    a = cast["applicant_a"]
    appraisal = _upload(profile, a, "年度考核.pdf", PDF_2, kind="other")
    edit = profile_submit(profile=profile, actor=a)  # waiting at the unit
    assert _get(client, cast["unit_reviewer"], _attachment(appraisal.pk)).status_code == 200
    assert _get(client, cast["supervisor_reviewer"], _attachment(appraisal.pk)).status_code == 404  # not reached
    assert _get(client, cast["supervisor_reviewer"], _attachment(diploma.pk)).status_code == 200  # stored v1
    case_approve(case=edit, actor=cast["unit_reviewer"])
    assert _get(client, cast["supervisor_reviewer"], _attachment(appraisal.pk)).status_code == 200
    # the staff download is audited against the case it was seen through
    event = AuditEvent.objects.filter(action="profile.attachment_view").latest("id")
    assert event.object_type == "cases.case" and event.object_id == str(edit.pk)


def test_a_bureau_that_handled_another_business_does_not_see_the_profile_files(stored_a, cast, client):
    """The HR bureau that confirmed A's out-of-province title had "a case of the applicant": that
    used to open every attachment of hers."""
    from zhicheng.businesses import services
    from zhicheng.catalog.models import Qualification

    profile, diploma = stored_a
    a = cast["applicant_a"]
    q = Qualification.objects.get(series__code="engineering", name="工程师")
    app = services.external_save(
        actor=a,
        province="湖南省",
        issuing_authority="湖南省人社厅",
        qualification=q,
        document_number="湘职-1",
        obtained_on=dt.date(2018, 12, 1),
        uploaded=SimpleUploadedFile("cert.pdf", PDF_1, content_type="application/pdf"),
    )
    case = services.external_submit(case=app.case, actor=a)
    case_approve(case=case, actor=cast["unit_reviewer"])
    case_approve(case=case, actor=cast["supervisor_reviewer"])
    bureau = cast["county_hr_reviewer"]
    assert _get(client, bureau, reverse("businesses:external_file", args=[app.pk])).status_code == 200
    assert _get(client, bureau, _attachment(diploma.pk)).status_code == 404


def test_a_recognition_shows_the_files_of_the_version_it_was_submitted_with(stored_a, cast, client):
    from zhicheng.businesses import services
    from zhicheng.businesses.tests.conftest import title
    from zhicheng.catalog.constants import TitleLevel

    profile, diploma = stored_a
    a = cast["applicant_a"]
    app = services.recognition_save(actor=a, pledge_confirmed=True, **title(TitleLevel.ASSISTANT))
    case = services.recognition_submit(case=app.case, actor=a)
    later = _upload(profile, a, "后来上传.pdf", PDF_2)  # after the submission: not part of it
    profile_submit(profile=profile, actor=a)  # and even submitted as a profile edit, at the unit
    bureau_user = cast["county_hr_reviewer"]
    assert _get(client, bureau_user, _attachment(diploma.pk)).status_code == 404  # not reached yet
    case_approve(case=case, actor=cast["unit_reviewer"])
    case_approve(case=case, actor=cast["supervisor_reviewer"])
    assert _get(client, bureau_user, _attachment(diploma.pk)).status_code == 200
    assert _get(client, bureau_user, _attachment(later.pk)).status_code == 404
    case_accept(case=case, actor=bureau_user)
    case_grant(case=case, actor=bureau_user)
    assert _get(client, bureau_user, _attachment(diploma.pk)).status_code == 200  # has passed through


def test_an_external_scan_is_shown_to_staff_as_submitted(stored_a, cast, client):
    """A returned case: the applicant uploads a new scan and has not resubmitted. Staff still get
    the scan they were sent; the new one only after resubmission."""
    from zhicheng.businesses import services
    from zhicheng.catalog.models import Qualification

    a = cast["applicant_a"]
    q = Qualification.objects.get(series__code="engineering", name="工程师")
    fields = {"province": "湖南省", "issuing_authority": "湖南省人社厅", "qualification": q,
              "document_number": "湘职-1", "obtained_on": dt.date(2018, 12, 1)}
    app = services.external_save(actor=a, uploaded=SimpleUploadedFile("第一版.pdf", PDF_1), **fields)
    url = reverse("businesses:external_file", args=[app.pk])
    unit = cast["unit_reviewer"]
    assert _get(client, unit, url).status_code == 404  # a draft: never submitted
    case = services.external_submit(case=app.case, actor=a)
    response = _get(client, unit, url)
    assert b"".join(response.streaming_content) == PDF_1
    case_return(case=case, actor=unit, opinion="扫描件不清晰")
    services.external_save(actor=a, case=case, uploaded=SimpleUploadedFile("第二版.png", PNG), **fields)
    response = _get(client, unit, url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_1
    assert "第一版.pdf" in response["Content-Disposition"] or "%E7%AC%AC%E4%B8%80" in response["Content-Disposition"]
    response = _get(client, a, url)  # the applicant sees their own, as it is now
    assert b"".join(response.streaming_content) == PNG
    services.external_submit(case=case, actor=a)
    response = _get(client, unit, url)
    assert b"".join(response.streaming_content) == PNG
    assert _get(client, cast["supervisor_reviewer"], url).status_code == 404  # not reached


def test_every_download_view_uses_the_one_selector():
    """One rule in one place: the download views call ``uploaded_file_visible_to`` and nothing else
    decides who may download an uploaded file."""
    import inspect

    from zhicheng.businesses import views as business_views
    from zhicheng.profiles import views as profile_views

    for view in (profile_views.attachment_download, business_views.external_file):
        source = inspect.getsource(view)
        assert "uploaded_file_download" in source or "uploaded_file_visible_to" in source, view
        assert "cases_visible_to" not in source and "_visible_to(user" not in source.replace(
            "uploaded_file_visible_to(user", "")

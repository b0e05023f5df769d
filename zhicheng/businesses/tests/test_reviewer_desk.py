"""The reviewer's desk (issue 17): the whole record in front of every reviewer of every business, its
attachments shown inline, long texts folded, and what changed marked."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhicheng.businesses import services
from zhicheng.cases.services import case_approve, case_return
from zhicheng.catalog.constants import TitleLevel
from zhicheng.profiles.constants import AttachmentKind
from zhicheng.profiles.models import Achievement, Profile
from zhicheng.profiles.record import profile_record
from zhicheng.profiles.services import attachment_upload, profile_basic_update, profile_row_save, profile_submit

from .conftest import title

pytestmark = pytest.mark.django_db

LONG = "本项目负责道路排水与管线迁改的施工技术方案。" * 150  # several thousand characters (finding 8)


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes(pages: int = 2) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=280)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def store_change(user, cast, *, position="工程部副经理", attachments=True):
    """王建国 changes his stored profile (现任职务, a long achievement, two attachments) and it is stored again."""
    profile = Profile.objects.get(user=user)
    profile_basic_update(profile=profile, actor=user, data={"current_position": position})
    profile_row_save(
        profile=profile,
        actor=user,
        row=Achievement(
            profile=profile,
            kind="project",
            title="东江大桥引道工程",
            date="2023-05-01",
            role="项目负责人",
            description=LONG,
        ),
    )
    if attachments:
        attachment_upload(profile=profile, actor=user, kind=AttachmentKind.EDUCATION,
                          uploaded=SimpleUploadedFile("毕业证书.png", png_bytes(), content_type="image/png"))
        attachment_upload(profile=profile, actor=user, kind=AttachmentKind.TITLE,
                          uploaded=SimpleUploadedFile("职称证书.pdf", pdf_bytes(), content_type="application/pdf"))
    case = profile_submit(profile=profile, actor=user)
    return case


def recognition_at_bureau(user, cast):
    app = services.recognition_save(actor=user, **title(TitleLevel.INTERMEDIATE), pledge_confirmed=True)
    case = services.recognition_submit(case=app.case, actor=user)
    case_approve(case=case, actor=cast["unit_reviewer_2"])
    case_approve(case=case, actor=cast["supervisor_reviewer_2"])
    return case


def test_record_marks_fields_and_items():
    base = {"title": {"position": "技术员"}, "work": [{"id": 1, "unit_name": "甲", "post": "员"}],
            "appraisals": [{"id": 5, "year": 2023, "result": "合格"}]}
    data = {"title": {"position": "副经理"}, "work": [{"id": 1, "unit_name": "甲", "post": "主管"}],
            "appraisals": [{"id": 6, "year": 2024, "result": "优秀"}]}
    sections = {s.key: s for s in profile_record(data, base)}
    position = next(f for f in sections["title"].fields if f.label == "现任职务")
    assert position.changed and position.old == "技术员" and position.value == "副经理"
    assert not next(f for f in sections["title"].fields if f.label == "系列").changed
    (work,) = sections["work"].items
    assert work.status == "changed" and work.changes == [("岗位", "员", "主管")]
    assert [(i.status, i.heading) for i in sections["appraisals"].items] == [
        ("added", "2024 年度：优秀"), ("removed", "2023 年度：合格")]
    assert all(not s.change_count for s in profile_record(data, None))  # without a base nothing is marked


def test_bureau_reads_the_whole_record_with_attachments_inline(stored_c, cast, client):
    change = store_change(stored_c, cast)
    case_approve(case=change, actor=cast["unit_reviewer_2"])
    case_approve(case=change, actor=cast["supervisor_reviewer_2"])
    case = recognition_at_bureau(stored_c, cast)
    client.force_login(cast["hr_reviewer"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    record = page[page.index('id="record"'):]
    for text in ("华南理工大学", "河源市第二建筑工程公司", "龙川县老城区市政道路改造工程（一期）", "2024 年 · 96 学时",
                 "2023 年度：优秀", "工程部副经理", "毕业证书.png", "职称证书.pdf"):
        assert text in record, text
    assert "440104" not in page or "********" in page  # identity masked
    # the long description is folded: its head shown, the rest behind 展开全文
    assert re.search(r"<details class=\"small record-long\"><summary[^>]*>本项目", record)
    assert "展开全文（共 3300 字）" in record
    # attachments inline: the image, and each page of the PDF as an image, from this server
    srcs = re.findall(r'<img class="img-fluid[^"]*"[^>]*src="([^"]+)"', record)
    assert len(srcs) == 3, srcs
    for src in srcs:
        response = client.get(src.replace("&amp;", "&"))
        assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
        assert response["Content-Type"] in ("image/png",) and response["X-Content-Type-Options"] == "nosniff"
    # the pre-check at submission beside the same check now
    assert 'id="eligibility-now"' in page
    # another bureau sees neither the page nor the files
    client.force_login(cast["other_hr_reviewer"])
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client.get(srcs[0]).status_code == 404


def test_file_views_are_audited_once_per_file(stored_c, cast, client):
    from zhicheng.audit.models import AuditEvent

    change = store_change(stored_c, cast)
    client.force_login(cast["unit_reviewer_2"])
    page = client.get(reverse("cases:detail", args=[change.pk])).content.decode()
    srcs = [s.replace("&amp;", "&") for s in re.findall(r'<img class="img-fluid[^"]*"[^>]*src="([^"]+)"', page)]
    before = AuditEvent.objects.filter(action="case.file_view").count()
    for src in srcs:
        assert client.get(src).status_code == 200
    assert AuditEvent.objects.filter(action="case.file_view").count() - before == 2  # two files, three images


def test_changed_profile_is_marked_against_the_stored_version(stored_c, cast, client):
    change = store_change(stored_c, cast, attachments=False)
    client.force_login(cast["unit_reviewer_2"])
    page = client.get(reverse("cases:detail", args=[change.pk])).content.decode()
    assert "与第 1 版入库信息相比" in page
    position = page[page.index("现任职务</dt>"):][:400]
    assert "工程部副经理" in position and "已修改" in position and "<del>工程部技术员</del>" in position
    assert re.search(
        r'record-added">\s*<span class="badge text-bg-success">新增</span>\s*<span class="text-break">东江大桥引道工程',
        page,
    )
    assert page.count("已修改</span>") == 1  # nothing else marked


def test_resubmission_is_marked_against_what_was_returned(stored_c, cast, client):
    change = store_change(stored_c, cast, attachments=False)
    case_return(case=change, actor=cast["unit_reviewer_2"], opinion="现任职务请写全称。")
    profile = Profile.objects.get(user=stored_c)
    profile_basic_update(profile=profile, actor=stored_c, data={"current_position": "工程部副经理（主持工作）"})
    profile_submit(profile=profile, actor=stored_c)
    client.force_login(cast["unit_reviewer_2"])
    page = client.get(reverse("cases:detail", args=[change.pk])).content.decode()
    assert "与退回时提交的内容相比" in page and "1 处变化" in page
    position = page[page.index("现任职务</dt>"):][:400]
    assert "<del>工程部副经理</del>" in position and "工程部副经理（主持工作）" in position


def test_case_page_queries_do_not_grow_with_the_record(stored_c, cast, client):
    change = store_change(stored_c, cast, attachments=False)
    client.force_login(cast["unit_reviewer_2"])
    url = reverse("cases:detail", args=[change.pk])
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    case_return(case=change, actor=cast["unit_reviewer_2"], opinion="请补充材料。")
    profile = Profile.objects.get(user=stored_c)
    for i in range(8):  # a much bigger record, resubmitted: more rows, more files, more marks
        profile_row_save(profile=profile, actor=stored_c, row=Achievement(
            profile=profile, kind="paper", title=f"论文{i}", date="2022-01-01", role="第一作者", description=LONG))
        attachment_upload(profile=profile, actor=stored_c, kind=AttachmentKind.OTHER,
                          uploaded=SimpleUploadedFile(f"材料{i}.png", png_bytes(), content_type="image/png"))
    profile_submit(profile=profile, actor=stored_c)
    client.get(url)
    assert count() == small


# -- no duplicates (finding 3) ----------------------------------------------------------------------------
def test_second_open_recognition_of_the_same_qualification_is_refused_naming_the_first(stored_c, cast):
    from zhicheng.cases.workflow import DuplicateApplication

    first = recognition_at_bureau(stored_c, cast)
    app = services.recognition_save(actor=stored_c, **title(TitleLevel.INTERMEDIATE), pledge_confirmed=True)
    with pytest.raises(DuplicateApplication) as exc:
        services.recognition_submit(case=app.case, actor=stored_c)
    assert f"业务编号 {first.pk}" in exc.value.message and "“工程师”资格" in exc.value.message
    app.case.refresh_from_db()
    assert app.case.status == "draft"
    # once the first is closed, the second may go
    case_return(case=first, actor=cast["hr_reviewer"], opinion="请补充材料。")
    first.refresh_from_db()
    with pytest.raises(DuplicateApplication):  # a returned case is still open
        services.recognition_submit(case=app.case, actor=stored_c)
    from zhicheng.businesses.services import business_withdraw  # noqa: F401
    from zhicheng.cases.services import case_refuse

    services.recognition_submit(case=first, actor=stored_c)
    case_approve(case=first, actor=cast["unit_reviewer_2"])
    case_approve(case=first, actor=cast["supervisor_reviewer_2"])
    case_refuse(case=first, actor=cast["hr_reviewer"], opinion="不属于本部门受理范围")
    assert services.recognition_submit(case=app.case, actor=stored_c).status == "submitted"


def test_second_open_evaluation_of_the_same_plan_is_refused(stored_c, cast):
    from zhicheng.cases.workflow import DuplicateApplication

    from .test_businesses import submit_evaluation

    first = submit_evaluation(stored_c)
    with pytest.raises(DuplicateApplication) as exc:
        submit_evaluation(stored_c)
    assert f"您已有该评审计划（{first.evaluation_application.plan.title}）的在办评审申请（业务编号 {first.pk}" \
        in exc.value.message


def test_a_title_held_or_below_is_refused(stored_c, cast):
    from zhicheng.cases.workflow import CaseError

    # 王建国 holds 助理工程师 (助理级): neither it again nor 员级 below it
    for level in (TitleLevel.ASSISTANT, TitleLevel.JUNIOR):
        app = services.recognition_save(actor=stored_c, **title(level), pledge_confirmed=True)
        with pytest.raises(CaseError) as exc:
            services.recognition_submit(case=app.case, actor=stored_c)
        assert "不能" in exc.value.message
    assert services.recognition_submit(  # 中级, above his title: allowed
        case=services.recognition_save(actor=stored_c, **title(TitleLevel.INTERMEDIATE), pledge_confirmed=True).case,
        actor=stored_c).status == "submitted"

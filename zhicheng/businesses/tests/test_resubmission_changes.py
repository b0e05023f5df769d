"""What changed (issue 17): the one diff (``profiles.record.snapshot_record``) over frozen snapshots, and
the reviewer's page of every business marking a resubmission against the content as it was returned."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhicheng.businesses import services
from zhicheng.businesses.models import ReturnedContent
from zhicheng.businesses.selectors import achievements_of, application_sections
from zhicheng.cases.services import case_approve, case_return
from zhicheng.catalog.constants import TitleLevel
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.orgs.models import Organisation
from zhicheng.profiles.models import Profile
from zhicheng.profiles.record import record_change_count, snapshot_record
from zhicheng.profiles.services import profile_basic_update, profile_submit

from .conftest import heyuan_committee, title

pytestmark = pytest.mark.django_db


# -- the one diff, pure -------------------------------------------------------------------------------
def test_items_added_removed_changed_matched_by_id():
    base = {
        "education": [
            {"id": 1, "school": "甲大学", "major": "土木工程"},
            {"id": 2, "school": "乙学院", "major": "测绘"},
        ],
        "attachments": [{"id": 7, "kind": "学历证书", "name": "a.png", "sha256": "aa"}],
    }
    data = {
        "education": [
            {"id": 3, "school": "丙大学", "major": "工程管理"},
            {"id": 1, "school": "甲大学", "major": "土木工程（桥梁）"},
        ],
        "attachments": [{"id": 7, "kind": "学历证书", "name": "a.png", "sha256": "bb"}],
    }
    sections = {s.key: s for s in snapshot_record(data, base)}
    education = sections["education"].items
    assert [(i.id, i.status) for i in education] == [(3, "added"), (1, "changed"), (2, "removed")]
    assert education[1].changes == [("专业", "土木工程", "土木工程（桥梁）")]
    assert education[2].heading.startswith("乙学院")  # a removed item still reads as what it was
    (attachment,) = sections["attachments"].items
    assert attachment.changes == [("文件内容", "已更换", "")]  # never the digest
    assert sections["education"].change_count == 3 and record_change_count(list(sections.values())) == 4
    # the same row unchanged is not marked; without a base nothing is
    assert snapshot_record(base, base)[0].change_count == 0
    assert record_change_count(snapshot_record(data, None)) == 0


def test_nested_fields_old_and_new_and_emptied():
    base = {"identity": {"name": "王建国", "political_status": "群众"}, "unit": {"name": "甲公司", "region": "龙川县"}}
    data = {"identity": {"name": "王建国", "political_status": ""}, "unit": {"name": "乙公司", "region": "龙川县"}}
    sections = {s.key: s for s in snapshot_record(data, base)}
    fields = {f.label: f for f in sections["identity"].fields + sections["unit"].fields}
    assert fields["政治面貌"].old == "群众" and fields["政治面貌"].value == "—"
    assert fields["人事管理单位"].old == "甲公司" and fields["人事管理单位"].value == "乙公司"
    assert not fields["姓名"].changed and not fields["所在地区"].changed
    # a field absent from the base (an older snapshot) is marked with "（空）" as its old value
    sections = {s.key: s for s in snapshot_record({"title": {"position": "经理"}}, {})}
    assert next(f for f in sections["title"].fields if f.label == "现任职务").old == "（空）"


def test_application_sections_of_another_snapshot_shape():
    fields, items = application_sections("evaluation")
    base = {"application": {"specialty": "建筑工程", "materials": "学历证书"},
            "selected_achievements": [{"id": 4, "title": "甲工程", "date": "2023-01-01"}]}
    data = {"application": {"specialty": "建筑工程", "materials": "学历证书\n职称证书"},
            "selected_achievements": [{"id": 5, "title": "乙工程", "date": "2024-01-01"}]}
    application, chosen = snapshot_record(data, base, field_sections=fields, item_sections=items)
    assert [f.label for f in application.fields if f.changed] == ["提交资料清单"]
    assert [(i.status, i.heading) for i in chosen.items] == [("added", "乙工程"), ("removed", "甲工程")]


# -- every business: the resubmission marked against what was returned ----------------------------------
def _page(client, user, case) -> str:
    client.force_login(user)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _application_section(page: str) -> str:
    start = page.index('id="record-application"')
    return page[start:page.index('class="zc-card', start + 10)]


def test_resubmitted_evaluation_marks_application_achievements_and_profile(stored_c, cast, client):
    ids = [a["id"] for a in achievements_of(user=stored_c)]
    assert len(ids) >= 2
    app = services.evaluation_save(actor=stored_c, **title(TitleLevel.INTERMEDIATE), committee=heyuan_committee(),
                                   selected_achievement_ids=ids[:1], materials="学历证书复印件", pledge_confirmed=True)
    case = services.evaluation_submit(case=app.case, actor=stored_c)
    first_version = app.__class__.objects.get(pk=app.pk).profile_version
    page = _page(client, cast["unit_reviewer_2"], case)
    assert 'id="record-application"' not in page and "处变化" not in page  # a first submission: nothing marked
    case_return(case=case, actor=cast["unit_reviewer_2"], opinion="请补充职称证书，改选业绩。")
    assert ReturnedContent.objects.get(case=case).data["profile_version"] == first_version.pk
    # meanwhile his stored profile changes (现任职务) and is stored again
    profile = Profile.objects.get(user=stored_c)
    profile_basic_update(profile=profile, actor=stored_c, data={"current_position": "工程部副经理"})
    change = profile_submit(profile=profile, actor=stored_c)
    case_approve(case=change, actor=cast["unit_reviewer_2"])
    case_approve(case=change, actor=cast["supervisor_reviewer_2"])
    services.evaluation_save(actor=stored_c, case=case, **title(TitleLevel.INTERMEDIATE, specialty="土木工程"),
                             committee=heyuan_committee(), selected_achievement_ids=ids[1:2],
                             materials="学历证书复印件\n职称证书复印件", pledge_confirmed=True)
    case = services.evaluation_submit(case=case, actor=stored_c)
    page = _page(client, cast["unit_reviewer_2"], case)
    assert re.search(r"\d+ 处变化</span> 与 \d{4}-\d\d-\d\d \d\d:\d\d 退回时提交的内容相比", page)
    section = _application_section(page)
    assert "专业</dt>" in section and "原为：<del>建筑工程</del>" in section and "土木工程" in section
    assert "原为：<del>学历证书复印件</del>" in section
    assert "选定的业绩成果" in page
    chosen = page[page.index('id="record-selected_achievements"'):]
    assert ">新增</span>" in chosen and ">已删除</span>" in chosen
    position = page[page.index("现任职务</dt>"):][:500]
    assert "工程部副经理" in position and "原为：<del>工程部技术员</del>" in position
    # the same case returned again: marked against the newer return, nothing left to mark
    case_return(case=case, actor=cast["unit_reviewer_2"], opinion="再看看。")
    case = services.evaluation_submit(case=case, actor=stored_c)
    page = _page(client, cast["unit_reviewer_2"], case)
    assert "退回时提交的内容相比：没有变化" in page and "已修改</span>" not in page


def test_resubmitted_recognition_is_marked(stored_c, cast, client):
    app = services.recognition_save(actor=stored_c, **title(TitleLevel.INTERMEDIATE), materials="学历证书",
                                    pledge_confirmed=True)
    case = services.recognition_submit(case=app.case, actor=stored_c)
    case_approve(case=case, actor=cast["unit_reviewer_2"])
    case_return(case=case, actor=cast["supervisor_reviewer_2"], opinion="资料清单不全。")
    services.recognition_save(
        actor=stored_c,
        case=case,
        **title(TitleLevel.INTERMEDIATE),
        materials="学历证书\n业绩证明",
        pledge_confirmed=True,
    )
    case = services.recognition_submit(case=case, actor=stored_c)
    section = _application_section(_page(client, cast["unit_reviewer_2"], case))
    assert "1 处变化" in section and "原为：<del>学历证书</del>" in section


def test_resubmitted_unit_change_replacement_and_external_are_marked(stored_c, cast, client):
    hospital = Organisation.objects.get(name="龙川县人民医院")
    app = services.unit_change_save(actor=stored_c, to_unit=hospital, reason="调动")
    case = services.unit_change_submit(case=app.case, actor=stored_c)
    case_return(case=case, actor=cast["unit_reviewer_2"], opinion="请写明调动文件。")
    services.unit_change_save(actor=stored_c, case=case, to_unit=hospital, reason="调动（龙人社〔2026〕12号）")
    case = services.unit_change_submit(case=case, actor=stored_c)
    section = _application_section(_page(client, cast["unit_reviewer_2"], case))
    assert "变更原因" in section and "原为：<del>调动</del>" in section

    original = Certificate.objects.get(holder=stored_c, status=CertificateStatus.VALID)
    app = services.replacement_save(actor=stored_c, certificate=original, reason="lost", explanation="遗失")
    case = services.replacement_submit(case=app.case, actor=stored_c)
    case_return(case=case, actor=cast["unit_reviewer_2"], opinion="说明太简单。")
    services.replacement_save(actor=stored_c, case=case, certificate=original, reason="damaged", explanation="水浸损毁")
    case = services.replacement_submit(case=case, actor=stored_c)
    section = _application_section(_page(client, cast["unit_reviewer_2"], case))
    assert "2 处变化" in section and "原为：<del>遗失</del>" in section and "损毁" in section

    from zhicheng.catalog.models import Qualification

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    q = Qualification.objects.get(series__code="engineering", name="工程师")
    kwargs = {"province": "湖南省", "issuing_authority": "湖南省人力资源和社会保障厅", "qualification": q,
              "document_number": "湘职2018-001", "obtained_on": dt.date(2018, 12, 1)}
    app = services.external_save(actor=stored_c, **kwargs,
                                 uploaded=SimpleUploadedFile("cert.pdf", pdf, content_type="application/pdf"))
    case = services.external_submit(case=app.case, actor=stored_c)
    case_return(case=case, actor=cast["unit_reviewer_2"], opinion="扫描件不清晰。")
    services.external_save(
        actor=stored_c,
        case=case,
        **{**kwargs, "document_number": "湘职2018-0012"},
        uploaded=SimpleUploadedFile("cert-clear.pdf", pdf + b"%clear\n", content_type="application/pdf"),
    )
    case = services.external_submit(case=case, actor=stored_c)
    section = _application_section(_page(client, cast["unit_reviewer_2"], case))
    assert "2 处变化" in section and "原为：<del>湘职2018-001</del>" in section
    assert "cert-clear.pdf" in section and "原为：<del>cert.pdf" in section

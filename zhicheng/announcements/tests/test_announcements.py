"""通知公告 and 常见问题: who publishes, who sees what, the safe Markdown, attachments, the audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zhicheng.announcements.models import Announcement, FaqEntry
from zhicheng.announcements.selectors import (
    announcements_latest,
    announcements_public,
    person_region_code,
    region_lineage,
)
from zhicheng.announcements.services import (
    announcement_attachment_add,
    announcement_publish,
    announcement_update,
    announcement_withdraw,
    faq_entry_create,
    faq_entry_delete,
)
from zhicheng.audit.models import AuditEvent
from zhicheng.common.markdown import markdown_render
from zhicheng.orgs.models import Organisation

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def heyuan(cast):
    return Organisation.objects.get(name="河源市人力资源和社会保障局")


@pytest.fixture
def qingyuan(cast):
    return Organisation.objects.get(name="清远市人力资源和社会保障局")


def test_region_lineage():
    assert region_lineage("441622") == ["441622", "441600", "440000"]
    assert region_lineage("441600") == ["441600", "440000"]
    assert region_lineage("440000") == ["440000"]
    assert region_lineage("") == region_lineage(None) == region_lineage("44x") == ["440000"]


def test_only_the_bureaus_staff_publish_for_its_region(cast, heyuan, qingyuan):
    a = announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title=" 河源通知 ", body="正文")
    assert a.region_id == heyuan.region_id == "441600" and a.title == "河源通知"
    assert AuditEvent.objects.filter(action="announcement.publish", object_id=str(a.pk)).exists()
    for outsider in ("other_hr_reviewer", "applicant_a", "unit_reviewer", "window_staff", "system_admin"):
        with pytest.raises(PermissionDenied):
            announcement_publish(actor=cast[outsider], bureau=heyuan, title="x", body="y")
    with pytest.raises(PermissionDenied):
        announcement_update(actor=cast["other_hr_reviewer"], announcement=a, title="改")
    with pytest.raises(PermissionDenied):
        faq_entry_create(actor=cast["hr_reviewer"], bureau=qingyuan, question="q", answer="a")


def test_bad_values_are_refused_by_field(cast, heyuan):
    with pytest.raises(ValidationError) as exc:
        announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="", body="x")
    assert "title" in exc.value.message_dict
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="t", body="x", published_at=now,
                             expires_at=now - dt.timedelta(hours=1))
    assert exc.value.message_dict["expires_at"] == ["有效期应晚于发布时间。"]


def test_people_see_their_lineage_only(cast, heyuan, qingyuan):
    county = Organisation.objects.get(name="河源市龙川县人力资源和社会保障局")
    province = Organisation.objects.get(name="广东省人力资源和社会保障厅")
    announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="河源市通知", body="x")
    announcement_publish(actor=cast["county_hr_reviewer"], bureau=county, title="龙川县通知", body="x")
    announcement_publish(actor=cast["other_hr_reviewer"], bureau=qingyuan, title="清远市通知", body="x")
    announcement_publish(actor=cast["province_hr_reviewer"], bureau=province, title="全省通知", body="x", pinned=True)
    titles = [i.title for i in announcements_latest(region_code="441622")]
    assert titles[0] == "全省通知"  # pinned first
    assert set(titles) == {"全省通知", "河源市通知", "龙川县通知"}
    assert {i.title for i in announcements_latest(region_code="441802")} == {"全省通知", "清远市通知"}
    # the public list by city: the city, its counties, the province
    assert set(announcements_public(region_code="441600").values_list("title", flat=True)) == {
        "全省通知", "河源市通知", "龙川县通知"}
    assert set(announcements_public(region_code="440000").values_list("title", flat=True)) == {"全省通知"}
    assert list(announcements_public(q="清远").values_list("title", flat=True)) == ["清远市通知"]


def test_expired_future_and_withdrawn_notices_are_not_shown(cast, heyuan, client):
    now = timezone.now()
    shown = announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="有效", body="x")
    expired = announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="过期", body="x",
                                   published_at=now - dt.timedelta(days=3), expires_at=now - dt.timedelta(days=1))
    future = announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="将来", body="x",
                                  published_at=now + dt.timedelta(days=1))
    gone = announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="撤下", body="x")
    announcement_withdraw(actor=cast["hr_reviewer"], announcement=gone)
    assert AuditEvent.objects.filter(action="announcement.withdraw", object_id=str(gone.pk)).count() == 1
    assert [i.title for i in announcements_latest(region_code="441600")] == ["有效"]
    assert client.get(reverse("announcements:detail", args=[shown.pk])).status_code == 200
    for a in (expired, future, gone):
        assert client.get(reverse("announcements:detail", args=[a.pk])).status_code == 404


def test_latest_is_cached_and_renewed_on_save(cast, heyuan, django_assert_num_queries):
    announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="第一条", body="x")
    announcements_latest(region_code="441602")
    with django_assert_num_queries(0):
        assert [i.title for i in announcements_latest(region_code="441602")] == ["第一条"]
    a = announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="第二条", body="x")
    assert [i.title for i in announcements_latest(region_code="441602")] == ["第二条", "第一条"]
    announcement_update(actor=cast["hr_reviewer"], announcement=a, title="第二条（更正）")
    assert announcements_latest(region_code="441602")[0].title == "第二条（更正）"


@pytest.mark.parametrize("text, absent", [
    ("<script>alert(1)</script>", "<script"),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe"),
    ("[点我](javascript:alert(1))", 'href="javascript'),
    ("[点我](JaVaScRiPt:alert(1))", "href="),
    ("[点我](data:text/html;base64,PHNjcmlwdD4=)", 'href="data'),
    ('<img src=x onerror="alert(1)">', "<img"),
    ("![图](https://evil.example/track.png)", "<img"),
    ("![图](//evil.example/track.png)", "<img"),
    ('<a href="https://x.example" onclick="alert(1)">x</a>', '<a href="https://x.example"'),
])
def test_markdown_is_rendered_inert(text, absent):
    html = markdown_render(text)
    assert absent.lower() not in html.lower()
    assert "onerror=" not in html.lower() or "&lt;img" in html  # typed HTML is shown as text


def test_markdown_keeps_what_staff_write():
    html = markdown_render("## 材料\n\n- **学历证书**\n- [通知原文](https://hrss.gd.gov.cn/x)\n\n![表](/static/img/x.png)")
    assert "<h2>材料</h2>" in html and "<strong>学历证书</strong>" in html
    assert 'href="https://hrss.gd.gov.cn/x"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert '<img src="/static/img/x.png"' in html


def test_detail_page_renders_markdown_safely(cast, heyuan, client):
    a = announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="安全",
                             body="**重要** <script>alert('x')</script> [x](javascript:alert(1))")
    html = client.get(reverse("announcements:detail", args=[a.pk])).content.decode()
    assert "<strong>重要</strong>" in html
    assert "<script>alert" not in html and 'href="javascript' not in html


def test_attachment_is_checked_and_public_while_the_notice_is(cast, heyuan, client):
    a = announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="附件通知", body="x")
    with pytest.raises(ValidationError):
        announcement_attachment_add(actor=cast["hr_reviewer"], announcement=a,
                                    uploaded=SimpleUploadedFile("表.pdf", b"MZ\x90\x00 not a pdf"))
    with pytest.raises(ValidationError):
        announcement_attachment_add(actor=cast["hr_reviewer"], announcement=a,
                                    uploaded=SimpleUploadedFile("x.exe", b"MZ"))
    att = announcement_attachment_add(actor=cast["hr_reviewer"], announcement=a,
                                      uploaded=SimpleUploadedFile("申报表.pdf", PDF))
    url = reverse("announcements:attachment", args=[att.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    announcement_withdraw(actor=cast["hr_reviewer"], announcement=a)
    assert client.get(url).status_code == 404
    client.force_login(cast["hr_reviewer"])  # the bureau still reads its own
    assert client.get(reverse("announcements:manage_attachment", args=[heyuan.pk, att.pk])).status_code == 200


def test_faq_entries_by_region(cast, qingyuan, client):
    # 清远市's demo FAQ is loaded with the demo world
    assert FaqEntry.objects.filter(publisher=qingyuan).count() >= 4
    html = client.get(reverse("announcements:faq") + "?region=441800").content.decode()
    assert "人事管理单位应该选哪个" in html and "该证件号码已注册" in html
    html = client.get(reverse("announcements:faq") + "?region=441600").content.decode()
    assert "人事管理单位应该选哪个" not in html
    entry = FaqEntry.objects.filter(publisher=qingyuan).first()
    faq_entry_delete(actor=cast["other_hr_reviewer"], entry=entry)
    assert AuditEvent.objects.filter(action="faq.delete", object_id=str(entry.pk)).exists()


def test_person_region_code(cast, filled_profile):
    assert person_region_code(user=cast["applicant_a"]) == filled_profile.draft_personnel_unit.region_id
    assert person_region_code(user=cast["other_hr_reviewer"]) == "441800"
    assert person_region_code(user=cast["applicant_c"]) is None


def test_publish_page_keeps_input_on_error_and_publishes(cast, heyuan, client):
    client.force_login(cast["hr_reviewer"])
    url = reverse("announcements:new", args=[heyuan.pk])
    response = client.post(url, {"title": "保留的标题", "body": "", "expires_on": "2020-01-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写正文。" in html and "有效期不能早于今天。" in html and "保留的标题" in html
    response = client.post(url, {"title": "正式通知", "body": "内容", "pinned": "on",
                                 "attachment": SimpleUploadedFile("附件.pdf", PDF)})
    a = Announcement.objects.get(title="正式通知")
    assert response.status_code == 302 and a.pinned and a.attachments.count() == 1
    # another bureau's staff cannot reach the page
    client.force_login(cast["other_hr_reviewer"])
    assert client.get(url).status_code == 404
    assert client.post(reverse("announcements:withdraw", args=[heyuan.pk, a.pk])).status_code == 404


def test_home_and_workbench_show_the_own_regions_notices_without_more_queries(cast, heyuan, qingyuan, client,
                                                                              filled_profile):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhicheng.profiles.tests.test_query_counts import DASHBOARD_QUERIES

    announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="河源市评审工作通知", body="x")
    announcement_publish(actor=cast["other_hr_reviewer"], bureau=qingyuan, title="清远市评审工作通知", body="x")
    client.force_login(cast["applicant_a"])  # her unit is in 龙川县, 河源市
    for name in ("common:home", "profiles:dashboard"):
        html = client.get(reverse(name)).content.decode()
        assert "河源市评审工作通知" in html and "清远市评审工作通知" not in html, name
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("profiles:dashboard"))
    assert len(queries) <= DASHBOARD_QUERIES
    client.force_login(cast["other_hr_reviewer"])  # works in 清远市
    html = client.get(reverse("common:home")).content.decode()
    assert "清远市评审工作通知" in html and "河源市评审工作通知" not in html
    assert reverse("announcements:manage_index") in html  # a publisher: the card to publish


def test_search_words_never_enter_the_address(cast, heyuan, client):
    announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="关于评审费的通知", body="x")
    announcement_publish(actor=cast["hr_reviewer"], bureau=heyuan, title="关于材料报送的通知", body="x")
    response = client.post(reverse("announcements:list"), {"q": "评审费", "region": "441600"})
    assert response.status_code == 302 and "评审费" not in response["Location"] and "?s=" in response["Location"]
    html = client.get(response["Location"]).content.decode()
    assert "关于评审费的通知" in html and "关于材料报送的通知" not in html
    html = client.get(reverse("announcements:list") + "?q=评审费").content.decode()  # words by GET: ignored
    assert "关于材料报送的通知" in html

import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from zhicheng.audit import constants
from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import audit_record
from zhicheng.orgs.models import Organisation

from .helpers import append_only_guard_lifted

pytestmark = pytest.mark.django_db

EVENTS = reverse("audit:events")
EXPORT = reverse("audit:export")
VERIFY = reverse("audit:verify")


def _search(client, params=None, *, url=EVENTS, follow=False):
    """A search as the page makes it: the criteria are posted (a text box may be given an ID
    number, which must never land in a URL) and kept under a token; paging and the export follow
    the token."""
    params = dict(params or {})
    page = params.pop("page", None)
    query = []
    if params:
        response = client.post(EVENTS, params)
        assert response.status_code == 302
        location = response["Location"]
        assert location.startswith(EVENTS + "?s=") and "&" not in location
        query.append(location.split("?", 1)[1])
    if page:
        query.append(f"page={page}")
    return client.get(url + (f"?{'&'.join(query)}" if query else ""), follow=follow)


def _rows(response) -> list[AuditEvent]:
    return list(response.context["page"].object_list)


# --- access -------------------------------------------------------------------------------

def test_audit_admin_sees_the_log(auditor_client, cast):
    audit_record(action="account.login", actor=cast["applicant_a"], obj=cast["applicant_a"])
    response = auditor_client.get(EVENTS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "审计日志" in html and "登录" in html and "张晓明" in html


@pytest.mark.parametrize("who", ["system_admin", "security_admin", "applicant_a", "unit_reviewer"])
def test_everyone_else_gets_404(client, cast, who):
    event = audit_record(action="test.event")
    client.force_login(cast[who])
    for url in (EVENTS, reverse("audit:event_detail", args=[event.pk]), EXPORT):
        assert client.get(url).status_code == 404
    assert client.post(VERIFY).status_code == 404
    # The attempt itself is on record for the audit administrator.
    denied = AuditEvent.objects.filter(action=constants.ACCESS_DENIED, actor=cast[who])
    assert denied.count() == 4 and {e.result for e in denied} == {"denied"}


def test_anonymous_is_sent_to_login(client):
    for url in (EVENTS, EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert client.post(VERIFY).status_code == 302


# --- filters ------------------------------------------------------------------------------

@pytest.fixture
def mixed_events(cast, record_at):
    hospital = Organisation.objects.get(name="龙川县人民医院")
    bureau = Organisation.objects.get(name="河源市人力资源和社会保障局")
    return {
        "old_login": record_at(dt.datetime(2026, 3, 1, 9, 0), action="account.login", actor=cast["applicant_a"],
                               obj=cast["applicant_a"], ip="10.1.2.3", request_id="aaaa1111"),
        "approve": record_at(dt.datetime(2026, 3, 2, 23, 59), action="case.approve", actor=cast["unit_reviewer"],
                             organisation=hospital, object_type="cases.case", object_id="77",
                             object_label="评审申请 张晓明", ip="10.1.9.9", request_id="bbbb2222"),
        "failed": record_at(dt.datetime(2026, 3, 3, 0, 0), action="account.login_failed",
                            result=AuditEvent.Result.FAILURE, ip="192.168.0.5", request_id="cccc3333",
                            detail={"phone": "13800000001"}),
        "issue": record_at(dt.datetime(2026, 3, 5, 12, 0), action="certificate.issue", actor=cast["hr_reviewer"],
                           organisation=bureau, object_type="certificates.certificate", object_id="5",
                           ip="172.16.0.1", request_id="dddd4444"),
    }


@pytest.mark.parametrize(("params", "expected"), [
    ({}, ["issue", "failed", "approve", "old_login"]),
    ({"date_from": "2026-03-02", "date_to": "2026-03-02"}, ["approve"]),  # whole local day, 23:59 included
    ({"date_from": "2026-03-03"}, ["issue", "failed"]),
    ({"date_to": "2026-03-01"}, ["old_login"]),
    ({"actor": "陈志"}, ["approve"]),
    ({"organisation": "人民医院"}, ["approve"]),
    ({"action": "account.login"}, ["old_login"]),
    ({"result": "failure"}, ["failed"]),
    ({"object_type": "certificates"}, ["issue"]),
    ({"object_id": "77"}, ["approve"]),
    ({"client_ip": "10.1."}, ["approve", "old_login"]),
    ({"request_id": "cccc3333"}, ["failed"]),
    ({"client_ip": "10.1.", "actor": "张晓明"}, ["old_login"]),
])
def test_filters(auditor_client, mixed_events, params, expected):
    response = _search(auditor_client, {**params, "date_to": params.get("date_to", "2026-03-31")})
    assert response.status_code == 200
    assert [e.pk for e in _rows(response)] == [mixed_events[k].pk for k in expected]


def test_action_choices_are_the_distinct_actions_with_chinese_labels(auditor_client, mixed_events):
    response = auditor_client.get(EVENTS)
    choices = dict(response.context["form"].fields["action"].choices)
    assert choices["account.login"] == "登录"
    assert choices["certificate.issue"] == "发放证书"
    assert "case.return" not in choices  # only actions present in the log


def test_unknown_action_falls_back_to_its_code(auditor_client):
    audit_record(action="brand_new.thing")
    html = auditor_client.get(EVENTS).content.decode()
    assert "brand_new.thing" in html


def test_bad_filters_get_messages_beside_the_fields(auditor_client, mixed_events):
    response = _search(auditor_client, {"date_from": "2026-03-05", "date_to": "2026-03-01", "actor": "张"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "结束日期不能早于开始日期。" in html
    assert 'value="张"' in html  # what was typed is kept
    assert response.context["page"] is None
    response = auditor_client.get(EVENTS, {"date_from": "2026-02-30", "action": "no.such"})
    html = response.content.decode()
    assert "请输入有效的日期" in html and "日志中没有这种操作" in html


def test_full_phone_number_never_shown(auditor_client, mixed_events):
    response = auditor_client.get(reverse("audit:event_detail", args=[mixed_events["failed"].pk]))
    html = response.content.decode()
    assert "13800000001" not in html and "138****0001" in html


# --- paging and queries -------------------------------------------------------------------

def _bulk(n: int, start: int = 0) -> None:
    """Many rows at once (their hash chain is irrelevant to listing)."""
    AuditEvent.objects.bulk_create(
        AuditEvent(created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=i), action="test.bulk",
                   actor_label=f"测试{i}", row_hash=f"bulk-{i}")
        for i in range(start, start + n)
    )


def _queries(client, params=None) -> int:
    if params and set(params) - {"page"}:  # posting the criteria is not what is measured
        token = _search(client, {k: v for k, v in params.items() if k != "page"}).request["QUERY_STRING"]
        params = {"s": token.split("=", 1)[1], "page": params.get("page", "1")}
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(EVENTS, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_constant_number_of_queries_regardless_of_rows(auditor_client, cast):
    hospital = Organisation.objects.get(name="龙川县人民医院")
    audit_record(action="test.event", actor=cast["unit_reviewer"], organisation=hospital)  # chain head exists
    _bulk(10)
    _queries(auditor_client)  # the first request after login also refreshes the session's expiry
    few = _queries(auditor_client)
    few_filtered = _queries(auditor_client, {"actor": "测试", "page": "1"})
    AuditEvent.objects.bulk_create(
        AuditEvent(created_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC), action="test.other", organisation=hospital,
                   row_hash=f"org-{i}") for i in range(100)
    )
    _bulk(2000, start=10)
    many = _queries(auditor_client)
    assert many == few
    assert _queries(auditor_client, {"actor": "测试", "page": "3"}) == few_filtered
    response = auditor_client.get(EVENTS, {"page": "2"})
    total = AuditEvent.objects.count()  # ours and what the test world's set-up recorded
    assert total >= 2000 + 10 + 100 + 1
    assert response.context["page"].paginator.num_pages == -(-total // 50)
    assert len(_rows(response)) == 50


def test_paging_keeps_the_filters(auditor_client):
    _bulk(120)
    response = auditor_client.get(EVENTS, {"action": "test.bulk", "page": "2"})
    html = response.content.decode()
    assert len(_rows(response)) == 50
    assert "action=test.bulk&amp;page=3" in html
    assert auditor_client.get(EVENTS, {"action": "test.bulk", "page": "99"}).context["page"].number == 3


# --- viewing is audited -------------------------------------------------------------------

def test_viewing_is_audited(auditor_client, cast, mixed_events):
    _search(auditor_client, {"actor": "张晓明", "page": "1"})
    viewed = AuditEvent.objects.filter(action=constants.VIEWED).latest("id")
    assert viewed.actor == cast["audit_admin"]
    assert viewed.detail == {"filters": {"actor": "张晓明"}, "page": 1, "matches": 1}
    assert viewed.client_ip == "127.0.0.1" and viewed.request_id


def test_detail_shows_pretty_json_and_is_audited(auditor_client, cast):
    event = audit_record(action="case.return", actor=cast["unit_reviewer"],
                         detail={"opinion": "学历证明不清晰", "steps": [1, 2]})
    response = auditor_client.get(reverse("audit:event_detail", args=[event.pk]))
    assert response.status_code == 200
    assert response.context["detail_json"] == json.dumps(
        {"opinion": "学历证明不清晰", "steps": [1, 2]}, ensure_ascii=False, indent=2, sort_keys=True)
    html = response.content.decode()
    assert "审核不通过（退回）" in html and "学历证明不清晰" in html
    viewed = AuditEvent.objects.filter(action=constants.VIEWED).latest("id")
    assert viewed.object_type == "audit.auditevent" and viewed.object_id == str(event.pk)
    assert auditor_client.get(reverse("audit:event_detail", args=[999999])).status_code == 404


# --- export -------------------------------------------------------------------------------

def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_export_has_chinese_headers_and_the_filtered_rows(auditor_client, cast, mixed_events):
    response = _search(auditor_client, {"date_from": "2026-03-01", "date_to": "2026-03-31", "client_ip": "10.1."},
                       url=EXPORT)
    wb = _workbook(response)
    ws = wb["审计日志"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("记录编号", "时间", "操作人", "所属单位", "操作", "操作代码")
    assert "客户端地址" in rows[0] and "请求编号" in rows[0] and "详情" in rows[0]
    assert [r[0] for r in rows[1:]] == [mixed_events["approve"].pk, mixed_events["old_login"].pk]
    approve = dict(zip(rows[0], rows[1], strict=True))
    assert approve["时间"] == dt.datetime(2026, 3, 2, 23, 59)  # local time, a real Excel date
    assert ws.cell(row=2, column=2).number_format == "yyyy-mm-dd hh:mm:ss"
    assert approve["操作人"].startswith("陈志强(")
    assert approve["所属单位"] == "龙川县人民医院"
    assert approve["操作"] == "审核通过" and approve["操作代码"] == "case.approve"
    assert approve["结果"] == "成功" and approve["客户端地址"] == "10.1.9.9" and approve["请求编号"] == "bbbb2222"
    notes = dict(wb["说明"].iter_rows(values_only=True))
    assert notes["本文件包含"] == 2 and "client_ip=10.1." in notes["筛选条件"]
    exported = AuditEvent.objects.filter(action=constants.EXPORTED).latest("id")
    assert exported.actor == cast["audit_admin"]
    assert exported.detail["rows"] == 2 and exported.detail["truncated"] is False


def test_export_writes_text_never_formulas(auditor_client):
    audit_record(action="test.event", object_label='=HYPERLINK("http://evil","x")', detail={"a": "\x07bell"})
    ws = _workbook(auditor_client.get(EXPORT, {"action": "test.event"}))["审计日志"]
    cell = ws.cell(row=2, column=9)
    assert cell.value == '=HYPERLINK("http://evil","x")' and cell.data_type == "s"


def test_export_is_capped_with_a_message(auditor_client, monkeypatch):
    monkeypatch.setattr("zhicheng.audit.views.EXPORT_LIMIT", 5)
    _bulk(8)
    response = auditor_client.get(EXPORT, {"action": "test.bulk"})
    assert response["X-Export-Truncated"] == "1"
    wb = _workbook(response)
    assert wb["审计日志"].max_row == 1 + 5
    notes = dict(wb["说明"].iter_rows(values_only=True))
    assert notes["符合条件"] == 8 and "上限" in notes["注意"]


def test_export_with_bad_filters_goes_back_with_a_message(auditor_client):
    response = _search(auditor_client, {"date_from": "2026-03-05", "date_to": "2026-03-01"}, url=EXPORT, follow=True)
    html = response.content.decode()
    assert "筛选条件有误，请修正后再导出。" in html and "结束日期不能早于开始日期。" in html


# --- chain verification -------------------------------------------------------------------

def test_verify_shows_intact_chain(auditor_client, cast):
    audit_record(action="test.event", actor=cast["applicant_a"])
    response = auditor_client.post(VERIFY, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "哈希链完整" in response.content.decode()
    assert "<html" not in response.content.decode()  # a fragment for htmx
    checked = AuditEvent.objects.filter(action=constants.CHAIN_VERIFIED).latest("id")
    assert checked.result == "success" and checked.detail["breaks"] == 0


def test_verify_lists_a_tampered_row(auditor_client, cast):
    events = [audit_record(action="test.event", actor=cast["applicant_a"], detail={"i": i}) for i in range(3)]
    with append_only_guard_lifted(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET actor_label = %s WHERE id = %s", ["别人", events[1].id])
    response = auditor_client.post(VERIFY)
    html = response.content.decode()
    assert "<html" in html and "1 处异常" in html
    assert f"#{events[1].id}: 内容与其密钥签名不符（记录被修改）" in html
    assert reverse("audit:event_detail", args=[events[1].id]) in html
    checked = AuditEvent.objects.filter(action=constants.CHAIN_VERIFIED).latest("id")
    assert checked.result == "failure" and checked.detail["breaks"] == 1


def test_verify_needs_post(auditor_client):
    assert auditor_client.get(VERIFY).status_code == 405


def test_system_admin_cannot_read_the_log_in_the_django_admin(client, cast):
    audit_record(action="test.event")
    client.force_login(cast["system_admin"])
    assert client.get("/admin/").status_code == 200
    assert "/admin/audit/" not in client.get("/admin/").content.decode()
    assert client.get("/admin/audit/auditevent/").status_code in (403, 404)

"""评审费 pages (decision 0035): the plan form's fee settings, the office's list, one notice's payment and
refund forms (bad input kept, Chinese messages), the import's preview and confirmation, the applicant's card."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.fees.models import FeePayment

from .conftest import building_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def test_the_plan_form_edits_the_fee(cast, office_client):
    plan = building_plan()
    data = {
        "year": plan.year, "title": plan.title, "levels": [str(v) for v in plan.level_values],
        "opens_at": plan.opens_at.isoformat(), "closes_at": plan.closes_at.isoformat(), "notes": "",
        "pledge_text": plan.pledge_text, "reminder_working_days": "2", "fee_required": "on", "fee_amount": "abc",
        "fee_payee_name": "", "fee_payee_account": "", "fee_payee_bank": "", "fee_payment_working_days": "10",
    }
    edit = reverse("catalog:plan_edit", args=[plan.pk])
    body = office_client.post(edit, data).content.decode()
    assert "请填写金额" in body and 'value="abc"' in body and "收取评审费时请填写收款单位" in body
    response = office_client.post(edit, {**data, "fee_amount": "500", "fee_payee_name": "广东省人力资源和社会保障厅",
                                         "fee_payee_account": "4400 0001", "fee_payee_bank": "中国工商银行广州分行"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.fee_required and plan.fee_amount == 500 and plan.fee_payment_working_days == 10
    event = AuditEvent.objects.filter(action="plan.update").latest("id")
    assert event.detail["after"]["fee_required"] is True and event.detail["after"]["fee_amount"] == "500.00"
    page = office_client.get(reverse("catalog:plan", args=[plan.pk])).content.decode()
    assert "500.00 元，受理后 10 个工作日内缴纳" in page and reverse("fees:plan", args=[plan.pk]) in page


def test_the_office_lists_filters_and_records(cast, office_client, notice):
    page = office_client.get(reverse("fees:index")).content.decode()
    assert reverse("fees:plan", args=[notice.plan_id]) in page
    plan_url = reverse("fees:plan", args=[notice.plan_id])
    assert notice.reference in office_client.get(plan_url + "?status=overdue").content.decode()
    assert notice.reference not in office_client.get(plan_url + "?status=paid").content.decode()
    assert "逾期未缴（1）" in office_client.get(plan_url + "?status=nonsense").content.decode()

    url = reverse("fees:notice", args=[notice.pk])
    bad = {"action": "payment", "payment-amount": "３００", "payment-paid_on": "2026-11-05",
           "payment-channel": "bank_transfer", "payment-serial": "", "payment-note": "柜台"}
    body = office_client.post(url, bad).content.decode()
    assert "应缴 500.00 元" in body and "请填写银行流水号" in body and 'value="３００"' in body
    ok = {**bad, "payment-amount": "500", "payment-serial": "BK9"}
    assert office_client.post(url, ok).status_code == 302
    notice.refresh_from_db()
    assert notice.is_paid and FeePayment.objects.get(serial="BK9").paid_on == dt.date(2026, 11, 5)

    refund = {"action": "refund", "refund-amount": "600", "refund-refunded_on": "2026-11-06", "refund-reason": "撤回"}
    body = office_client.post(url, refund).content.decode()
    assert "不能超过已缴未退的 500.00 元" in body and 'value="600"' in body
    assert office_client.post(url, {**refund, "refund-amount": "500"}).status_code == 302


def test_other_offices_and_applicants_get_404(cast, client, notice):
    for key in ("other_committee_office", "applicant_a"):
        client.force_login(cast[key])
        assert client.get(reverse("fees:notice", args=[notice.pk])).status_code == 404
        assert client.get(reverse("fees:plan", args=[notice.plan_id])).status_code == 404
        assert client.get(reverse("fees:plan_export", args=[notice.plan_id])).status_code == 404


def test_import_preview_then_confirm(cast, office_client, notice):
    url = reverse("fees:import", args=[notice.plan_id])
    data = f"缴费识别码,金额,缴费日期,银行流水号\n{notice.reference},500,2026-11-09,CSV1\n99,1,x,\n".encode()
    body = office_client.post(url, {"action": "preview", "file": SimpleUploadedFile("对账.csv", data)}).content.decode()
    assert "可登记" in body and "缴费识别码应为 14 位数字" in body and "确认登记 1 笔缴费" in body
    assert not FeePayment.objects.exists()
    sha = office_client.session["fees_import"]["sha256"]
    body = office_client.post(url, {"action": "apply", "sha256": sha, "lines": ["2"]}).content.decode()
    assert "已按对账文件登记 1 笔缴费" in body
    notice.refresh_from_db()
    assert notice.is_paid
    # the same confirmation again: the session is gone
    assert office_client.post(url, {"action": "apply", "sha256": sha, "lines": ["2"]}).status_code == 302
    body = office_client.post(url, {"action": "preview", "file": SimpleUploadedFile("a.pdf", b"%PDF")}).content.decode()
    assert "请上传 CSV 或 Excel" in body


def test_the_applicant_reads_the_notice_on_the_case_page(cast, client, notice):
    client.force_login(cast["applicant_a"])
    body = client.get(reverse("businesses:case", args=[notice.case_id])).content.decode()
    assert "评审费缴费通知" in body and notice.reference_display in body and "广东省人力资源和社会保障厅" in body
    assert "评审费逾期未缴" in body and "暂不提交评审会议" in body


def test_the_applicant_is_told_at_the_top_while_unpaid(cast, client, notice, office):
    """The notice card sits in the side column (after the whole application on a phone): while the fee is
    unpaid the applicant's case page says so first, with the deadline and a link to the card; staff who
    see the case, and the applicant once paid, are not told."""
    from zhicheng.fees.services import fee_payment_record

    url = reverse("businesses:case", args=[notice.case_id])
    client.force_login(cast["applicant_a"])
    body = client.get(url).content.decode()
    alert = body.index('id="fee-due-alert"')
    assert alert < body.index('id="fee-notice"') and alert < body.index("评审进度")
    assert "逾期未缴" in body[alert:alert + 400] and 'href="#fee-notice"' in body[alert:alert + 800]

    from zhicheng.fees.templatetags.fee_tags import fee_due_alert

    assert fee_due_alert(notice.case, office) == {"shown": False}  # staff read the card itself

    fee_payment_record(notice=notice, actor=office, amount=notice.amount, paid_on=notice.due_on,
                       channel="bank_transfer", serial="ALERT-TEST-0001")
    client.force_login(cast["applicant_a"])
    body = client.get(url).content.decode()
    assert 'id="fee-due-alert"' not in body and "已缴费" in body



def test_the_alert_and_the_card_read_the_notice_once(cast, notice):
    """The applicant's page shows the line at its top and the card from one read of the notice."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhicheng.fees.templatetags.fee_tags import fee_due_alert, fee_panel

    case = notice.case
    with CaptureQueriesContext(connection) as first:
        fee_due_alert(case, cast["applicant_a"])
    with CaptureQueriesContext(connection) as second:
        fee_panel(case, cast["applicant_a"])
    assert len(first) > 0 and not [q for q in second.captured_queries if "fees_feenotice" in q["sql"]]


def test_new_meeting_marks_candidates_whose_fee_is_not_yet_paid(cast, office_client, office, fee_plan, pool):
    """Unpaid within the deadline: still a candidate, marked 待缴费 with the amount and the deadline; once paid,
    no mark (held back only after the deadline: test_services)."""
    from django.utils import timezone

    from zhicheng.committees.tests.conftest import accepted_application
    from zhicheng.fees.services import fee_notice_issue, fee_payment_record

    app = accepted_application(cast["applicant_a"], unit_name="龙川县人民医院")
    app.case.refresh_from_db()
    notice = fee_notice_issue(case=app.case, actor=office, on_date=timezone.localdate())
    url = reverse("evaluation:meeting_new", args=[fee_plan.committee_id]) + f"?plan={fee_plan.pk}"
    body = office_client.get(url).content.decode()
    row = body[body.index(f'id="app-{app.pk}"'):]
    row = row[:row.index("</tr>")]
    assert (
        f"待缴费（应缴 500.00 元，缴费截止日期 {notice.due_on.year}年{notice.due_on.month}月{notice.due_on.day}日）"
        in row
    )
    fee_payment_record(notice=notice, actor=office, amount=notice.amount, paid_on=timezone.localdate(),
                       channel="bank_transfer", serial="BK-NOTE-1")
    body = office_client.get(url).content.decode()
    assert f'id="app-{app.pk}"' in body and "待缴费" not in body


def test_the_office_exports_the_list_it_sees(cast, office_client, notice):
    """导出名单: the rows of the page under the same filter, ID numbers masked, a name typed as a formula kept
    as text, amounts as numbers; audited."""
    import io

    from openpyxl import load_workbook

    from zhicheng.accounts.models import User

    User.objects.filter(pk=notice.applicant_id).update(real_name="=HYPERLINK(\"x\")张晓明")
    url = reverse("fees:plan_export", args=[notice.plan_id])
    page = office_client.get(reverse("fees:plan", args=[notice.plan_id]), {"status": "overdue"}).content.decode()
    assert f'href="{url}?status=overdue"' in page
    response = office_client.get(url, {"status": "overdue"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "逾期未缴" in rows[0][0] and rows[1][0] == "申报人"
    (row,) = rows[2:]
    assert row[0] == "=HYPERLINK(\"x\")张晓明" and row[3] == notice.reference and row[4] == 500 and row[9] == "逾期未缴"
    assert "*" in row[1] and notice.applicant.id_number not in str(row)
    event = AuditEvent.objects.get(action="fee.exported")
    assert event.detail == {"status": "overdue", "rows": 1}
    paid = list(load_workbook(io.BytesIO(office_client.get(url, {"status": "paid"}).content)).active.iter_rows(
        values_only=True))
    assert len(paid) == 2  # title and header: nobody has paid

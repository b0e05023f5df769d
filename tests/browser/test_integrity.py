"""An integrity finding in a real browser (issue 21): the HR bureau records it from its certificate page, the
certificate is revoked (public verification shows 已撤销 and why), the person's next application is
refused with the reason and the day the bar ends, and the person sees the record and may object."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import login_in_browser
from tests.browser.test_businesses import choose_title

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(page, live_url, user):
    page.context.clear_cookies()
    login_in_browser(page, live_url, user)


def test_finding_revokes_the_certificate_and_bars_the_next_application(page, live_url, world, screenshot_dir, tmp_path):
    from tests.world.profiles import profiles_load
    from zhicheng.catalog.eligibility import anniversary
    from zhicheng.catalog.models import Qualification, Specialty
    from zhicheng.certificates.services import certificate_issue
    from zhicheng.orgs.models import Organisation

    profiles_load()
    applicant = world["applicant_c"]
    heyuan = Organisation.objects.get(kind="hr_bureau", region_id="441600")
    certificate = certificate_issue(
        holder=applicant, qualification=Qualification.objects.get(series__code="engineering", name="工程师"),
        specialty=Specialty.objects.get(series__code="engineering", name="建筑工程"), committee=None,
        recognising_bureau=heyuan, issuer=heyuan, issued_on=dt.date(2024, 6, 1), actor=None,
    )
    ends = anniversary(timezone.localdate(), 3)
    ends_text = f"{ends.year}年{ends.month}月{ends.day}日"

    # 河源市人社局's reviewer: 工作台 → 证书管理 → the certificate's 记入诚信档案.
    login(page, live_url, world["hr_reviewer"])
    page.get_by_role("link", name="证书管理").first.click()
    page.fill("#id_q", certificate.number)
    page.get_by_role("button", name="搜索").click()
    page.locator("tr", has_text=certificate.number).get_by_role("link", name="记入诚信档案").click()
    page.wait_for_selector("#record-subject")
    assert applicant.id_number not in page.content()
    # Nothing chosen: every message stands beside its field and the typed facts are kept.
    page.fill("#id_facts", "经向发证院校核实，申报时提交的本科毕业证书系伪造。")
    page.get_by_role("button", name="记入诚信档案").click()
    assert "请选择失信情形" in page.inner_text("main") and "请上传证据材料" in page.inner_text("main")
    assert page.input_value("#id_facts") == "经向发证院校核实，申报时提交的本科毕业证书系伪造。"
    page.select_option("#id_kind", label="伪造、变造申报材料")
    evidence = tmp_path / "核查函.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("#id_evidence", str(evidence))
    page.check("#id_confirm")
    assert page.locator(f"input[name=certificates][value='{certificate.pk}']").is_checked()
    page.screenshot(path=f"{screenshot_dir}/integrity-record.png", full_page=True)
    page.get_by_role("button", name="记入诚信档案").click()
    page.wait_for_selector("#finding-detail")
    assert "已撤销" in page.inner_text("#finding-detail")
    page.screenshot(path=f"{screenshot_dir}/integrity-finding.png", full_page=True)

    # The public: 证书查询 shows 已撤销 and why.
    page.context.clear_cookies()
    page.goto(live_url + "/certificates/verify/")
    page.fill("input[name=number]", certificate.number)
    page.fill("input[name=holder_name]", applicant.real_name)
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("#verify-result")
    assert page.inner_text("#verify-status") == "已撤销"
    reason = page.inner_text("#verify-revoke-reason")
    assert "伪造、变造申报材料" in reason and "第40号" in reason
    assert "毕业证书系伪造" not in page.inner_text("main")  # the facts are not public
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{screenshot_dir}/integrity-verify-revoked-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The person: the next application is refused with the reason and the day the bar ends.
    login(page, live_url, applicant)
    page.goto(f"{live_url}/businesses/new/recognition/")
    choose_title(page)
    assert f"{ends_text}前不得申报" in page.inner_text("#precheck")
    page.check("#id_pledge")
    page.click("#submit")
    page.wait_for_load_state()
    body = page.inner_text("main")
    assert f"因伪造、变造申报材料被记入职称评审诚信档案，{ends_text}前不得申报" in body
    page.screenshot(path=f"{screenshot_dir}/integrity-refused.png", full_page=True)

    # Their record, from the workbench, with the objection form.
    page.goto(live_url + "/")
    page.get_by_role("link", name="我的诚信档案").click()
    assert f"{ends_text}前不得申报" in page.inner_text("#integrity-bar")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{screenshot_dir}/integrity-mine-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="提出异议").click()
    page.fill("#id_text", "毕业证书真实，可向学校学籍管理部门核实。")
    page.get_by_role("button", name="提交异议").click()
    page.wait_for_selector(".objection")
    assert "异议处理中" in page.inner_text("main")

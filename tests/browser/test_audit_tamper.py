"""The audit administrator checks the log after someone with hands on the database rewrote it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from conftest import login_in_browser
from zhicheng.audit.models import AuditEvent
from zhicheng.audit.sealing import seal
from zhicheng.audit.services import audit_record
from zhicheng.audit.tests.helpers import append_only_guard_lifted

pytestmark = pytest.mark.browser


@pytest.fixture
def checkpoints(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit_checkpoints.jsonl"
    settings.AUDIT_CHECKPOINT_SYSLOG = ""
    return settings.AUDIT_CHECKPOINT_FILE


def _decisions(world, n):
    return [
        audit_record(action="case.approve", actor=world["unit_reviewer"], object_type="cases.case",
                     object_id=str(1000 + i), object_label=f"评审申请 #{1000 + i}", detail={"opinion": "同意"})
        for i in range(n)
    ]


def _run_verification(page, live_url, world):
    login_in_browser(page, live_url, world["audit_admin"])
    page.goto(f"{live_url}/audit/")
    page.click("#audit-verify")
    page.locator("#verify-broken").wait_for()
    return page.inner_text("#verify-result")


def test_audit_admin_finds_a_rewritten_and_rehashed_row(page, live_url, world, checkpoints, screenshot_dir):
    events = _decisions(world, 6)
    target = events[2]
    # A DBA turns the opinion of one decision round, lifts the trigger and re-links every later row
    # and the head with the project's own code — but with a key of their own, not the real one.
    rows = list(AuditEvent.objects.filter(id__gte=target.id).order_by("id"))
    prev = AuditEvent.objects.filter(id__lt=target.id).latest("id").row_hash
    with append_only_guard_lifted(), connection.cursor() as cur:
        for row in rows:
            if row.id == target.id:
                row.detail = {"opinion": "不同意"}
            row.prev_hash = prev
            row.row_hash = prev = seal(row, key="a-key-of-the-dba-own-making-0123456789abcdef")
            cur.execute("UPDATE audit_auditevent SET detail = %s, prev_hash = %s, row_hash = %s WHERE id = %s",
                        [f'{{"opinion": "{row.detail["opinion"]}"}}', row.prev_hash, row.row_hash, row.id])
        cur.execute("UPDATE audit_auditchainhead SET last_hash = %s", [prev])

    text = _run_verification(page, live_url, world)
    assert f"第一条异常记录：#{target.id}" in text
    assert f"#{target.id}: 内容与其密钥签名不符（记录被修改）" in text
    assert "哈希链完整" not in text
    page.screenshot(path=f"{screenshot_dir}/audit-verify-tampered-1366.png", full_page=True)

    # The reported row opens with its content as it now is.
    page.locator("#verify-first-bad a").click()
    page.wait_for_load_state()
    assert "不同意" in page.inner_text("#audit-detail-json")


def test_audit_admin_finds_rows_deleted_after_a_checkpoint_on_a_phone(
    page, live_url, world, checkpoints, screenshot_dir
):
    page.set_viewport_size({"width": 390, "height": 844})
    events = _decisions(world, 4)
    call_command("audit_checkpoint")
    victim, new_last = events[-1], events[-2]
    with append_only_guard_lifted(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [victim.id])
        cur.execute("UPDATE audit_auditchainhead SET last_hash = %s", [new_last.row_hash])

    text = _run_verification(page, live_url, world)
    # Logging in and opening the log chained new rows after the moved head, so the deleted row is
    # now missing in the middle: the checkpoint still names it.
    assert "检查点 1（" in text and f"记录的 #{victim.id} 不存在（记录被删除）" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{screenshot_dir}/audit-verify-truncated-390.png", full_page=True)

"""The system administrator finds a message that could not be sent and sends it again (issue 20)."""

from __future__ import annotations

import os

import pytest

from conftest import login_in_browser

pytestmark = pytest.mark.browser


def test_system_admin_sees_a_failed_message_and_sends_it_again(page, live_url, world, screenshot_dir, settings,
                                                              tmp_path, monkeypatch):
    from zhicheng.audit.models import AuditEvent
    from zhicheng.outbox.services import sms_enqueue
    from zhicheng.outbox.tests.backends import log_lines

    settings.SMS_BACKEND = "zhicheng.outbox.tests.backends.FlakySmsBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 1
    monkeypatch.setenv("ZHICHENG_TEST_SMS_DIR", str(tmp_path))
    monkeypatch.setenv("ZHICHENG_TEST_SMS_FAILURES", "1")
    applicant = world["applicant_a"]
    text = "【广东省职称网上申报系统】您的评审申请已退回。请补充2025年度考核表"
    # Committed at once (no transaction here), so delivered in-process at once: the gateway did not answer.
    message = sms_enqueue(phone=applicant.phone, text=text, user=applicant)
    message.refresh_from_db()
    assert message.status == "failed"

    login_in_browser(page, live_url, world["system_admin"])
    page.locator("#system-admin-card").get_by_role("link", name="发送失败的消息").click()
    page.wait_for_load_state()
    card = page.locator(f"[data-message='{message.pk}']")
    assert "发送失败 1 条" in page.inner_text("#outbox-counts")
    assert "请补充2025年度考核表" in card.inner_text()
    assert applicant.real_name in card.inner_text() and message.recipient_masked in card.inner_text()
    assert applicant.phone not in page.content()
    assert "ConnectionError" in card.inner_text()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=os.path.join(screenshot_dir, "failed-messages.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=os.path.join(screenshot_dir, "failed-messages-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    card.get_by_role("button", name="重新发送").click()
    page.wait_for_load_state()
    assert f"已重新发送给 {message.recipient_masked}，发送成功" in page.inner_text("main")
    assert page.locator("#no-failed").count() == 1
    page.screenshot(path=os.path.join(screenshot_dir, "failed-messages-resent-phone.png"), full_page=True)

    message.refresh_from_db()
    assert message.status == "sent" and message.resend_count == 1
    assert log_lines("delivered.log") == [text]
    assert AuditEvent.objects.filter(action="outbox.message_resend", actor=world["system_admin"],
                                     object_id=str(message.pk)).count() == 1

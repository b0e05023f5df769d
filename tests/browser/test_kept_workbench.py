"""The applicant's workbench kept per person (issue 23, zhicheng.common.kept_pages), in a browser: opened
again it is the kept copy, its forms work with this browser's CSRF token, and a message that arrives or a
change made from it shows at once."""

import pytest
from django.db import connection

from conftest import login_in_browser
from tests.browser.steps import shots_at_widths

pytestmark = pytest.mark.browser


def test_applicant_opens_the_kept_workbench_and_uses_it(page, live_url, world, screenshot_dir):
    from zhicheng.cases.services import notification_send

    a = world["applicant_a"]
    notification_send(user=a, title="材料已受理", body="您的申报材料已受理。")
    login_in_browser(page, live_url, a)
    page.goto(live_url + "/profile/")
    assert page.locator("#unread-count").is_visible()
    # A write that goes around the models (raw SQL) does not bump: the reload shows the kept copy.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_notification SET title = %s WHERE user_id = %s", ["（绕过服务的修改）", a.pk])
    page.reload()
    assert page.get_by_text("材料已受理", exact=True).is_visible(), "served kept"
    assert page.get_by_text("（绕过服务的修改）").count() == 0

    notification_send(user=a, title="请补正材料", body="请于5个工作日内补正。")  # a new message: shown at once
    page.reload()
    assert page.get_by_text("请补正材料", exact=True).is_visible()

    page.get_by_role("button", name="全部标为已读").click()  # a form of the kept page: its CSRF token is this browser's
    page.wait_for_load_state()
    assert "/profile/" in page.url
    assert page.locator("#unread-count").count() == 0
    shots_at_widths(page, f"{screenshot_dir}/kept-workbench")

"""统计分析 in a real browser (issue 22): each watcher reaches it from the home page — the city HR
bureau filters by plan and downloads the Excel file, which holds the numbers the page shows; the
supervising unit and the committee office see their own figures. At 390 and 1366 px."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from conftest import login_in_browser

pytestmark = pytest.mark.browser

CARDS = {
    "hr_reviewer": "河源市人力资源和社会保障局",
    "supervisor_reviewer_2": "龙川县住房和城乡建设局",
    "committee_office": "广东省建筑工程技术人才职称评审委员会",
}


def _data(world):
    from zhicheng.cases.constants import CaseStatus, Decision
    from zhicheng.catalog.models import EvaluationPlan
    from zhicheng.stats.tests.test_stats import application, committee, second_plan

    first = EvaluationPlan.objects.filter(committee=committee()).order_by("-year").first()
    second = second_plan(first)
    application(world["applicant_a"], first, submitted=20, status=CaseStatus.ACCEPTED, outcome="passed",
                decisions=[(0, 18, Decision.APPROVE), (1, 15, Decision.APPROVE), (2, 14, Decision.ACCEPT)])
    application(world["applicant_b"], first, submitted=30, status=CaseStatus.ACCEPTED, outcome="failed",
                decisions=[(0, 26, Decision.APPROVE), (1, 24, Decision.APPROVE), (2, 20, Decision.ACCEPT)])
    application(world["applicant_c"], first, submitted=41, status=CaseStatus.SUBMITTED,
                decisions=[(0, 40, Decision.APPROVE)])
    application(world["unit_reviewer"], second, submitted=12, status=CaseStatus.ACCEPTED, outcome="failed",
                decisions=[(0, 9, Decision.APPROVE), (1, 8, Decision.APPROVE), (2, 6, Decision.ACCEPT)])
    return first, second


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("who", list(CARDS))
def test_each_watcher_reads_statistics_from_home(page, live_url, world, screenshot_dir, who, width):
    first, second = _data(world)
    page.set_viewport_size({"width": width, "height": 900})
    login_in_browser(page, live_url, world[who])
    page.locator(".staff-card", has_text=CARDS[who]).get_by_role("link", name="统计分析").click()
    page.wait_for_load_state()
    assert page.inner_text("#stats-total") == "4"
    assert "50.0%" in page.inner_text("#stats-pass") and "0.0%" in page.inner_text("#stats-pass")
    assert "主管单位" in page.inner_text("#stats-backlog")
    assert page.locator("img.zc-chart").count() >= 3
    assert page.evaluate("[...document.querySelectorAll('img.zc-chart')].every(i => i.complete && i.naturalWidth > 0)")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"{screenshot_dir}/stats-{who}-{width}.png", full_page=True)
    if who != "hr_reviewer":
        return
    page.select_option("#id_plan", str(first.pk))
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert page.inner_text("#stats-total") == "3"
    row = page.locator("#stats-pass tbody tr").first.inner_text()
    assert "50.0%" in row and "第二批评审" not in page.inner_text("#stats-pass")
    with page.expect_download() as download:
        page.click("#stats-export")
    wb = load_workbook(BytesIO(open(download.value.path(), "rb").read()))
    assert list(wb["概况"].iter_rows(min_row=4, values_only=True)) == [("申报业务合计", 3)]
    (rate_row,) = list(wb["通过率"].iter_rows(min_row=4, values_only=True))
    assert rate_row[3:] == (3, 2, 1, 50.0)
    page.screenshot(path=f"{screenshot_dir}/stats-filtered-{width}.png", full_page=True)

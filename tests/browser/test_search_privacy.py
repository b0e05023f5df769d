"""Searching by ID number as staff do it: the number is posted, never put into the address bar
(issue 18, finding 7)."""

from __future__ import annotations

import re

import pytest

from conftest import login_in_browser

pytestmark = pytest.mark.browser


@pytest.fixture
def waiting(world):
    """A's and B's personal information, both submitted to 龙川县人民医院."""
    from zhicheng.profiles.services import profile_submit
    from zhicheng.profiles.tests.conftest import fill_profile

    for key in ("applicant_a", "applicant_b"):
        profile_submit(profile=fill_profile(world[key]), actor=world[key])


def _spaced(number: str) -> str:
    """As people type it from an ID card: groups of digits with spaces."""
    return f"{number[:6]} {number[6:14]} {number[14:]}"


@pytest.mark.parametrize("width", [390, 1366])
def test_reviewer_finds_an_applicant_by_id_number_without_it_in_the_url(page, live_url, world, waiting, screenshot_dir,
                                                                          width):
    page.set_viewport_size({"width": width, "height": 900})
    applicant = world["applicant_a"]
    login_in_browser(page, live_url, world["unit_reviewer"])
    page.get_by_role("link", name="进入单位工作台").first.click()
    page.wait_for_load_state()
    assert page.locator("table.table-queue tbody tr").count() == 2
    page.fill("#id_q", _spaced(applicant.id_number))
    page.click("#queue-filter button[type=submit]")
    page.wait_for_load_state()
    assert re.search(r"\?s=[\w-]+$", page.url), page.url
    assert not re.search(r"\d{6}", page.url.split("?", 1)[1])
    rows = page.locator("table.table-queue tbody tr")
    assert rows.count() == 1 and "张晓明" in rows.first.inner_text()
    assert applicant.masked_id_number in rows.first.inner_text()
    assert page.input_value("#id_q").replace(" ", "") == applicant.id_number  # what was typed is kept
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width + 1
    assert "{#" not in page.content() and "{%" not in page.content()
    page.screenshot(path=f"{screenshot_dir}/queue-search-by-id-{width}.png", full_page=True)
    page.reload()  # reloading shows the same results without asking to resend a form
    assert page.locator("table.table-queue tbody tr").count() == rows.count()

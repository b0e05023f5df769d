"""Steps that several browser tests take the same way: registering with an ID number that has an account,
filling a profile's education and work rows, the office's new-meeting form, and screenshots that must
not scroll sideways."""

from __future__ import annotations

from pathlib import Path


def submit(page, label: str) -> None:
    """Click the button ``label`` and wait for the next page."""
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def register_existing(page, live_url: str, *, id_number: str, phone: str, password: str):
    """Register as 冒名者 with ``id_number`` (typed as given), which has an account: the page says so and
    offers both ways on (log in, recover). Returns the box (``#id-registered``)."""
    page.goto(f"{live_url}/accounts/register/")
    page.fill("#id_id_number", id_number)
    page.fill("#id_real_name", "冒名者")
    page.fill("#id_phone", phone)
    page.fill("#id_password1", password)
    page.fill("#id_password2", password)
    submit(page, "注册")
    box = page.locator("#id-registered")
    assert box.get_by_role("link", name="用已有账号登录").is_visible()
    assert box.get_by_role("link", name="忘记密码，找回账号").is_visible()
    return box


def education_fill(page, live_url: str, *, school: str, major: str, start: str, end: str) -> None:
    """On the profile's education page: a 本科 row (``start`` and ``end`` as YYYY-MM-DD), not saved yet."""
    page.goto(f"{live_url}/profile/section/education/")
    page.fill("#id_school", school)
    page.fill("#id_major", major)
    page.select_option("#id_education", "4")
    page.fill("#id_start_date", start)
    page.fill("#id_end_date", end)


def work_save(page, live_url: str, *, unit_name: str, post: str, start: str) -> None:
    """On the profile's work page: a current job at ``unit_name`` since ``start``, saved."""
    page.goto(f"{live_url}/profile/section/work/")
    page.fill("#id_unit_name", unit_name)
    page.fill("#id_post", post)
    page.fill("#id_start_date", start)
    page.get_by_role("button", name="保存").click()


def shots_at_widths(page, path_stem: Path | str, widths=(1366, 390)) -> None:
    """Screenshot the page at each width (``{path_stem}-{width}.png``); none may scroll sideways. Leaves
    the page 1280 px wide."""
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{path_stem}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})


def meeting_form_fill(page, live_url: str, *, plan, name: str, held_on: str, place: str) -> None:
    """As the committee office: 新建评审会议 for ``plan``, its name, date and place, and every accepted
    application of the plan ticked; not created yet."""
    page.goto(f"{live_url}/evaluation/office/")
    page.get_by_role("link", name="新建评审会议").click()
    page.select_option("select[name=plan]", str(plan.pk))
    page.get_by_role("button", name="选择计划").click()
    page.fill("input[name=name]", name)
    page.fill("input[name=held_on]", held_on)
    page.fill("input[name=place]", place)
    page.check("#select-all")

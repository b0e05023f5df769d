"""Shared test set-up: reference data and the test world with its fixed cast, plus a real browser.

* Database tests see the regions, catalogue, the test world's organisations and the cast of
  ``tests.world`` (``tests.world.load.world_load``, loaded once per test database; decision 0036).
  The tests do not read the demo (``tests/test_no_demo_in_tests.py``).
* ``cast`` gives the cast's users by key: ``cast["applicant_a"]``, ``cast["unit_reviewer"]``…
  (``tests.world.cast.person(key)`` their identities, ``PASSWORD`` their password).
* ``crew`` is a cast made in code by the factories (``zhicheng/*/tests/factories.py``) on the reference
  data only, with units of its own.
* ``page`` is a Playwright page in Debian's headless Chromium; ``live_url`` the live server.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop shares the main thread

CHROMIUM = os.environ.get("ZHICHENG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
]


#: The longest modules run first (the crawl: its world and every role's pages on a phone; the security
#: matrix; the browser walks), so that with ``--dist loadfile`` the two workers share the rest instead of
#: one worker finishing the crawl alone at the end.
LONGEST_FIRST = ("tests/crawl/", "tests/security/", "tests/browser/", "tests/test_closed_network.py")


def pytest_collection_modifyitems(config, items):
    """Order the collected tests: :data:`LONGEST_FIRST` first, then the rest, each in collection order."""
    def rank(item) -> int:
        return next((i for i, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)),
                    len(LONGEST_FIRST))

    items.sort(key=rank)


def load_world() -> None:
    """The reference data and the test world in the default database, if it is empty (a transactional
    test before emptied it, or the test database is new): the first time in a process built through the
    services, then put back from a copy of what that wrote (``tests/world/snapshot.py``)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import translation

    from tests.world.load import world_load
    from tests.world.snapshot import world_snapshot_restore, world_snapshot_take
    from zhicheng.orgs.models import Region

    if Region.objects.exists():
        return
    if world_snapshot_restore():
        return
    call_command("load_reference_data", verbosity=0)
    world_load()
    translation.activate(settings.LANGUAGE_CODE)  # call_command leaves translation deactivated
    world_snapshot_take()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_world()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: every test starts with none."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["fragments"].clear()  # per-process copies (the latest notices) of rows another test rolled back
    caches["identity"].clear()  # kept identities of accounts another test rolled back
    yield


@pytest.fixture(autouse=True)
def _world_present(request, django_db_blocker):
    """A transactional test empties the database when it ends; put the world back before the next
    database test opens its transaction (autouse fixtures run before ``db``)."""
    names = set(request.fixturenames)
    if not names & {"db", "transactional_db", "cast", "world", "live_server"} and not request.node.get_closest_marker(
        "django_db"
    ):
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        load_world()


class Cast(dict):
    def __missing__(self, key):
        from tests.world.cast import person
        from zhicheng.accounts.models import User

        user = User.objects.get_by_id_number(person(key).id_number)
        self[key] = user
        return user


@pytest.fixture
def cast(db) -> Cast:
    return Cast()


@dataclass
class Crew:
    """The test cast in code: 测试人民医院 and 测试中医院 (人事管理单位, 龙川县) under 测试卫生健康局 (主管单位),
    a reviewer and an administrator at 测试人民医院, a reviewer at 测试中医院 and at the 主管单位, and two
    applicants with no profile yet."""

    supervisor: object
    unit: object
    other_unit: object
    applicant: object
    applicant_2: object
    unit_reviewer: object
    unit_admin: object
    other_unit_reviewer: object
    supervisor_reviewer: object


@pytest.fixture
def crew(db) -> Crew:
    from zhicheng.accounts.tests.factories import UserFactory
    from zhicheng.orgs.constants import Role
    from zhicheng.orgs.tests.factories import MembershipFactory, PersonnelUnitFactory, SupervisingUnitFactory

    supervisor = SupervisingUnitFactory(name="测试卫生健康局")
    unit = PersonnelUnitFactory(name="测试人民医院", supervising_unit=supervisor)
    other_unit = PersonnelUnitFactory(name="测试中医院", supervising_unit=supervisor)

    def staff(organisation, role=Role.REVIEWER):
        return MembershipFactory(user=UserFactory(), organisation=organisation, role=role).user

    return Crew(
        supervisor=supervisor, unit=unit, other_unit=other_unit,
        applicant=UserFactory(), applicant_2=UserFactory(),
        unit_reviewer=staff(unit), unit_admin=staff(unit, Role.ORG_ADMIN),
        other_unit_reviewer=staff(other_unit), supervisor_reviewer=staff(supervisor),
    )


@pytest.fixture
def world(transactional_db):
    """For transactional and browser tests, whose database is emptied after each test."""
    load_world()
    from django.core.cache import cache

    cache.clear()
    return Cast()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./manage.sh test, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def page(browser, live_server, world):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    # A closed network: any request to a host other than the live server fails the test.
    outside: list[str] = []
    host = live_server.url.split("//", 1)[1]

    def guard(route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or f"//{host}" in url:
            return route.continue_()
        outside.append(url)
        return route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(30000)  # a loaded 2-core CI machine answers a submit in more than 15 s
    # Content-Security-Policy violations (an inline script, say) and script errors fail the test.
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    yield page
    context.close()
    assert not outside, f"page requested outside hosts: {outside}"
    assert not problems, f"browser reported: {problems}"


def login_in_browser(page, live_url: str, user, password: str | None = None) -> None:
    """Log in through the real login form (with the cast's password unless ``password`` is given)."""
    from tests.world.cast import PASSWORD

    page.goto(f"{live_url}/accounts/login/")
    page.fill("input[name=username]", user.phone)
    page.fill("input[name=password]", password or PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def logout_in_browser(page) -> None:
    """Log out through the 退出 button of the top bar (a POST form), and wait for the page after it."""
    page.locator("form[action='/accounts/logout/'] button").click()
    page.wait_for_load_state()


@pytest.fixture
def screenshot_dir(tmp_path_factory):
    path = os.environ.get("ZHICHENG_SCREENSHOTS")
    if path:
        os.makedirs(path, exist_ok=True)
        return path
    return str(tmp_path_factory.mktemp("screens"))

"""The authorization matrix: every URL of the project, requested with GET by every member of the
cast, answers what ``expectations.py`` declares (page, 404, login, redirect, 405, 401).

The URL list comes from the resolver, so a new URL without a row fails ``test_every_url_has_an_expectation``
with the lines to add. The world is built once per module (``conftest.security_world``).
"""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from .expectations import EXCLUDED_NAMESPACES, EXPECTATIONS, LOGIN, REDIRECT, USER_KEYS
from .urlwalk import all_routes, top_namespace

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


def classify(response) -> object:
    """The answer as the matrix names it."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        path = re.sub(r"^https?://[^/]+", "", location)
        return LOGIN if path.startswith(LOGIN_PATHS) else REDIRECT
    return status


def _covered_names() -> tuple[list[str], list[str]]:
    names = [r.name for r in all_routes() if top_namespace(r.name) not in EXCLUDED_NAMESPACES]
    missing = sorted(n for n in dict.fromkeys(names) if n not in EXPECTATIONS)
    all_names = {r.name for r in all_routes()}
    stale = sorted(n for n in EXPECTATIONS if n not in all_names)
    return missing, stale


def test_every_url_has_an_expectation():
    missing, stale = _covered_names()
    routes = {r.name: r for r in all_routes()}
    lines = []
    for n in missing:
        params = re.findall(r"<(?:\w+:)?(\w+)>", routes[n].route)
        kwargs = "".join(f", {p}=lambda w: ..." for p in params)
        lines.append(f'    "{n}": Expect(only(200, "applicant_a"){kwargs}),  # /{routes[n].route} TODO: real answers')
    assert not missing, (
        f"{len(missing)} URL name(s) have no row in tests/security/expectations.py EXPECTATIONS; add:\n"
        + "\n".join(lines)
    )
    assert not stale, f"rows for URL names that no longer exist (remove them): {stale}"


@pytest.mark.django_db
@override_settings(CERTIFICATE_VERIFY_LIMIT=100_000)
@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_matrix(name, security_world, clients):
    expect = EXPECTATIONS[name]
    url = expect.url(name, security_world)
    mismatches = []
    for key in USER_KEYS:
        response = clients[key].get(url)
        got = classify(response)
        if got != expect.outcomes[key]:
            where = response.get("Location", "")
            mismatches.append(f"  {key:<26} expected {expect.outcomes[key]!s:<8} got {got!s:<8} {where}")
    assert not mismatches, f"GET {url} ({name}):\n" + "\n".join(mismatches)


def _admin_paths() -> list[str]:
    paths = []
    for route in all_routes():
        if top_namespace(route.name) != "admin":
            continue
        text = route.route
        if "(?P<app_label>" in text:
            text = "admin/accounts/"
        elif "(?P<url>" in text:
            text = "admin/no-such-page/"
        paths.append("/" + re.sub(r"<(?:\w+:)?\w+>", "1", text))
    return paths


@pytest.mark.django_db
def test_admin_family_guarded(security_world, clients):
    """Every admin page (not only the representative rows) sends anyone but the system administrator
    to the admin login: the applicant, a reviewer and the audit and security administrators."""
    wrong = []
    for key in ("anonymous", "applicant_a", "security_admin", "audit_admin"):
        for path in _admin_paths():
            got = classify(clients[key].get(path))
            if path == "/admin/login/":
                ok = got == 200
            elif path == "/admin/logout/":  # admin_view sends non-staff from logout to the index (→ login)
                ok = got == REDIRECT
            else:
                ok = got == LOGIN
            if not ok:
                wrong.append(f"  {key:<16} {path} → {got}")
    assert not wrong, "admin pages reachable without the system administrator's account:\n" + "\n".join(wrong)

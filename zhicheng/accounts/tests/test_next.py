"""``next`` after login and after the second factor: only a same-site absolute path is followed;
anything else (a bare word that ``redirect()`` would reverse as a URL name, another host, a scheme,
``//host``, a control character) goes to the home page — never a 500."""

import pytest

from tests.world.cast import PASSWORD
from zhicheng.common.next_url import is_safe_next

from .test_two_factor import VERIFY, code_for, enrolled, log_in

pytestmark = pytest.mark.django_db

BAD = [
    "foo", "bar", "common:home", "accounts:login", "https://evil.example/", "//evil.example/", "/\\evil.example",
    "javascript:alert(1)", "http:/evil.example", "/cases/\x0b", " /cases/", "ＦＯＯ", "𠮷", "=1+1",
]
GOOD = ["/accounts/me/", "/cases/?page=2", "/businesses/new/evaluation/"]


@pytest.mark.parametrize("target", BAD)
def test_bad_next_after_login_goes_home(client, cast, target):
    page = client.get("/accounts/login/", {"next": target})
    assert page.status_code == 200
    response = client.post("/accounts/login/?" + "next=" + target.replace("&", "%26"),
                           {"username": cast["applicant_a"].phone, "password": PASSWORD, "next": target})
    assert response.status_code == 302 and response.url == "/", response.get("Location")


@pytest.mark.parametrize("target", GOOD)
def test_same_site_path_after_login_is_followed(client, cast, target):
    response = client.post("/accounts/login/", {"username": cast["applicant_a"].phone, "password": PASSWORD,
                                                "next": target})
    assert response.status_code == 302 and response.url == target


@pytest.mark.parametrize("target", ["foo", "bar", "common:home", "//evil.example/", "/\\evil.example"])
def test_bad_next_on_the_second_factor_pages_goes_home(client, cast, target):
    reviewer = cast["unit_reviewer"]
    device = enrolled(reviewer)
    log_in(client, reviewer)
    page = client.get(VERIFY, {"next": target})
    assert page.status_code == 200
    assert f'value="{target}"' not in page.content.decode()  # not carried into the form
    response = client.post(VERIFY, {"code": code_for(device), "next": target})
    assert response.status_code == 302 and response.url == "/"
    # Already verified: the page sends on at once, with the same rule.
    response = client.get(VERIFY, {"next": target})
    assert response.status_code == 302 and response.url == "/"


def test_rule():
    assert all(is_safe_next(t, host="testserver") for t in GOOD)
    assert not any(is_safe_next(t, host="testserver") for t in BAD)
    assert is_safe_next("/x/", host="testserver")
    assert not is_safe_next("http://testserver/x/", host="testserver")  # paths only, even to this host

"""No identifiers in URLs (issue 18, finding 7).

Searching a work queue by ID number put it in the query string, so the access log held it in
full; the administration's user search did the same. Each search that may be given an ID or phone
number now goes by POST and the results page carries only a token; and the access logs (Django's
request logging and gunicorn's, as configured for ``./manage.sh run``) mask any ID-like or
phone-like string in paths and query strings.
"""

from __future__ import annotations

import io
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from zhicheng.orgs.models import Organisation

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
ID_LIKE = re.compile(r"\d{15}|\d{17}[\dX]|1\d{10}")


def _no_number_in(location: str, *numbers: str) -> None:
    for number in numbers:
        assert number not in location, location
        assert number[-8:] not in location, location
    assert not ID_LIKE.search(location), location


def _submitted_profiles(cast):
    from zhicheng.profiles.services import profile_submit
    from zhicheng.profiles.tests.conftest import fill_profile

    for key in ("applicant_a", "applicant_b"):
        profile_submit(profile=fill_profile(cast[key]), actor=cast[key])


# -- searches go by POST ------------------------------------------------------------------------
def test_work_queue_search_by_id_number_is_posted_and_the_url_holds_a_token(client, cast):
    _submitted_profiles(cast)
    a = cast["applicant_a"]
    unit = Organisation.objects.get(name="龙川县人民医院")
    url = reverse("cases:queue", args=[unit.pk])
    client.force_login(cast["unit_reviewer"])
    html = client.get(url).content.decode()
    assert re.search(r'<form method="post"[^>]*id="queue-filter"', html)
    typed = f"{a.id_number[:6]} {a.id_number[6:14]} {a.id_number[14:]}"  # as people type it
    response = client.post(url, {"q": typed, "scope": "waiting"})
    assert response.status_code == 302
    location = response["Location"]
    assert re.fullmatch(rf"{url}\?s=[\w-]+", location)
    _no_number_in(location, a.id_number)
    html = client.get(location).content.decode()
    assert "张晓明" in html and "李雪梅" not in html
    assert a.masked_id_number in html
    # paging links carry the token, not the criteria
    for href in re.findall(r'href="(\?[^"]*)"', html):
        _no_number_in(href, a.id_number)
    # a search put into the address by hand is not run (nobody builds such links)
    html = client.get(url, {"q": a.id_number}).content.decode()
    assert "李雪梅" in html and "张晓明" in html
    # a token is worth nothing in another session or on another page
    other = cast["unit_reviewer"]
    from django.test import Client

    stranger = Client()
    stranger.force_login(other)
    assert "查询条件已过期" in stranger.get(location, follow=True).content.decode()


def test_audit_viewer_search_is_posted(client, cast):
    client.force_login(cast["audit_admin"])
    phone = cast["unit_reviewer"].phone
    response = client.post(reverse("audit:events"), {"actor": phone, "object_id": cast["applicant_a"].id_number})
    assert response.status_code == 302
    _no_number_in(response["Location"], phone, cast["applicant_a"].id_number)
    html = client.get(response["Location"]).content.decode()
    assert re.search(r'<form method="post"[^>]*id="audit-search"', html)
    export = re.search(r'id="audit-export"|href="([^"]*)" id="audit-export"', html)
    assert export is not None
    for href in re.findall(r'href="([^"]*)"', html):
        _no_number_in(href, phone, cast["applicant_a"].id_number)
    # GET parameters that may hold a number are not read
    client.get(reverse("audit:events"), {"actor": phone})
    from zhicheng.audit.models import AuditEvent

    viewed = AuditEvent.objects.filter(action="audit.viewed").latest("id")
    assert "actor" not in viewed.detail["filters"]


def test_admin_user_search_by_id_or_phone_is_posted(client, cast):
    client.force_login(cast["system_admin"])
    url = reverse("admin:accounts_user_changelist")
    a = cast["applicant_a"]
    html = client.get(url).content.decode()
    assert re.search(r'<form id="changelist-search" method="post"', html)
    for term in (a.id_number, a.phone, f"+86 {a.phone[:3]}-{a.phone[3:7]}-{a.phone[7:]}", a.id_number.lower()):
        response = client.post(url, {"zc_search": "1", "q": term})
        assert response.status_code == 302, term
        _no_number_in(response["Location"], a.id_number, a.phone)
        response = client.get(response["Location"])
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [a], term
        html = response.content.decode()
        assert a.id_number not in html and a.phone not in html
    # by name, still
    response = client.get(client.post(url, {"zc_search": "1", "q": "张晓"})["Location"])
    assert a in list(response.context["cl"].result_list)
    # ?q= in the address is not searched
    response = client.get(url, {"q": a.id_number})
    assert len(response.context["cl"].result_list) > 1


def test_certificate_management_search_is_posted(client, cast):
    client.force_login(cast["county_hr_reviewer"])
    url = reverse("certificates:manage")
    response = client.post(url, {"q": cast["applicant_a"].id_number})
    assert response.status_code == 302
    _no_number_in(response["Location"], cast["applicant_a"].id_number)


def test_service_window_search_is_posted(client, cast):
    from zhicheng.accounts.selectors import window_organisations_for

    staff = cast["window_staff"]
    client.force_login(staff)
    org = window_organisations_for(user=staff).first()
    url = reverse("accounts:window", args=[org.pk])
    html = client.get(url).content.decode()
    assert 'name="search-id_number"' in html
    form = re.search(r'<form[^>]*>(?:(?!</form>).)*name="search-id_number"', html, re.S).group(0)
    assert 'method="post"' in form
    response = client.post(url, {"action": "search", "search-id_number": cast["applicant_a"].id_number})
    assert response.status_code == 200  # answered in place: no redirect carrying the number


# Forms that still send by GET: none may take an ID or phone number.
GET_FORMS_ALLOWED = {
    "profiles/unit.html": "unit search by name or pinyin, and the region chosen",
    "evaluation/meeting_new.html": "the plan chosen from a list",
    "workcalendar/year_list.html": "a four-digit year (2004–2100; anything else is refused)",
    "stats/report.html": "a year (2000–2100), a plan and a business chosen from lists, and two dates",
    "pre_evaluation/notices.html": (
        "the public 评前公示 list filtered by a unit name or its pinyin (public, no personal data)"
    ),
}


def test_no_get_form_takes_free_text_that_could_be_a_number():
    found = {}
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"<form[^>]*method=\"get\"", text, re.I):
            found[str(path).split("/templates/", 1)[1]] = True
    assert set(found) == set(GET_FORMS_ALLOWED), (
        "a new GET form: if any box in it can receive an ID or phone number, post it (zhicheng.common.search); "
        f"otherwise add it to GET_FORMS_ALLOWED with the reason. Found: {sorted(found)}"
    )


# -- the access logs mask what gets through -----------------------------------------------------
def _console_output(emit) -> str:
    handler = next(h for h in logging.getLogger().handlers
                   if any(type(f).__name__ == "MaskPersonalDataFilter" for f in h.filters))
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        emit()
    finally:
        handler.setStream(old)
    return stream.getvalue()


ID = "440105199001011234"
ID15 = "440105900101123"
PHONE = "13800000001"


@pytest.mark.parametrize("raw", [
    f"/cases/queue/1/?q={ID}&page=2",
    f"/x/?q={ID[:6]}+{ID[6:14]}+{ID[14:]}",  # typed with spaces
    "/x/?q=" + "".join(f"%EF%BC%{0x90 + int(d):02X}" for d in ID[:17]) + ID[17],  # full-width digits
    f"/x/?id={ID15}",  # the old 15-digit number
    f"/accounts/{PHONE}/",
    "/x/?phone=138-0000-0001",
    f"/x/?phone=%2B86{PHONE}",
])
def test_django_request_logging_masks_paths_and_query_strings(raw):
    output = _console_output(lambda: logging.getLogger("django.server").info('"%s" %s %s', f"GET {raw} HTTP/1.1",
                                                                              "200", "123"))
    assert "GET /" in output
    assert not ID_LIKE.search(output.replace("-", "")), output
    assert "****" in output


def test_django_request_logging_masks_a_not_found_path(client):
    output = _console_output(lambda: client.get(f"/no/such/page/{ID}/"))
    assert "Not Found" in output and ID not in output and "440105********1234" in output


def test_ordinary_urls_are_logged_as_they_are():
    from zhicheng.common.logging import mask_url

    for url in ("/static/app.css?v=12", "/cases/12345/", "/audit/?s=Ab-x_12&page=3", "/api/v1/certificates/search"):
        assert mask_url(url) == url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_manage_sh_run_uses_the_masking_gunicorn_config():
    script = (ROOT / "manage.sh").read_text()
    run = script.split("\n  run)", 1)[1].split(";;", 1)[0]
    assert "gunicorn\" -c config/gunicorn.conf.py" in run
    assert "--access-logfile" not in run  # the access log is configured in the file, with its logger class


def test_gunicorn_access_log_masks_ids_and_phones(tmp_path):
    """The real server as ``./manage.sh run`` starts it: config/gunicorn.conf.py."""
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "ZHICHENG_VAR_DIR": str(tmp_path),
           "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    log = tmp_path / "gunicorn.log"
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [gunicorn, "-c", "config/gunicorn.conf.py", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "1"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        paths = [f"/no/such/{ID}/?q={ID}", f"/no/such/?phone={PHONE}&q={ID[:6]}%20{ID[6:]}"]
        deadline = time.time() + 60
        served = 0
        while time.time() < deadline and served < len(paths):
            try:
                req = urllib.request.Request(f"http://127.0.0.1:{port}{paths[served]}",
                                             headers={"Referer": f"http://127.0.0.1:{port}/x/?q={ID}"})
                urllib.request.urlopen(req, timeout=5)  # noqa: S310 - http to our own server
            except urllib.error.HTTPError:
                pass
            except OSError:
                time.sleep(0.3)
                continue
            served += 1
        assert served == len(paths), log.read_text()
        time.sleep(0.5)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    text = log.read_text()
    access = [line for line in text.splitlines() if "/no/such/" in line and "HTTP/1." in line]
    assert len(access) >= 2 and any("phone=" in line for line in access), text
    for line in access:
        assert ID not in line and PHONE not in line and ID[:6] + "%20" not in line, line
        assert "****" in line

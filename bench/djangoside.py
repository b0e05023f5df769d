"""The parts of the benchmark that run inside Django (as subprocesses of bench/run.py, with the
bench environment): ``prepare`` makes sessions and request lists, ``inproc`` measures number
allocation and PDF rendering in-process."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import time
import urllib.parse

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from zhicheng.accounts.identity import HINT_COOKIE, identity_hint
from zhicheng.accounts.models import User
from zhicheng.cases.models import Case
from zhicheng.certificates.models import Certificate, CertificateStatus
from zhicheng.certificates.tokens import verification_token_make
from zhicheng.common.middleware import IdleSessionMiddleware
from zhicheng.orgs.models import Organisation

N_APPROVE = 12_000
N_SUBMIT = 6_000
N_VERIFY_MANY = 60_000


def _sessions(users: list[User], csrf: str) -> dict[int, str]:
    """A logged-in session per user, written in bulk; returns the Cookie header per user id."""
    store = SessionStore()
    expire = timezone.now() + dt.timedelta(days=1)
    rows, cookies = [], {}
    for user in users:
        key = secrets.token_hex(16)
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "zhicheng.accounts.backends.IdentityBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
                IdleSessionMiddleware.KEY: int(time.time())}  # as a real login stores it
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
        # with the identity hint a browser gets on its first page after logging in (zhicheng.accounts.sessions)
        cookies[user.pk] = (f"{settings.SESSION_COOKIE_NAME}={key}; {HINT_COOKIE}={identity_hint(user.pk)}; "
                            f"{settings.CSRF_COOKIE_NAME}={csrf}")
    Session.objects.bulk_create(rows, batch_size=2000)
    return cookies


def page_queries(*, user: User, path: str) -> tuple[int, int]:
    """(HTTP status, number of database queries) of ``GET path`` as ``user``, through the whole stack with a
    session as :func:`_sessions` makes it; the second of two requests is counted (the first warms caches).
    The statistics page is guarded by it: at full scale within 25 % of the small set (``report.TARGETS``)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    hosts = settings.ALLOWED_HOSTS
    host = "testserver" if ("testserver" in hosts or "*" in hosts) else hosts[0]
    client = Client(HTTP_HOST=host, HTTP_COOKIE=_sessions([user], "c" * 32)[user.pk])
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries)


def stats_fixture(*, user: User, organisation_id: int) -> dict:
    """The statistics page benchmarked (issue 22): an HR bureau's region (the hot unit's supervising body, a
    city bureau), read by its reviewer; its path, how many cases it covers and its query count."""
    from django.test.utils import override_settings

    from zhicheng.stats.selectors import scoped_cases

    organisation = Organisation.objects.select_related("region").get(pk=organisation_id)
    path = f"/stats/{organisation_id}/"
    with override_settings(STATS_KEPT_SECONDS=0):  # the counting itself, not the kept report
        status, n = page_queries(user=user, path=path)
    if status != 200:
        raise RuntimeError(f"statistics page {path} answered {status}")
    return {"stats_path": path, "n_stats_queries": n, "n_stats_cases": scoped_cases(organisation=organisation).count()}


def prepare(argv: list[str]) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    m = json.load(open(args.manifest, encoding="utf-8"))
    csrf = secrets.token_urlsafe(24)[:32].replace("-", "a").replace("_", "b")
    hot = m["hot_unit_id"]
    first_user = m["first_user_id"]
    applicant = User.objects.get(pk=first_user + m["plan"]["hot_queue"])
    reviewer = User.objects.get(pk=m["hot_reviewer_id"])
    watcher = User.objects.get(pk=m["supervisor_reviewer_id"])  # the hot unit's supervising body: a city bureau
    cookies = _sessions([applicant, reviewer, watcher], csrf)
    waiting = list(
        Case.objects.filter(current_organisation_id=hot, status="submitted", current_step_order=0)
        .order_by("id").values_list("id", flat=True)[: N_APPROVE + 1]
    )
    detail_case, approve_ids = waiting[0], waiting[1:]
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "decision": "approve", "opinion": "同意。",
                                   "expected_step": 0})
    fx = {
        "hot_unit_id": hot,
        "hot_reviewer_id": reviewer.pk,
        "detail_case_id": detail_case,
        "cookie_applicant": cookies[applicant.pk],
        "cookie_reviewer": cookies[reviewer.pk],
        "cookie_stats": cookies[watcher.pk],
        **stats_fixture(user=watcher, organisation_id=m["hot_supervising_unit_id"]),
    }
    approve_list = f"{args.out}.approve.txt"
    with open(approve_list, "w") as fh:
        for pk in approve_ids:
            fh.write(f"/cases/{pk}/\t{cookies[reviewer.pk]}\t{body}\n")
    fx["approve_list"], fx["n_approve"] = approve_list, len(approve_ids)
    # submitters: persons whose open profile case is a draft (profile complete, unit chosen)
    drafts = list(
        User.objects.filter(pk__gte=first_user, cases__status="draft", cases__business_type="profile")
        .order_by("pk")[:N_SUBMIT]
    )
    submit_cookies = _sessions(drafts, csrf)
    submit_list = f"{args.out}.submit.txt"
    sbody = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf})
    with open(submit_list, "w") as fh:
        for user in drafts:
            fh.write(f"/profile/submit/\t{submit_cookies[user.pk]}\t{sbody}\n")
    fx["submit_list"], fx["n_submit"] = submit_list, len(drafts)
    # First views of the workbench: a different person per request (each built once, then kept; issue 23).
    dashboard_list = f"{args.out}.dashboard.txt"
    with open(dashboard_list, "w") as fh:
        for user in drafts:
            fh.write(f"/profile/\t{submit_cookies[user.pk]}\t\n")
    fx["dashboard_list"], fx["n_dashboard_many"] = dashboard_list, len(drafts)
    certs = list(Certificate.objects.filter(status=CertificateStatus.VALID, holder_id__gte=first_user)
                 .order_by("pk").only("pk", "number")[:N_VERIFY_MANY])
    fx["verify_path"] = f"/certificates/verify/t/{verification_token_make(certs[0])}/"
    # First scans: a different certificate per request, none of them kept by an earlier request.
    verify_list = f"{args.out}.verify.txt"
    with open(verify_list, "w") as fh:
        for cert in certs[1:]:
            fh.write(f"/certificates/verify/t/{verification_token_make(cert)}/\t\t\n")
    fx["verify_list"], fx["n_verify_many"] = verify_list, len(certs) - 1
    # unit search: a county with generated units, by the full pinyin initials of one of them, as
    # an applicant looking for their own unit types them. (Searching a common part such as "rmyy"
    # would list 1 unit in the small set and 19 in the full one: a different page, not a test of
    # the index.)
    unit = (Organisation.objects.filter(kind="personnel_unit", region__level="county", name__contains="人民医院")
            .order_by("-pk").select_related("region").first())
    fx["unit_search_path"] = "/orgs/units/search/?" + urllib.parse.urlencode(
        {"city": unit.region.code[:4] + "00", "county": unit.region.code, "q": unit.name_initials})
    fx["n_units_in_county"] = Organisation.objects.filter(region_id=unit.region_id, kind="personnel_unit").count()
    from zhicheng.orgs.selectors import personnel_units_search

    fx["n_unit_search_results"] = len(personnel_units_search(region_code=unit.region_id, q=unit.name_initials))
    fx["n_waiting_hot"] = Case.objects.filter(current_organisation_id=hot, status="submitted").count()
    # API: the demo external system (Guangzhou) and synthetic holders
    from scale_data import synthetic_id_number  # bench/scale_data.py

    from zhicheng.demo.exchange import DEMO_COMMITTEE, DEMO_ISSUER_REGION, DEMO_TOKEN

    fx["api_token"] = DEMO_TOKEN
    fx["api_holders"] = [
        {"id_number": synthetic_id_number(97 * k, ["440106"]), "name": "测试持证人", "qualification": "工程师",
         "level": 3, "committee": DEMO_COMMITTEE, "issuer": DEMO_ISSUER_REGION}
        for k in range(100)
    ]
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(fx, fh, ensure_ascii=False, indent=1)


def _rate(fn, seconds: float, minimum: int = 3) -> dict:
    n, t0 = 0, time.perf_counter()
    while n < minimum or time.perf_counter() - t0 < seconds:
        fn()
        n += 1
    elapsed = time.perf_counter() - t0
    return {"n": n, "seconds": round(elapsed, 2), "per_s": round(n / elapsed, 2)}


def inproc(argv: list[str]) -> None:
    from django.db import transaction

    from zhicheng.certificates.ecert import e_certificate_pdf
    from zhicheng.certificates.services import certificate_issue, certificate_numbers_allocate

    ap = argparse.ArgumentParser()
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--seconds", type=float, default=15)
    args = ap.parse_args(argv)
    m = json.load(open(args.manifest, encoding="utf-8"))
    actor = User.objects.get(pk=m["hot_reviewer_id"])
    cert = (Certificate.objects.filter(status=CertificateStatus.VALID, committee__isnull=False, holder__isnull=False)
            .select_related("holder", "qualification", "specialty", "committee", "issuer").order_by("pk").first())
    out = {}

    def allocate():
        with transaction.atomic():
            certificate_numbers_allocate(issuer=cert.issuer, level=cert.level, year=2031, count=1)

    def allocate_row():
        # What the pgbench floor does: reserve a number and write its row, in one transaction.
        from zhicheng.certificates.services import _certificate_new

        with transaction.atomic():
            (number,) = certificate_numbers_allocate(issuer=cert.issuer, level=cert.level, year=2033, count=1)
            _certificate_new(
                number=number, year=2033, status=CertificateStatus.VALID, holder=cert.holder,
                holder_name=cert.holder_name, holder_id_number=cert.holder_id_number, qualification=cert.qualification,
                specialty=cert.specialty, committee=cert.committee, recognising_bureau=None, issuer=cert.issuer,
                issued_on=dt.date(2033, 6, 1), case_id=None, source="bench",
            )

    def issue():
        certificate_issue(holder=cert.holder, qualification=cert.qualification, specialty=cert.specialty,
                          committee=cert.committee, issuer=cert.issuer, issued_on=dt.date(2032, 6, 1), actor=actor)

    out["allocate"] = _rate(allocate, args.seconds)
    out["allocate_row"] = _rate(allocate_row, args.seconds)
    out["issue"] = _rate(issue, args.seconds)
    out["e_certificate_pdf"] = _rate(lambda: e_certificate_pdf(cert), args.seconds)
    evaluation_case = Case.objects.filter(business_type="evaluation").exclude(status="draft").order_by("pk").first()
    if evaluation_case is None:
        out["evaluation_form_pdf"] = {"skipped": "no evaluation case in this database"}
    else:
        try:
            from zhicheng.documents.evaluation_form import evaluation_form_pdf

            out["evaluation_form_pdf"] = _rate(lambda: evaluation_form_pdf(case=evaluation_case), args.seconds)
        except Exception as exc:  # noqa: BLE001 - report, do not fail the whole run
            out["evaluation_form_pdf"] = {"skipped": f"{type(exc).__name__}: {exc}"[:200]}
    print(json.dumps(out))


def profile(argv: list[str]) -> None:
    """Where a page's time goes, in-process, after a bench run: ``python bench/run.py profile --page dashboard
    [--db zhicheng_bench_small]``.

    Runs the page ``--n`` times through the whole middleware stack (Django's test client with the
    bench session cookie) and prints the SQL of one request and the top functions by own time.
    """
    import cProfile
    import pstats

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures", required=True, help="written by a bench run (var/bench/<db>.fixtures.json)")
    ap.add_argument("--db", default="zhicheng_bench_full", help="the bench database (after a bench run)")
    ap.add_argument(
        "--page",
        required=True,
        help="floor_auth, dashboard, queue, detail, verify, unit_search, stats, api100, approve, submit",
    )
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--top", type=int, default=35)
    ap.add_argument("--sort", default="tottime")
    ap.add_argument(
        "--full-sql", action="store_true", help="print each query whole (default: its first 220 characters)"
    )
    args = ap.parse_args(argv)
    fx = json.load(open(args.fixtures, encoding="utf-8"))
    plan = {
        "floor_anon": ("/bench/floor/", ""),
        "floor_auth": ("/bench/floor/", fx["cookie_applicant"]),
        "dashboard": ("/profile/", fx["cookie_applicant"]),
        "queue": (f"/cases/queue/{fx['hot_unit_id']}/", fx["cookie_reviewer"]),
        "detail": (f"/cases/{fx['detail_case_id']}/", fx["cookie_reviewer"]),
        "verify": (fx["verify_path"], ""),
        "unit_search": (fx["unit_search_path"], fx["cookie_applicant"]),
        "stats": (fx["stats_path"], fx["cookie_stats"]),  # the kept report after the first request
    }
    serial = iter(range(10**9))
    if args.page == "api100":
        client = Client(SERVER_NAME="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {fx['api_token']}")
        body = json.dumps({"holders": fx["api_holders"][:100]}, ensure_ascii=False)
        tag = secrets.token_hex(6)

        def call():
            return client.post("/api/v1/numbers/allocate", body, content_type="application/json",
                               HTTP_IDEMPOTENCY_KEY=f"profile-{tag}-{next(serial)}")
    elif args.page in ("approve", "submit"):
        lines = open(fx[f"{args.page}_list"], encoding="utf-8").read().splitlines()[-(args.n + 5):]
        client = Client(SERVER_NAME="127.0.0.1")

        def call():
            path, cookie, body = lines[next(serial)].split("\t")
            return client.post(path, body, content_type="application/x-www-form-urlencoded", HTTP_COOKIE=cookie)
    else:
        path, cookie = plan[args.page]
        client = Client(SERVER_NAME="127.0.0.1", HTTP_COOKIE=cookie)

        def call():
            return client.get(path)
    status = call().status_code  # warm caches and imports
    with CaptureQueriesContext(connection) as ctx:
        call()
    for q in ctx.captured_queries:
        print(f"{q['time']:>6} {q['sql'] if args.full_sql else q['sql'][:220]}")
    print(f"status {status}, {len(ctx.captured_queries)} queries")
    reset_queries()
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for _ in range(args.n):
        call()
    prof.disable()
    per = (time.perf_counter() - t0) / args.n * 1000
    print(f"{per:.2f} ms per request under the profiler")
    pstats.Stats(prof).sort_stats(args.sort).print_stats(args.top)


def deadline_prepare(argv: list[str]) -> None:
    """Fixtures of the deadline-day scenario (bench/deadline/locustfile.py): the busiest unit and
    a signed-in session of its reviewer, disjoint lists of its waiting cases (one per simulated
    reviewer), certificate QR paths and the blank forms."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--reviewer-lists", type=int, default=16)
    ap.add_argument("--cases-per-list", type=int, default=200)
    args = ap.parse_args(argv)
    m = json.load(open(args.manifest, encoding="utf-8"))
    csrf = secrets.token_urlsafe(24)[:32].replace("-", "a").replace("_", "b")
    hot = m["hot_unit_id"]
    reviewer = User.objects.get(pk=m["hot_reviewer_id"])
    cookie = _sessions([reviewer], csrf)[reviewer.pk]
    waiting = list(
        Case.objects.filter(current_organisation_id=hot, status="submitted", current_step_order=0)
        .order_by("-id").values_list("id", flat=True)[: args.reviewer_lists * args.cases_per_list]
    )
    lists = [waiting[i:: args.reviewer_lists] for i in range(args.reviewer_lists)]
    certs = list(Certificate.objects.filter(status=CertificateStatus.VALID).order_by("-pk").only("pk", "number")[:5000])
    unit = Organisation.objects.select_related("region").get(pk=hot)
    from zhicheng.documents.blank_forms import BLANK_FORMS

    fx = {
        "unit_id": hot, "unit_name": unit.name, "region_code": unit.region_id[:6],
        "reviewer_cookie": cookie, "reviewer_case_lists": lists, "n_waiting": len(waiting),
        "verify_paths": [f"/certificates/verify/t/{verification_token_make(c)}/" for c in certs],
        "blank_form_paths": [f"/documents/blank/{code}.docx" for code in BLANK_FORMS],
        "started": timezone.now().isoformat(),
    }
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(fx, fh, ensure_ascii=False)


def deadline_check(argv: list[str]) -> None:
    """Zero lost writes: every submission and decision the site confirmed to a simulated user is
    found in the database in the state it confirmed. Prints a JSON summary."""
    from zhicheng.accounts.models import id_digest
    from zhicheng.cases.models import CaseHistory

    ap = argparse.ArgumentParser()
    ap.add_argument("--journal", required=True)
    args = ap.parse_args(argv)
    entries = json.load(open(args.journal, encoding="utf-8"))
    out = {"submit": 0, "approve": 0, "return": 0, "lost": []}
    for e in entries:
        out[e["kind"]] += 1
        if e["kind"] == "submit":
            case = (Case.objects.filter(applicant__id_number_digest=id_digest(e["id_number"]), business_type="profile")
                    .order_by("-pk").first())
            if case is None or case.status != "submitted":
                out["lost"].append({"kind": "submit", "found": case.status if case else None})
        else:
            case = Case.objects.get(pk=e["case"])
            decided = CaseHistory.objects.filter(case=case, decision=e["kind"]).exists()
            expected = "returned" if e["kind"] == "return" else None
            if not decided or (expected and case.status != expected) or (not expected and case.status == "draft"):
                out["lost"].append({"kind": e["kind"], "case": case.pk, "status": case.status})
    print(json.dumps(out, ensure_ascii=False))

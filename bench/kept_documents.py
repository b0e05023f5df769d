"""A kept download against a render in the request (decision 0025), in one process, through Django's
test client (the whole view: session, access check, audit, response).

    .venv/bin/python bench/kept_documents.py [--n 20]

It builds a throw-away SQLite database in memory (the reference data, the demo cast, one 评审申请 case at
the committee office and one certificate), then downloads the 评审表 and the e-certificate ``--n`` times
each way (and an attachment of the 评审表's size, the yardstick of issue 23): *render* clears the
kept file before every download (what every download cost before), *kept* serves the file kept by
the first one. Prints the median and p95 in milliseconds and the rate. Wall-clock
numbers belong here and in docs/benchmarks.md, never in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def _timed(fn, n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _row(name: str, times: list[float]) -> str:
    p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
    median = statistics.median(times)
    return f"| {name} | {median:.1f} | {p95:.1f} | {1000 / median:.1f} |"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--profile", action="store_true", help="also profile --n kept downloads of the 评审表 (cProfile)")
    args = ap.parse_args()

    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)  # WeasyPrint's progress lines would dominate the output
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        from django.core.management import call_command
        from django.urls import reverse

        from zhicheng.accounts.models import User
        from zhicheng.catalog.models import Qualification, Specialty
        from zhicheng.certificates.services import certificate_issue
        from zhicheng.common.kept import kept_clear
        from zhicheng.demo.loader import demo_load, person
        from zhicheng.documents.samples import sample_evaluation_case
        from zhicheng.orgs.constants import OrgKind
        from zhicheng.orgs.models import Organisation

        call_command("load_reference_data", verbosity=0)
        demo_load(with_cases=False)
        applicant = User.objects.get_by_id_number(person("applicant_a").id_number)
        case = sample_evaluation_case(applicant=applicant)
        certificate = certificate_issue(
            holder=applicant, qualification=Qualification.objects.get(name="助理工程师"),
            specialty=Specialty.objects.get(series__code="engineering", name="建筑工程"), committee=None,
            issuer=Organisation.objects.get(kind=OrgKind.HR_BUREAU, region_id="441600"),
            issued_on=dt.date(2030, 6, 1), actor=None,
        )
        client = Client()
        client.force_login(applicant)

        def download(url: str):
            def get():
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                content = b"".join(response.streaming_content) if response.streaming else response.content
                assert content.startswith(b"%PDF")
            return get

        def fresh(url: str, kind: str):
            get = download(url)

            def render_each_time():
                kept_clear(kind=kind)
                get()
            return render_each_time

        # An attachment of the same size as the kept 评审表, downloaded by its owner (the yardstick of issue 23).
        import hashlib

        from django.core.files.base import ContentFile

        from zhicheng.common.kept import kept_document
        from zhicheng.profiles.models import Attachment

        pdf = kept_document(kind="evaluation_form", obj=case).file.read()
        attachment = Attachment(profile=applicant.profile, kind="other", original_name="材料.pdf",
                                content_type="application/pdf", size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest())
        attachment.file.save("材料.pdf", ContentFile(pdf), save=True)

        print(f"评审表 {len(pdf) // 1024} KB")
        print("| download (test client, whole view) | median ms | p95 ms | per second |")
        print("|---|---:|---:|---:|")
        for name, kind, url in [
            ("评审表", "evaluation_form", reverse("documents:evaluation_form", args=[case.pk])),
            ("电子证书", "e_certificate", reverse("certificates:e_certificate", args=[certificate.pk])),
        ]:
            download(url)()  # warm up (fonts, templates)
            print(_row(f"{name}, rendered in the request (before)", _timed(fresh(url, kind), args.n)))
            download(url)()
            print(_row(f"{name}, kept file", _timed(download(url), args.n)))
        url = reverse("profiles:attachment_download", args=[attachment.pk])
        print(_row("an attachment of the same size (yardstick)", _timed(download(url), args.n)))
        if args.profile:
            import cProfile
            import pstats

            get = download(reverse("documents:evaluation_form", args=[case.pk]))
            get()  # kept
            profiler = cProfile.Profile()
            profiler.runcall(_timed, get, args.n)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats("zhicheng|django/db|sqlite", 30)


if __name__ == "__main__":
    main()

"""Render one sample of each paper form from demo-like data into docs/samples/ (PDF + first-page PNG).

    ./manage.py render_document_samples [--out docs/samples]

Needs the reference data and the demo cast (``load_reference_data``, ``load_demo_data``). The
sample cases are written inside a transaction that is always rolled back: the database is left
as it was. The PNGs are made with poppler's ``pdftoppm``.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Render sample 评审表, 考核认定表 and 一览表 (PDF, PNG, Excel) into docs/samples/."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "docs" / "samples"))
        parser.add_argument("--resolution", type=int, default=60, help="PNG resolution (dpi)")

    def handle(self, *args, **options):
        from zhicheng.accounts.models import User
        from zhicheng.demo.loader import person

        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        try:
            applicant = User.objects.get_by_id_number(person("applicant_a").id_number)
        except User.DoesNotExist:
            raise CommandError("演示数据未加载：请先运行 load_reference_data 和 load_demo_data。") from None
        files: dict[str, bytes] = {}
        try:
            with transaction.atomic():
                files = self._render(applicant)
                raise _Rollback
        except _Rollback:
            pass
        for name, data in files.items():
            (out / name).write_bytes(data)
            self.stdout.write(f"{out / name} ({len(data) // 1024} KiB)")
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            self.stderr.write("pdftoppm not found: PNG previews skipped")
            return
        for name in files:
            if name.endswith(".pdf"):
                stem = out / name[:-4]
                subprocess.run(  # noqa: S603 - fixed arguments, local files
                    [pdftoppm, "-png", "-r", str(options["resolution"]), "-f", "1", "-l", "1", "-singlefile",
                     str(out / name), str(stem)],
                    check=True,
                )
                self.stdout.write(f"{stem}.png")

    def _render(self, applicant) -> dict[str, bytes]:
        from zhicheng.documents.evaluation_form import evaluation_form_pdf
        from zhicheng.documents.recognition_form import recognition_form_pdf
        from zhicheng.documents.samples import (
            sample_evaluation_case,
            sample_extra_summary_cases,
            sample_recognition_case,
        )
        from zhicheng.documents.summary_sheet import summary_sheet_pdf, summary_sheet_xlsx

        files = {}
        evaluation = sample_evaluation_case(applicant=applicant, achievements=8, long=True)
        started = time.perf_counter()
        files["evaluation-form.pdf"] = evaluation_form_pdf(case=evaluation)
        self.stdout.write(f"评审表 rendered in {time.perf_counter() - started:.2f} s")
        recognition = sample_recognition_case(applicant=applicant)
        started = time.perf_counter()
        files["recognition-form.pdf"] = recognition_form_pdf(case=recognition)
        self.stdout.write(f"考核认定表 rendered in {time.perf_counter() - started:.2f} s")
        sample_extra_summary_cases()
        plan = evaluation.evaluation_application.plan
        started = time.perf_counter()
        files["summary-sheet.pdf"] = summary_sheet_pdf(plan=plan)
        self.stdout.write(f"一览表 rendered in {time.perf_counter() - started:.2f} s")
        files["summary-sheet.xlsx"] = summary_sheet_xlsx(plan=plan)
        return files

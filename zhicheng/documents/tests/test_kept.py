"""The paper forms are rendered once per version and then served from storage (decision 0025)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.services import case_accept
from zhicheng.common.kept import kept_version
from zhicheng.common.models import KeptDocument
from zhicheng.common.pdf import render_pdf
from zhicheng.documents import evaluation_form, recognition_form, summary_sheet
from zhicheng.documents.kept import EVALUATION_FORM, RECOGNITION_FORM, SUMMARY_SHEET
from zhicheng.documents.samples import sample_evaluation_case, sample_recognition_case

from .conftest import body, pdf_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation_case(cast):
    return sample_evaluation_case(applicant=cast["applicant_a"])


def _counting(module):
    """Patch ``module.render_pdf`` with a counting wrapper of the real one."""
    return mock.patch.object(module, "render_pdf", wraps=render_pdf)


def _download(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return body(response)


def test_a_second_download_of_the_same_version_is_the_kept_file(client, cast, evaluation_case):
    url = reverse("documents:evaluation_form", args=[evaluation_case.pk])
    with _counting(evaluation_form) as renders:
        first = _download(client, cast["applicant_a"], url)
        second = _download(client, cast["committee_office"], url)
    assert renders.call_count == 1
    assert first == second and len(pdf_reader(second).pages) >= 3
    row = KeptDocument.objects.get(kind=EVALUATION_FORM, object_id=evaluation_case.pk)
    assert row.size == len(first) and len(row.sha256) == 64
    assert str(evaluation_case.applicant.id_number) not in row.file.name  # no personal data in the name
    # each download is still audited, kept or not
    assert AuditEvent.objects.filter(action="document.downloaded", object_id=str(evaluation_case.pk)).count() == 2


def test_a_new_version_renders_again_and_the_old_file_is_not_served(
    client, cast, evaluation_case, django_capture_on_commit_callbacks,
):
    url = reverse("documents:evaluation_form", args=[evaluation_case.pk])
    with _counting(evaluation_form) as renders:
        _download(client, cast["applicant_a"], url)
        old = KeptDocument.objects.get(kind=EVALUATION_FORM, object_id=evaluation_case.pk)
        with django_capture_on_commit_callbacks(execute=True):
            case_accept(case=evaluation_case, actor=cast["committee_office"], opinion="材料齐全，予以受理。")
        with django_capture_on_commit_callbacks(execute=True):
            after = _download(client, cast["applicant_a"], url)  # keeps the new one, drops the old one
        assert renders.call_count == 2
        _download(client, cast["applicant_a"], url)
        assert renders.call_count == 2
    rows = list(KeptDocument.objects.filter(kind=EVALUATION_FORM, object_id=evaluation_case.pk))
    assert len(rows) == 1 and rows[0].version != old.version  # the old version is gone
    assert not old.file.storage.exists(old.file.name)  # and its file, once the change committed
    assert "材料齐全，予以受理。" in "".join(p.extract_text() for p in pdf_reader(after).pages).replace("\n", "")


def test_the_worker_renders_a_transition_ahead_and_the_download_renders_nothing(
    client, cast, evaluation_case, settings, django_capture_on_commit_callbacks,
):
    settings.KEPT_RENDER_AHEAD = True  # as where a worker runs (tasks run eagerly in tests)
    with _counting(evaluation_form) as renders:
        with django_capture_on_commit_callbacks(execute=True):
            case_accept(case=evaluation_case, actor=cast["committee_office"])
        assert renders.call_count == 1  # by the task, after commit
        assert KeptDocument.objects.filter(kind=EVALUATION_FORM, object_id=evaluation_case.pk).count() == 1
        _download(client, cast["committee_office"], reverse("documents:evaluation_form", args=[evaluation_case.pk]))
        assert renders.call_count == 1


def test_nothing_is_rendered_ahead_in_the_embedded_default(cast, evaluation_case, django_capture_on_commit_callbacks):
    with _counting(evaluation_form) as renders, django_capture_on_commit_callbacks(execute=True):
        case_accept(case=evaluation_case, actor=cast["committee_office"])
    assert renders.call_count == 0 and not KeptDocument.objects.exists()


def test_the_version_follows_the_applicants_account_and_the_application(cast, evaluation_case):
    from zhicheng.common.kept import kept_kind_get
    from zhicheng.documents.kept import evaluation_case_load

    kind = kept_kind_get(EVALUATION_FORM)
    before = kept_version(kind, evaluation_case_load(evaluation_case.pk))
    assert kept_version(kind, evaluation_case_load(evaluation_case.pk)) == before  # stable
    application = evaluation_case.evaluation_application
    application.materials += "\n继续教育证明"
    application.save()
    changed = kept_version(kind, evaluation_case_load(evaluation_case.pk))
    assert changed != before
    applicant = evaluation_case.applicant
    applicant.real_name = "张晓敏"
    applicant.save(update_fields=["real_name"])
    assert kept_version(kind, evaluation_case_load(evaluation_case.pk)) != changed
    assert applicant.id_number not in str(kind.inputs(evaluation_case_load(evaluation_case.pk)))


def test_a_kept_download_costs_the_checks_and_the_audit_only(
    client, cast, evaluation_case, django_assert_num_queries,
):
    url = reverse("documents:evaluation_form", args=[evaluation_case.pk])
    _download(client, cast["applicant_a"], url)
    with mock.patch.object(evaluation_form, "render_pdf", side_effect=AssertionError("rendered")):
        # the session (the user is kept per user), the case with its access check, its application, the kept
        # row, and the audit record (chain head, insert, update; part of the test's transaction): no render, no context
        with django_assert_num_queries(KEPT_DOWNLOAD_QUERIES):
            client.get(url)


KEPT_DOWNLOAD_QUERIES = 7


def test_recognition_form_is_kept_too(client, cast):
    case = sample_recognition_case(applicant=cast["applicant_a"])
    url = reverse("documents:recognition_form", args=[case.pk])
    with _counting(recognition_form) as renders:
        first = _download(client, cast["applicant_a"], url)
        assert _download(client, cast["applicant_a"], url) == first
    assert renders.call_count == 1
    assert KeptDocument.objects.filter(kind=RECOGNITION_FORM, object_id=case.pk).count() == 1


def test_summary_sheet_is_kept_per_day_and_per_listed_application(client, cast, evaluation_case):
    plan = evaluation_case.evaluation_application.plan
    url = reverse("documents:summary_sheet_pdf", args=[plan.pk])
    with _counting(summary_sheet) as renders:
        _download(client, cast["committee_office"], url)
        _download(client, cast["committee_office"], url)
        assert renders.call_count == 1
        sample_evaluation_case(applicant=cast["applicant_b"])  # one more application reaches the office
        _download(client, cast["committee_office"], url)
        assert renders.call_count == 2
    assert KeptDocument.objects.filter(kind=SUMMARY_SHEET, object_id=plan.pk).count() == 1

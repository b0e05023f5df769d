"""The e-certificate is rendered once per version and served from storage (decision 0025)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse

from zhicheng.certificates import ecert
from zhicheng.certificates.ecert import E_CERTIFICATE, e_certificate_load
from zhicheng.certificates.services import certificate_replace, certificate_revoke, certificate_void
from zhicheng.common.kept import kept_kind_get, kept_version
from zhicheng.common.models import KeptDocument
from zhicheng.common.pdf import render_pdf

from .conftest import issue

pytestmark = pytest.mark.django_db


def _counting():
    return mock.patch.object(ecert, "render_pdf", wraps=render_pdf)


def _download(client, user, pk):
    client.force_login(user)
    return client.get(reverse("certificates:e_certificate", args=[pk]))


def test_a_second_download_serves_the_kept_file(client, cast):
    cert = issue(cast["applicant_c"])
    with _counting() as renders:
        first = b"".join(_download(client, cast["applicant_c"], cert.pk).streaming_content)
        response = _download(client, cast["applicant_c"], cert.pk)
        second = b"".join(response.streaming_content)
    assert renders.call_count == 1 and first == second and first.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}
    assert KeptDocument.objects.filter(kind=E_CERTIFICATE, object_id=cert.pk).count() == 1


def test_issuing_renders_ahead_where_a_worker_runs(client, cast, settings, django_capture_on_commit_callbacks):
    settings.KEPT_RENDER_AHEAD = True
    with _counting() as renders:
        with django_capture_on_commit_callbacks(execute=True):
            cert = issue(cast["applicant_c"])
        assert renders.call_count == 1
        assert _download(client, cast["applicant_c"], cert.pk).status_code == 200
        assert renders.call_count == 1


def test_voiding_is_a_new_version_and_drops_the_kept_file(client, cast, django_capture_on_commit_callbacks):
    cert = issue(cast["applicant_c"])
    kind = kept_kind_get(E_CERTIFICATE)
    before = kept_version(kind, e_certificate_load(cert.pk))
    assert _download(client, cast["applicant_c"], cert.pk).status_code == 200
    row = KeptDocument.objects.get(kind=E_CERTIFICATE, object_id=cert.pk)
    with django_capture_on_commit_callbacks(execute=True):
        voided = certificate_void(certificate=cert, reason="资格取得不合规", actor=cast["hr_reviewer"])
    voided.refresh_from_db()
    assert kept_version(kind, voided) != before  # the state is an input
    assert not KeptDocument.objects.filter(kind=E_CERTIFICATE, object_id=cert.pk).exists()
    assert not row.file.storage.exists(row.file.name)
    assert _download(client, cast["applicant_c"], cert.pk).status_code == 404


def test_revoking_drops_the_kept_file(client, cast, django_capture_on_commit_callbacks):
    """A certificate revoked for cause (an integrity finding) leaves no kept PDF in storage, as void and
    replace do: every end of a certificate goes through one place."""
    cert = issue(cast["applicant_c"])
    assert _download(client, cast["applicant_c"], cert.pk).status_code == 200
    row = KeptDocument.objects.get(kind=E_CERTIFICATE, object_id=cert.pk)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=cert, reason="以伪造学历取得，依法撤销", actor=cast["hr_reviewer"])
    assert not KeptDocument.objects.filter(kind=E_CERTIFICATE, object_id=cert.pk).exists()
    assert not row.file.storage.exists(row.file.name)
    assert _download(client, cast["applicant_c"], cert.pk).status_code == 404


def test_replacing_drops_the_original_and_renders_the_replacement_ahead(
    client, cast, settings, django_capture_on_commit_callbacks,
):
    cert = issue(cast["applicant_c"])
    assert _download(client, cast["applicant_c"], cert.pk).status_code == 200
    settings.KEPT_RENDER_AHEAD = True
    with django_capture_on_commit_callbacks(execute=True):
        replacement = certificate_replace(certificate=cert, reason="遗失补发", actor=cast["hr_reviewer"])
    assert not KeptDocument.objects.filter(kind=E_CERTIFICATE, object_id=cert.pk).exists()
    assert KeptDocument.objects.filter(kind=E_CERTIFICATE, object_id=replacement.pk).count() == 1


def test_a_change_of_what_it_prints_is_a_new_version(cast):
    cert = issue(cast["applicant_c"])
    kind = kept_kind_get(E_CERTIFICATE)
    before = kept_version(kind, e_certificate_load(cert.pk))
    cert.issuer.name = cert.issuer.name + "（更名）"
    cert.issuer.save(update_fields=["name"])
    assert kept_version(kind, e_certificate_load(cert.pk)) != before
    assert cast["applicant_c"].id_number not in str(kind.inputs(e_certificate_load(cert.pk)))


def test_a_kept_download_is_one_query_for_the_certificate_and_one_for_the_file(
    client, cast, django_assert_num_queries,
):
    cert = issue(cast["applicant_c"])
    assert _download(client, cast["applicant_c"], cert.pk).status_code == 200  # renders; the person is kept
    url = reverse("certificates:e_certificate", args=[cert.pk])
    with mock.patch.object(ecert, "render_pdf", side_effect=AssertionError("rendered")):
        with django_assert_num_queries(3):  # the session, the certificate with what it prints, the kept row
            assert client.get(url).status_code == 200

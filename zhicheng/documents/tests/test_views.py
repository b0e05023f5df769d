"""Who may download the paper forms (everyone else gets a 404), the response headers and the audit."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.documents.samples import sample_evaluation_case, sample_recognition_case

from .conftest import body, pdf_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation_case(cast):
    return sample_evaluation_case(applicant=cast["applicant_a"])


@pytest.fixture
def recognition_case(cast):
    return sample_recognition_case(applicant=cast["applicant_a"])


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("key", ["applicant_a", "unit_reviewer_2", "supervisor_reviewer_2", "committee_office"])
def test_owner_and_route_staff_download_the_evaluation_form(client, cast, evaluation_case, key):
    response = _get(client, cast[key], reverse("documents:evaluation_form", args=[evaluation_case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote(f'职称评审表_张晓明_{evaluation_case.pk}.pdf')}"
    )
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}
    assert len(pdf_reader(body(response)).pages) >= 3
    event = AuditEvent.objects.filter(action="document.downloaded", actor=cast[key]).latest("id")
    assert event.detail["document"] == "evaluation_form"
    assert event.object_id == str(evaluation_case.pk)
    assert cast["applicant_a"].id_number not in str(event.detail) + event.object_label
    if key != "applicant_a":
        assert event.organisation is not None  # the unit through which the staff member saw it


@pytest.mark.parametrize(
    "key", ["applicant_b", "unit_reviewer", "other_unit_reviewer", "other_supervisor_reviewer",
            "other_committee_office", "hr_reviewer", "window_staff"],
)
def test_anyone_else_gets_404_for_the_evaluation_form(client, cast, evaluation_case, key):
    response = _get(client, cast[key], reverse("documents:evaluation_form", args=[evaluation_case.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="document.downloaded").exists()


def test_anonymous_is_sent_to_login(client, evaluation_case):
    response = client.get(reverse("documents:evaluation_form", args=[evaluation_case.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_case_of_another_type_or_missing_is_404(client, cast, evaluation_case, recognition_case):
    client.force_login(cast["applicant_a"])
    assert client.get(reverse("documents:evaluation_form", args=[recognition_case.pk])).status_code == 404
    assert client.get(reverse("documents:recognition_form", args=[evaluation_case.pk])).status_code == 404
    assert client.get(reverse("documents:evaluation_form", args=[999999])).status_code == 404


@pytest.mark.parametrize("key,status", [
    ("applicant_a", 200), ("unit_reviewer_2", 200), ("county_hr_reviewer", 200),
    ("other_hr_reviewer", 404), ("unit_reviewer", 404), ("committee_office", 404),
])
def test_recognition_form_permissions(client, cast, recognition_case, key, status):
    response = _get(client, cast[key], reverse("documents:recognition_form", args=[recognition_case.pk]))
    assert response.status_code == status
    if status == 200:
        assert "filename*=utf-8''" + quote("考核认定表_张晓明_") in response["Content-Disposition"]
        assert AuditEvent.objects.filter(action="document.downloaded", actor=cast[key],
                                         detail__document="recognition_form").exists()


def test_summary_sheet_for_the_plans_committee_office_only(client, cast, evaluation_case):
    plan = evaluation_case.evaluation_application.plan
    pdf_url = reverse("documents:summary_sheet_pdf", args=[plan.pk])
    xlsx_url = reverse("documents:summary_sheet_xlsx", args=[plan.pk])

    response = _get(client, cast["committee_office"], pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''" + quote("一览表_") in response["Content-Disposition"]
    response = client.get(xlsx_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert response["Content-Disposition"].endswith(".xlsx")
    documents = set(AuditEvent.objects.filter(action="document.downloaded", actor=cast["committee_office"])
                    .values_list("detail__document", flat=True))
    assert documents == {"summary_sheet_pdf", "summary_sheet_xlsx"}

    for key in ["other_committee_office", "applicant_a", "unit_reviewer_2", "province_hr_reviewer", "expert_1"]:
        client.force_login(cast[key])
        assert client.get(pdf_url).status_code == 404, key
        assert client.get(xlsx_url).status_code == 404, key


def test_summary_sheet_list_page(client, cast, evaluation_case):
    plan = evaluation_case.evaluation_application.plan
    response = _get(client, cast["committee_office"], reverse("documents:summary_sheets"))
    assert response.status_code == 200
    html = response.content.decode()
    assert plan.title in html
    assert reverse("documents:summary_sheet_xlsx", args=[plan.pk]) in html
    assert "河源市工程技术人才中级职称评审" not in html  # another committee's plan
    client.force_login(cast["applicant_a"])
    assert client.get(reverse("documents:summary_sheets")).status_code == 404


def test_download_links_on_the_case_pages(client, cast, evaluation_case):
    url = reverse("documents:evaluation_form", args=[evaluation_case.pk])
    from django.template.loader import render_to_string

    assert url in render_to_string("documents/_downloads.html", {"case": evaluation_case})
    evaluation_case.submitted_at = None
    assert url not in render_to_string("documents/_downloads.html", {"case": evaluation_case})


def test_reviewer_case_page_offers_the_form(client, cast, evaluation_case):
    from zhicheng.cases.registry import _REGISTRY

    if "evaluation" not in _REGISTRY:
        pytest.skip("the 评审申请 business type is not registered yet")
    response = _get(client, cast["committee_office"], reverse("cases:detail", args=[evaluation_case.pk]))
    assert response.status_code == 200
    assert reverse("documents:evaluation_form", args=[evaluation_case.pk]) in response.content.decode()

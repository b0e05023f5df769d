"""Faults met walking the five businesses in the browser (tests/browser/test_business_walks.py).

* The HR bureau's final decision read 受理 / 不予受理 in every business: a bureau recognising a title
  (考核认定), replacing a certificate or confirming an out-of-province title chose 受理, which means
  "take in", and the applicant's route then said 受理 where the title had been recognised.
* An accepted 评审申请 kept saying 已受理，等待评审 after the certificate was issued.
* The case page of a recognised or replaced certificate showed its number and no way to it.
* A stored profile's case read 已办结 in 我的业务 (the business says 已入库).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhicheng.businesses import services
from zhicheng.cases.services import case_accept, case_approve, case_refuse
from zhicheng.catalog.constants import TitleLevel
from zhicheng.certificates.models import Certificate, CertificateStatus

from .conftest import heyuan_committee, title

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _recognition(user):
    app = services.recognition_save(actor=user, **title(TitleLevel.INTERMEDIATE), pledge_confirmed=True)
    return services.recognition_submit(case=app.case, actor=user)


def _replacement(user):
    certificate = Certificate.objects.get(holder=user, status=CertificateStatus.VALID, qualification__name="助理工程师")
    app = services.replacement_save(actor=user, certificate=certificate, reason="lost", explanation="搬家时遗失")
    return services.replacement_submit(case=app.case, actor=user)


def _external(user):
    from zhicheng.catalog.models import Qualification

    app = services.external_save(
        actor=user, province="湖南省", issuing_authority="湖南省人力资源和社会保障厅",
        qualification=Qualification.objects.get(series__code="engineering", name="工程师"),
        document_number="湘职2018-001", obtained_on=dt.date(2018, 12, 1),
        uploaded=SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf"))
    return services.external_submit(case=app.case, actor=user)


def _evaluation(user):
    app = services.evaluation_save(actor=user, **title(TitleLevel.INTERMEDIATE), committee=heyuan_committee(),
                                   pledge_confirmed=True)
    return services.evaluation_submit(case=app.case, actor=user)


# (make the case, its final decider, the 受理 choice, the named decision after 受理 and its refusal (None: 受理
# is the decision), the final status as the applicant reads it)
FINAL = {
    "recognition": (
        _recognition,
        "hr_reviewer",
        "受理（收件审查，不颁发证书）",
        "认定通过（颁发证书）",
        "不予认定",
        "已认定通过，证书已颁发",
    ),
    "certificate_replacement": (
        _replacement,
        "hr_reviewer",
        "受理（收件审查，不颁发证书）",
        "同意补发（颁发新证书，原证书失效）",
        "不予补发",
        "已同意补发，新证书已颁发",
    ),
    "external_title_confirmation": (
        _external,
        "county_hr_reviewer",
        "受理（收件审查）",
        "确认（在本省有效）",
        "不予确认",
        "已确认",
    ),
    "evaluation": (
        _evaluation,
        "other_committee_office",
        "受理（进入评委会评审）",
        None,
        None,
        "已受理，等待评委会安排评审会议",
    ),
}


def _choices(html: str) -> list[str]:
    return re.findall(r'<label class="form-check-label" for="id_decision_\d">([^<]*)</label>', html)


def _at_final_step(code, stored_c, cast):
    make, decider, *_ = FINAL[code]
    case = make(stored_c)
    case_approve(case=case, actor=cast["unit_reviewer_2"])
    case_approve(case=case, actor=cast["supervisor_reviewer_2"])
    return case, cast[decider]


def _taken_in(code, stored_c, cast):
    case, decider = _at_final_step(code, stored_c, cast)
    return case_accept(case=case, actor=decider), decider


@pytest.mark.parametrize("code", list(FINAL))
def test_final_decision_in_the_business_words(code, stored_c, cast, client):
    accept, grant, deny, final_text = FINAL[code][2:]
    case, decider = _at_final_step(code, stored_c, cast)
    certificates = Certificate.objects.count()
    client.force_login(decider)
    detail = reverse("cases:detail", args=[case.pk])
    assert _choices(client.get(detail).content.decode()) == [accept, "退回申报人修改", "不予受理"]
    response = client.post(detail, {"decision": "accept", "opinion": "材料齐全。", "expected_step": 2})
    assert response.status_code == 302
    case.refresh_from_db()
    assert Certificate.objects.count() == certificates  # 受理 alone issues nothing
    if grant is None:
        assert case.status == "accepted"
        word = "受理"
    else:
        # Taken in, still at the bureau; its own named decision comes next, on a confirmation screen.
        assert case.status == "submitted" and case.taken_in_at is not None
        assert _choices(client.get(detail).content.decode()) == [grant, "退回申报人修改", deny]
        word = grant.split("（")[0]
        response = client.post(detail, {"decision": "grant", "opinion": "符合条件。", "expected_step": 2})
        assert response.status_code == 200 and 'id="grant-preview"' in response.content.decode()
        case.refresh_from_db()
        assert case.status == "submitted" and Certificate.objects.count() == certificates  # not yet
        response = client.post(detail, {"decision": "grant", "opinion": "符合条件。", "expected_step": 2,
                                         "confirmed": "1"})
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status == "granted"
    client.force_login(stored_c)
    page = client.get(reverse("businesses:case", args=[case.pk])).content.decode()
    route = page[page.index('class="list-unstyled mb-0 zc-route"'):]
    assert f'<span class="badge text-bg-success">{word}</span>' in route
    assert re.search(r'id="case-status">\s*' + re.escape(final_text), page)
    if grant is None:
        assert stored_c.notifications.filter(title=f"您的{case.business_type_label}已受理").exists()
    else:
        assert '<span class="badge text-bg-success">受理</span>' in route
        assert stored_c.notifications.filter(title=f"您的{case.business_type_label}：{word}").exists()


@pytest.mark.parametrize("code", [c for c in FINAL if c != "evaluation"])
def test_refusal_in_the_business_words(code, stored_c, cast, client):
    from zhicheng.cases.services import case_deny

    deny = FINAL[code][4]
    case, decider = _taken_in(code, stored_c, cast)
    case_deny(case=case, actor=decider, opinion="材料不符合要求")
    client.force_login(stored_c)
    page = client.get(reverse("businesses:case", args=[case.pk])).content.decode()
    assert re.search(r'id="case-status">\s*' + re.escape(deny) + r"\s*<", page)
    assert f'<span class="badge text-bg-danger">{deny}</span>' in page
    assert stored_c.notifications.filter(title=f"您的{case.business_type_label}：{deny}",
                                         body__contains=f"{deny}，原因：材料不符合要求").exists()
    dashboard = client.get(reverse("profiles:dashboard")).content.decode()
    assert f'<span class="case-status">{deny}</span>' in dashboard


@pytest.mark.parametrize("code", [c for c in FINAL if c != "evaluation"])
def test_refusal_to_take_in(code, stored_c, cast):
    case, decider = _at_final_step(code, stored_c, cast)
    case = case_refuse(case=case, actor=decider, opinion="不属于本部门受理范围")
    assert case.status == "refused" and case.taken_in_at is None


def test_issued_certificates_are_one_click_away_for_their_holder_only(stored_c, cast, client):
    from zhicheng.cases.services import case_grant

    recognised, decider = _taken_in("recognition", stored_c, cast)
    case_grant(case=recognised, actor=decider)
    replaced, decider = _taken_in("certificate_replacement", stored_c, cast)
    case_grant(case=replaced, actor=decider)
    for case in (recognised, replaced):
        obj = case.business_object
        obj.refresh_from_db()
        certificate = getattr(obj, "replacement", None) or obj.certificate
        link = reverse("certificates:e_certificate", args=[certificate.pk])
        client.force_login(stored_c)
        page = client.get(reverse("businesses:case", args=[case.pk])).content.decode()
        assert f'href="{link}"' in page and f'href="{reverse("certificates:mine")}"' in page
        assert client.get(link)["Content-Type"] == "application/pdf"
        client.force_login(decider)  # the bureau sees the number, not the holder's download
        page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert certificate.number in page and link not in page


def test_evaluation_status_follows_the_evaluation(stored_c, cast, client):
    from zhicheng.committees.models import EvaluationResult, Meeting, Outcome
    from zhicheng.committees.selectors import evaluation_outcome_of

    case, office = _at_final_step("evaluation", stored_c, cast)
    case_accept(case=case, actor=office)
    client.force_login(stored_c)

    def statuses() -> tuple[str, str]:
        page = client.get(reverse("businesses:case", args=[case.pk])).content.decode()
        dashboard = client.get(reverse("profiles:dashboard")).content.decode()
        return (re.search(r'id="case-status">([^<]*)<', page).group(1),
                re.search(r'<span class="case-status">([^<]*)</span>', dashboard).group(1))

    assert statuses() == ("已受理，等待评委会安排评审会议",) * 2
    app = case.evaluation_application
    meeting = Meeting.objects.create(committee=app.committee, plan=app.plan, name="会议", held_on=dt.date(2025, 11, 20),
                                     place="河源", created_by=office)
    result = EvaluationResult.objects.create(meeting=meeting, application=app, outcome=Outcome.FAILED)
    assert statuses() == ("评审未通过",) * 2
    assert evaluation_outcome_of(app).result == result


def test_stored_profile_reads_stored_in_my_businesses(stored_c, client):
    client.force_login(stored_c)
    page = client.get(reverse("profiles:dashboard")).content.decode()
    mine = page[page.index('id="my-cases"'):]
    assert "个人基本信息</strong> · 已入库" in mine and "已办结" not in mine

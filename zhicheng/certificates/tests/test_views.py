"""Public verification, the holder's certificates and the staff page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.world.cast import make_id_number
from zhicheng.certificates.models import CertificateStatus
from zhicheng.certificates.services import HolderData, certificate_replace, certificate_void, certificates_allocate
from zhicheng.certificates.tokens import verification_token_make

from .conftest import bureau, issue, qualification

pytestmark = pytest.mark.django_db

VERIFY = "/certificates/verify/"
NO_MATCH = "未查询到匹配的证书"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()


def test_verify_url_keeps_its_name():
    assert reverse("certificates:verify") == VERIFY


def test_right_pair_shows_valid_with_masked_id(client, cast):
    holder = cast["applicant_c"]
    cert = issue(holder)
    response = client.post(VERIFY, {"number": cert.number, "holder_name": "王建国"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "有效" in html and "王建国" in html and "助理工程师" in html and "河源市人力资源和社会保障局" in html
    assert holder.masked_id_number in html
    assert holder.id_number not in html
    assert "2030年6月1日" in html


def test_lowercase_x_and_spaces_are_accepted(client, cast):
    cert = issue(cast["applicant_c"])
    spaced = " ".join([cert.number[:6], cert.number[6:12], cert.number[12:]]).lower()
    response = client.post(VERIFY, {"number": spaced, "holder_name": " 王建国 "})
    assert 'id="verify-status"' in response.content.decode()


def test_wrong_pair_says_only_no_match(client, cast):
    cert = issue(cast["applicant_c"])
    for name in ("王建", "张晓明"):
        html = client.post(VERIFY, {"number": cert.number, "holder_name": name}).content.decode()
        assert NO_MATCH in html
        assert "助理工程师" not in html and "河源市人力资源和社会保障局" not in html and "********" not in html


def test_allocated_number_is_not_a_certificate_yet(client):
    (cert,) = certificates_allocate(
        holders=[HolderData(name="林振华", id_number=make_id_number("440106", "19850101", "001"))],
        qualification=qualification("工程师"), specialty=None, committee=None, issuer=bureau("440000"),
        year=2030, source="广东电网职称评审管理系统", actor=None,
    )
    html = client.post(VERIFY, {"number": cert.number, "holder_name": "林振华"}).content.decode()
    assert NO_MATCH in html


def test_bad_number_format_message_beside_the_field_keeps_input(client):
    response = client.post(VERIFY, {"number": "20304416004000", "holder_name": "王建国"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "证书编号应为18位，当前为14位。" in html
    assert 'value="20304416004000"' in html and 'value="王建国"' in html
    assert "is-invalid" in html
    bad_check = client.post(VERIFY, {"number": "203044160040000012", "holder_name": "王建国"}).content.decode()
    assert "校验位不正确" in bad_check


def test_voided_shows_voided_with_date(client, cast):
    cert = issue(cast["applicant_c"])
    certificate_void(certificate=cert, reason="资格取得不合规", actor=cast["hr_reviewer"])
    html = client.post(VERIFY, {"number": cert.number, "holder_name": "王建国"}).content.decode()
    assert "已作废" in html and "作废，不再有效" in html
    assert "资格取得不合规" not in html  # the reason is not the public's business


def test_replaced_shows_the_replacement(client, cast):
    cert = issue(cast["applicant_c"])
    new = certificate_replace(certificate=cert, actor=cast["hr_reviewer"], reason="遗失补发")
    with CaptureQueriesContext(connection) as ctx:
        html = client.post(VERIFY, {"number": cert.number, "holder_name": "王建国"}).content.decode()
    assert "已补换发" in html and new.number in html
    assert sum("certificates_certificate" in q["sql"] for q in ctx.captured_queries) == 1


def test_qr_link_opens_without_typing(client, cast):
    cert = issue(cast["applicant_c"])
    response = client.get(reverse("certificates:verify_token", args=[verification_token_make(cert)]))
    html = response.content.decode()
    assert response.status_code == 200 and cert.number in html and "有效" in html
    bad = client.get(reverse("certificates:verify_token", args=["abc:def"])).content.decode()
    assert NO_MATCH in bad


def test_qr_page_is_kept_for_anonymous_visitors_and_dropped_when_the_certificate_changes(
    client, cast, django_capture_on_commit_callbacks
):
    cert = issue(cast["applicant_c"])
    url = reverse("certificates:verify_token", args=[verification_token_make(cert)])
    with CaptureQueriesContext(connection) as ctx:
        first = client.get(url)
    assert first.status_code == 200 and "有效" in first.content.decode()
    assert len(ctx.captured_queries) == 1  # one query, no deferred field loaded later by the template
    assert "csrfmiddlewaretoken" not in first.content.decode()  # nothing per visitor on the page
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url)
    assert again.content == first.content and len(ctx.captured_queries) == 0  # from the shared cache
    with django_capture_on_commit_callbacks(execute=True):
        certificate_void(certificate=cert, reason="证书信息有误", actor=cast["hr_reviewer"])
    after = client.get(url).content.decode()
    assert "已作废" in after and "有效</span>" not in after


def test_qr_page_is_rendered_afresh_for_a_logged_in_visitor(client, cast):
    cert = issue(cast["applicant_c"])
    url = reverse("certificates:verify_token", args=[verification_token_make(cert)])
    client.get(url)  # kept for anonymous visitors
    client.force_login(cast["applicant_a"])
    html = client.get(url).content.decode()
    assert ">工作台</a>" in html and cert.number in html  # their own navigation, not the kept page


def test_rate_limit_answers_429_after_the_limit(client, cast, settings):
    settings.CERTIFICATE_VERIFY_LIMIT = 3
    cert = issue(cast["applicant_c"])
    for _ in range(3):
        assert client.post(VERIFY, {"number": cert.number, "holder_name": "王建国"}).status_code == 200
    response = client.post(VERIFY, {"number": cert.number, "holder_name": "王建国"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "查询过于频繁" in html and "王建国" not in html.split('id="rate-limited"')[1].split("</div>")[0]
    assert 'id="verify-status"' not in html
    # Another address is not affected.
    other = client.post(VERIFY, {"number": cert.number, "holder_name": "王建国"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_holder_lists_and_downloads_own_certificate(client, cast):
    holder = cast["applicant_c"]
    cert = issue(holder)
    client.force_login(holder)
    html = client.get(reverse("certificates:mine")).content.decode()
    assert cert.number in html and "下载电子证书" in html
    response = client.get(reverse("certificates:e_certificate", args=[cert.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # the kept file (decision 0025)
    assert "attachment" in response["Content-Disposition"]


def test_other_people_get_404_on_someones_pdf(client, cast):
    cert = issue(cast["applicant_c"])
    url = reverse("certificates:e_certificate", args=[cert.pk])
    for key in ("applicant_a", "hr_reviewer", "system_admin"):
        client.force_login(cast[key])
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_voided_certificate_is_not_downloadable(client, cast):
    cert = issue(cast["applicant_c"])
    certificate_void(certificate=cert, reason="撤销", actor=cast["hr_reviewer"])
    client.force_login(cast["applicant_c"])
    assert client.get(reverse("certificates:e_certificate", args=[cert.pk])).status_code == 404


def test_manage_page_for_bureau_reviewers_only(client, cast):
    cert = issue(cast["applicant_c"])
    other = issue(cast["applicant_c"], issuer=bureau("441800"))
    client.force_login(cast["hr_reviewer"])  # 河源市人社局
    html = client.get(reverse("certificates:manage")).content.decode()
    assert cert.number in html and other.number not in html
    assert client.get(reverse("certificates:void", args=[other.pk])).status_code == 404
    for key in ("applicant_c", "unit_reviewer", "window_staff"):
        client.force_login(cast[key])
        assert client.get(reverse("certificates:manage")).status_code == 404


def test_manage_search_and_constant_queries(client, cast):
    client.force_login(cast["hr_reviewer"])
    first = issue(cast["applicant_c"])
    url = reverse("certificates:manage")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(25):
        issue(cast["applicant_c"], issued_on=dt.date(2030, 7, 1 + i % 28))
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(few)
    assert "共2页" in html
    found = client.post(url, {"q": first.number}, follow=True).content.decode()
    assert first.number in found and found.count('class="font-monospace"') == 1


def test_void_from_the_staff_page(client, cast):
    cert = issue(cast["applicant_c"])
    client.force_login(cast["hr_reviewer"])
    url = reverse("certificates:void", args=[cert.pk])
    html = client.post(url, {"reason": "", "confirm": "on"}).content.decode()
    assert "请填写作废原因。" in html
    html = client.post(url, {"reason": "资格取得不合规"}).content.decode()
    assert "请勾选确认。" in html and "资格取得不合规" in html  # what was typed stays
    response = client.post(url, {"reason": "资格取得不合规", "confirm": "on"})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VOIDED and cert.voided_by == cast["hr_reviewer"]

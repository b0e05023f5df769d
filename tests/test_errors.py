import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_404_is_chinese_with_request_id(client):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html
    assert response["X-Request-ID"] in html


def test_api_404_is_json(client):
    response = client.get("/api/no/such/endpoint")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@override_settings(ROOT_URLCONF="tests.urls_error")
def test_500_shows_no_internals():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统繁忙" in html and response["X-Request-ID"] in html
    assert "RuntimeError" not in html and "internal detail" not in html
    api = client.get("/api/boom/")
    assert api.status_code == 500 and api.json()["code"] == "server_error"


def _post_form(client, url, body):
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/register/", "/certificates/verify/"])
def test_a_page_post_over_the_size_limit_is_a_chinese_413(url, settings):
    """Django's limits raise inside ``request.POST``; the answer is a Chinese page, never a 500."""
    client = Client(raise_request_exception=False)
    body = "username=" + "1" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = _post_form(client, url, body)
    html = response.content.decode()
    assert response.status_code == 413
    assert "提交的内容过大" in html and "MB" in html and response["X-Request-ID"] in html


def test_logged_in_page_posts_over_django_limits_are_chinese_pages(cast, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client(raise_request_exception=False)
    client.force_login(cast["applicant_a"])
    big = _post_form(client, "/profile/basic/", "x=" + "1" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10))
    assert big.status_code == 413 and "提交的内容过大" in big.content.decode()
    fields = _post_form(
        client, "/profile/basic/", "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    )
    assert fields.status_code == 400 and "请求无法处理" in fields.content.decode()
    files = client.post("/profile/attachments/", {"kind": "id_card", "file": [
        SimpleUploadedFile(f"a{i}.png", b"x") for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]})
    assert files.status_code == 400 and "请求无法处理" in files.content.decode()

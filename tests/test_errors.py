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

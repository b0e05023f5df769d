import pytest

pytestmark = pytest.mark.django_db


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_for_logged_in_users_are_not_stored(client, cast):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    client.force_login(cast["applicant_a"])
    assert "no-store" in client.get("/").get("Cache-Control", "")

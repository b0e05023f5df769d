"""Browsers ask for /favicon.ico on every first visit; it answered 404 (a newcomer's walk). It is the system's
emblem, served by the system itself, and the pages name it."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00" and len(body) < 20_000  # an ICO file, small
    assert "max-age" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_name_the_icon(client):
    assert 'rel="icon"' in client.get("/").content.decode()

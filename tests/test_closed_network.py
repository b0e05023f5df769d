"""Every page the demo reaches loads nothing from outside the server (SPEC §10)."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest

pytestmark = pytest.mark.django_db

URL_ATTRS = {"href", "src", "action", "srcset", "data-src", "poster", "hx-get", "hx-post"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^)'\"]+)")


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in URL_ATTRS and value:
                self.links.append(value)
            if name == "style" and value:
                self.links += CSS_URL.findall(value)


def outside(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.netloc) and parsed.hostname not in {"testserver", "127.0.0.1", "localhost"}


def crawl(client, start="/", limit=200):
    seen, queue, problems = set(), [start], []
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        content_type = response.get("Content-Type", "")
        if "text/html" not in content_type and "text/css" not in content_type:
            continue
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode("utf-8", "replace")
        parser = LinkParser()
        parser.feed(body)
        links = parser.links + CSS_URL.findall(body)
        for link in links:
            if link.startswith(("mailto:", "tel:", "#", "data:", "javascript:")):
                continue
            if outside(link) or link.startswith("//"):
                problems.append(f"{url} → {link}")
                continue
            target = urljoin(url, link).split("#")[0]
            path = urlparse(target).path
            if path.startswith(("/accounts/logout", "/admin/logout")):
                continue
            if path not in seen and not urlparse(target).netloc:
                queue.append(path)
    return seen, problems


def test_anonymous_pages_load_nothing_from_outside(client):
    seen, problems = crawl(client)
    assert problems == []
    assert "/accounts/login/" in seen and "/certificates/verify/" in seen
    assert any(p.startswith("/static/") for p in seen)


@pytest.mark.parametrize("key", ["applicant_a", "unit_reviewer", "committee_office", "system_admin"])
def test_logged_in_pages_load_nothing_from_outside(client, cast, key):
    client.force_login(cast[key])
    seen, problems = crawl(client)
    assert problems == []
    assert len(seen) > 3

"""A breadth-first crawl of the pages one user reaches from the home page, with Django's test client.

``crawl(client)`` follows every same-site link (``<a href>``, ``hx-get``, embedded ``img``/``iframe``/
``embed``/``object`` sources, redirects) from ``/``, at
most ``PER_PATTERN`` URLs per URL pattern (a pattern is the resolver's view name, e.g.
``businesses:case``), and at most ``QUERY_PER_PATTERN`` of its URLs with a query string (pages and
filters of the same list); ``DOWNLOADS_PER_PATTERN`` for a pattern that answers downloads), and
checks every answer (``page_faults``): no 5xx, no link that answers 4xx to the user it was shown to,
no traceback or raw template syntax, no English word in the Chinese text (``zhicheng.common.ui_text``)
outside ``<code>``/``<pre>``/``translate="no"``, and a download is what it says (PDF, xlsx). It records the
forms it saw, for ``forms.py``.
"""

from __future__ import annotations

import re
import zlib
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.db import transaction
from django.urls import Resolver404, resolve

from zhicheng.common.ui_text import english_words

PER_PATTERN = 60  # paths (objects) crawled per URL pattern and user: every case of the world's cast
QUERY_PER_PATTERN = 3  # query strings (pages, filters) per URL pattern and user: the same page again
DOWNLOADS_PER_PATTERN = 2  # of a pattern that answers a download (PDF, xlsx): rendering them is slow
MAX_PAGES = 600  # a safety bound per user

#: Never followed: they end the crawl's own session.
SKIP_NAMES = frozenset({"accounts:logout", "admin:logout"})
#: Django's admin (the system administrator's, linked from their home page): every page pattern once;
#: its add, history and delete-confirmation pages are Django's own forms and lists and are not opened.
ADMIN_PER_PATTERN = 1
ADMIN_SKIPPED = (
    "_history",
    "_delete",
    "_add",
    "admin:view_on_site",
    "admin:password_change",
    "admin:password_change_done",
)
#: Not part of the Chinese user interface (the API's OpenAPI documents and Django's admin).
NOT_CHINESE_UI = ("exchange:api:", "admin:")

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
HIDDEN_TEXT = frozenset({"script", "style", "code", "pre", "textarea", "template", "kbd", "samp"})
ATTR_TEXT = ("placeholder", "title", "aria-label", "alt")
TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}|\{#")
TRACEBACK = ("Traceback (most recent call last)", "Exception Value:", "TemplateSyntaxError", "Internal Server Error")


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    required: bool = False


@dataclass
class Form:
    page: str  # the URL of the page the form is on
    page_name: str
    action: str
    method: str
    enctype: str
    fields: list[Field] = field(default_factory=list)
    submit: tuple[str, str] | None = None  # the first submit button's (name, value), if named

    @property
    def key(self) -> tuple:
        """Forms are the same when they are on the same pattern, post to the same pattern, with the same fields."""
        return (self.page_name, pattern_of(self.action), self.method, tuple(sorted({f.name for f in self.fields})))


class PageParser(HTMLParser):
    """Links, forms and the visible text of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self.text: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its text)
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None
        self._option: dict | None = None

    @property
    def hidden(self) -> bool:
        return any(h for _, h in self.stack)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if a.get("hx-get"):
            self.links.append(a["hx-get"])
        if tag in ("img", "iframe", "embed") and a.get("src"):  # content the page embeds (/static/ is skipped)
            self.links.append(a["src"])
        if tag == "object" and a.get("data"):
            self.links.append(a["data"])
        if not self.hidden and a.get("translate") != "no":
            for name in ATTR_TEXT:
                if a.get(name):
                    self.text.append(a[name])
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": (a.get("method") or "get").lower(),
                          "enctype": a.get("enctype", ""), "fields": [], "submit": None}
            self.forms.append(self._form)
        elif self._form is not None or a.get("form"):
            self._field(tag, a)
        if tag not in VOID:
            self.stack.append((tag, tag in HIDDEN_TEXT or a.get("translate") == "no" or "hidden" in a))

    def _field(self, tag: str, a: dict) -> None:
        form = self._form if self._form is not None else (self.forms[-1] if self.forms else None)
        if form is None:
            return
        name = a.get("name", "")
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image"):
                if name and form["submit"] is None:
                    form["submit"] = (name, a.get("value", ""))
                return
            if name and kind not in ("button", "reset"):
                form["fields"].append(Field(name, kind, a.get("value", ""), checked="checked" in a,
                                            required="required" in a))
        elif tag == "button" and (a.get("type") or "submit") == "submit":
            if name and form["submit"] is None:
                form["submit"] = (name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = {"field": Field(name, "select", required="required" in a), "selected": None}
            form["fields"].append(self._select["field"])
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif tag == "textarea" and name:
            self._textarea = {"field": Field(name, "textarea", required="required" in a)}
            form["fields"].append(self._textarea["field"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            f = self._select["field"]
            if self._select["selected"] is not None:
                f.value = self._select["selected"]
            elif f.options:
                f.value = f.options[0]
            self._select = None
        elif tag == "option":
            self._option_end()
        elif tag == "textarea":
            self._textarea = None
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def _option_end(self):
        if self._option is None or self._select is None:
            return
        value = self._option["value"] if self._option["value"] is not None else self._option["text"].strip()
        self._select["field"].options.append(value)
        if self._option["selected"]:
            self._select["selected"] = value
        self._option = None

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["field"].value += data
        if not self.hidden:
            self.text.append(data)


def pattern_of(url: str) -> str:
    """The URL pattern a same-site URL resolves to (``namespace:name``), or ``?`` + path."""
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return "?" + path
    return match.view_name or ("<" + match.route + ">")


def same_site(base: str, href: str) -> str | None:
    """The absolute path + query of ``href`` on ``base``'s page, or None if it leaves the site."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:", "blob:")):
        return None
    url = urldefrag(urljoin("http://testserver" + base, href))[0]
    parts = urlsplit(url)
    if parts.netloc != "testserver" or parts.scheme not in ("http", "https"):
        return None
    if parts.path.startswith(("/static/", "/media/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def page_faults(url: str, name: str, response, body: bytes, parser: PageParser | None) -> list[str]:
    """What is wrong with one answer (empty: nothing)."""
    faults = []
    status = response.status_code
    if status >= 500:
        exc = getattr(response, "exc_info", None)
        faults.append(f"{url} ({name}): {status} {exc[1]!r}" if exc else f"{url} ({name}): {status}")
    elif 400 <= status < 500 and status != 405:
        faults.append(f"{url} ({name}): a link answers {status} to the user it was shown to")
    ctype = response.get("Content-Type", "")
    if "application/pdf" in ctype and not body.startswith(b"%PDF"):
        faults.append(f"{url} ({name}): a PDF download that is not a PDF")
    if "spreadsheetml" in ctype and not body.startswith(b"PK"):
        faults.append(f"{url} ({name}): an xlsx download that is not an xlsx file")
    if parser is None:
        return faults
    html = body.decode("utf-8", "replace")
    for marker in TRACEBACK:
        if marker in html:
            faults.append(f"{url} ({name}): a traceback or error page ({marker})")
    text = " ".join(parser.text)
    for m in TEMPLATE_SYNTAX.finditer(text):
        faults.append(f"{url} ({name}): raw template syntax …{text[max(0, m.start() - 40):m.end() + 40]!r}…")
        break
    if "-----" in text:
        at = text.find("-----")
        faults.append(f"{url} ({name}): Django's dashes for an empty choice (or a rule of dashes) "
                      f"…{' '.join(text[max(0, at - 30):at + 30].split())}…")
    if not name.startswith(NOT_CHINESE_UI):
        words = english_words(text)
        if words:
            at = text.find(words[0])
            context = " ".join(text[max(0, at - 30):at + 40].split())
            faults.append(f"{url} ({name}): English in the Chinese UI: {sorted(set(words))[:12]}, e.g. …{context}…")
    return faults


@dataclass
class Crawl:
    key: str
    pages: dict[str, str] = field(default_factory=dict)  # URL → pattern
    statuses: dict[str, int] = field(default_factory=dict)
    faults: list[str] = field(default_factory=list)
    forms: dict[tuple, Form] = field(default_factory=dict)  # Form.key → the first such form
    html_pages: dict[str, str] = field(default_factory=dict)  # URL → pattern, pages answered 200 text/html
    documents: dict[str, str] = field(default_factory=dict)  # of those, whole pages (not htmx fragments): phone.py
    bodies: dict[str, bytes] = field(default_factory=dict)  # URL → the whole page as answered, zlib-compressed
    skipped: int = 0

    def patterns(self) -> set[str]:
        return set(self.pages.values())


def crawl(client, key: str, *, start: str = "/", per_pattern: int = PER_PATTERN, max_pages: int = MAX_PAGES) -> Crawl:
    """Crawl breadth-first from ``start`` as ``client``'s user; see the module docstring."""
    result = Crawl(key)
    counts: dict[str, int] = {}
    bounds: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    seen = {start}
    while queue and len(result.pages) < max_pages:
        url, source = queue.popleft()
        name = pattern_of(url)
        if name in SKIP_NAMES or (name.startswith("admin:") and name.endswith(ADMIN_SKIPPED)):
            continue
        if name.startswith("admin:"):
            bounds.setdefault(name, ADMIN_PER_PATTERN)
        counter = name + "?" if "?" in url else name
        bound = bounds.get(name, per_pattern if counter == name else QUERY_PER_PATTERN)
        if counts.get(counter, 0) >= bound:
            result.skipped += 1
            continue
        counts[counter] = counts.get(counter, 0) + 1
        with transaction.atomic():  # a savepoint: an error in one page leaves the next one a usable connection
            response = client.get(url, HTTP_ACCEPT="text/html")
            body = body_of(response)
            transaction.set_rollback(True)
        result.pages[url] = name
        result.statuses[url] = response.status_code
        parser = None
        if "text/html" in response.get("Content-Type", "") and response.status_code == 200:
            parser = PageParser()
            parser.feed(body.decode("utf-8", "replace"))
            parser.close()
            result.html_pages[url] = name
            if b"<html" in body[:1000].lower():
                result.documents[url] = name
                result.bodies[url] = zlib.compress(body, 1)
        elif response.status_code == 200:
            bounds[name] = min(per_pattern, DOWNLOADS_PER_PATTERN)
        faults = page_faults(url, name, response, body, parser)
        result.faults.extend(f"{f} — linked from {source}" for f in faults)
        targets = []
        if response.status_code in (301, 302, 303, 307, 308):
            targets.append(response["Location"])
        if parser is not None:
            targets.extend(parser.links)
            for raw in parser.forms:
                action = same_site(url, raw["action"]) if raw["action"] else url
                if action is None:
                    continue
                form = Form(url, name, action, raw["method"], raw["enctype"], raw["fields"], raw["submit"])
                result.forms.setdefault(form.key, form)
        for href in targets:
            target = same_site(url, href)
            if target is not None and target not in seen:
                seen.add(target)
                queue.append((target, url))
    return result

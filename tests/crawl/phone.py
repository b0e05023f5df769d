"""The crawl's pages on a 390 px phone screen, in headless Chromium (decision 0017).

``phone_faults(browser, client, crawled)`` opens every page one member's crawl reached in a browser
context 390 px wide and reports each page whose ``document.scrollingElement.scrollWidth`` exceeds
390 px, naming the widest element that is not inside a box that scrolls or clips it, and each table cell
squeezed to a character or two per line (``SQUEEZED``).

The browser talks to no server: every request to ``http://testserver/`` is answered by
``context.route`` — ``/static/`` from the static-files finders (what ``collectstatic`` would serve),
everything else by the member's own Django test client, inside a rolled-back savepoint. So the browser
sees the crawl's world as it is, uncommitted, on SQLite and PostgreSQL alike, as the member it
crawled for (the test client holds their session). Any other host is refused and reported: nothing
loads from outside the server.
"""

from __future__ import annotations

import asyncio
import contextvars
import mimetypes
import zlib
from functools import cache

from django.db import transaction

from .crawler import Crawl, body_of

PHONE = {"width": 390, "height": 844}
ORIGIN = "http://testserver"

#: scrollWidth, and when the page is too wide, the element whose box or content reaches furthest to
#: the right without a fitting ancestor that scrolls or clips it (of equals the innermost), with a
#: short path: the one to fix.
MEASURE = """(limit) => {
  const width = document.scrollingElement.scrollWidth;
  if (width <= limit) return {width, culprits: []};
  const view = document.documentElement.clientWidth;
  const right = (el) => el.getBoundingClientRect().right + window.scrollX;
  // Sticking out of a box that itself fits and scrolls or clips it does not widen the page. An absolutely
  // positioned element (a .visually-hidden label) is clipped only by the boxes from its containing block (its
  // nearest positioned ancestor) out: a scrolling box between them does not hold it, and it widens the page.
  const contained = (el) => {
    let pos = getComputedStyle(el).position;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const st = getComputedStyle(a);
      const holds = pos === 'fixed' ? st.transform !== 'none'
        : pos === 'absolute' ? st.position !== 'static' || st.transform !== 'none' : true;
      if (!holds) continue;
      if (st.overflowX !== 'visible' && right(a) <= view + 0.5) return true;
      pos = st.position;
    }
    return false;
  };
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const cls = [...el.classList].slice(0, 3);
    if (cls.length) s += '.' + cls.join('.');
    return s;
  };
  const path = (el) => {
    const parts = [];
    for (let a = el; a && a !== document.body && parts.length < 4; a = a.parentElement) parts.unshift(name(a));
    return parts.join(' > ');
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    // How far it reaches: its box, or its content when that overflows the box (a long word in a heading),
    // unless the box scrolls or clips its content (a wide table in its .table-responsive box).
    const clips = getComputedStyle(el).overflowX !== 'visible';
    const reach = (clips ? r.right : Math.max(r.right, r.left + el.scrollWidth)) + window.scrollX;
    if (reach <= view + 0.5 || r.width === 0 || contained(el)) continue;
    out.push({right: Math.round(reach), width: Math.round(r.width), path: path(el),
              text: (el.innerText || el.value || '').replace(/\\s+/g, ' ').trim().slice(0, 60)});
  }
  // The furthest right edge; of equals, the innermost (it comes later in document order).
  out.sort((a, b) => b.right - a.right);
  const far = out.filter((c) => c.right === (out[0] || {}).right);
  return {width, culprits: far.slice(-1)};
}"""


#: Table cells squeezed on the phone: Chinese text may break after any character, so a table whose one
#: cell is long and unbreakable (a badge, a button, a date input) can shrink another column to a character
#: or two per line instead of scrolling in its .table-responsive box. A cell of three characters or more
#: whose content box is under three characters wide and whose content (not the row: a row is as tall as
#: its tallest cell) runs to three lines or more is one (a name a character a line; a date or a
#: percentage broken in pieces).
SQUEEZED = """() => {
  const out = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const r = cell.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const text = (cell.innerText || '').replace(/\\s+/g, '').trim();
    if ([...text].length < 3) continue;
    const st = getComputedStyle(cell);
    const size = parseFloat(st.fontSize);
    const line = parseFloat(st.lineHeight) || size * 1.5;
    const inner = r.width - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
    if (inner >= size * 3) continue;
    const content = document.createRange();
    content.selectNodeContents(cell);
    if (content.getBoundingClientRect().height > line * 2) out.push({width: Math.round(inner), text: text.slice(0, 30)});
  }
  return out.slice(0, 3);
}"""  # noqa: E501 - JavaScript run in the page, kept as written


@cache
def static_file(path: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of ``/static/<path>`` from the static-files finders."""
    from django.contrib.staticfiles import finders

    found = finders.find(path)
    if not found:
        return 404, "text/plain", b"not found"
    with open(found, "rb") as f:
        body = f.read()
    ctype = mimetypes.guess_type(found)[0] or "application/octet-stream"
    if ctype.startswith("text/") or ctype in ("application/javascript",):
        ctype += "; charset=utf-8"
    return 200, ctype, body


def _get(client, path: str, headers: dict[str, str]):
    """``client.get`` in a savepoint that is rolled back: (response, body)."""
    with transaction.atomic():
        response = client.get(path, **headers)
        body = body_of(response)
        transaction.set_rollback(True)
    return response, body


class _AsTheTest:
    """Runs a function as the test's own code would: with the test's context variables and its view of
    the running event loop. Playwright calls a route handler in a greenlet of its own, with empty context
    variables and its event loop running; Django keeps the database connection per thread, or per
    context when a loop runs (asgiref), so without this the handler would open a second connection
    that does not see the crawl's uncommitted world (on SQLite: 'database table is locked')."""

    def __init__(self):
        self.context = contextvars.copy_context()
        self.loop = asyncio._get_running_loop()

    def __call__(self, func, *args):
        before = asyncio._get_running_loop()
        asyncio._set_running_loop(self.loop)
        try:
            return self.context.copy().run(func, *args)
        finally:
            asyncio._set_running_loop(before)


def _answer(as_test: _AsTheTest, client, bodies: dict[str, bytes], route, outside: list[str]) -> None:
    """Answer one request of the browser (see the module docstring)."""
    request = route.request
    url = request.url
    if url.startswith(("data:", "blob:")):
        return route.continue_()
    if not url.startswith(ORIGIN + "/"):
        outside.append(url)
        return route.abort()
    path = url[len(ORIGIN):]
    if path.startswith("/static/"):
        status, ctype, body = static_file(path[len("/static/"):].split("?", 1)[0])
        return route.fulfill(status=status, headers={"Content-Type": ctype}, body=body)
    if request.is_navigation_request() and path in bodies:  # the page as the crawl saw it: not rendered twice
        return route.fulfill(status=200, headers={"Content-Type": "text/html; charset=utf-8"},
                             body=zlib.decompress(bodies[path]))
    if request.method != "GET":  # nothing on a page posts by itself; a page that does would change the world
        return route.abort()
    headers = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in request.headers.items()
               if k.lower() == "accept" or k.lower().startswith("hx-")}
    response, body = as_test(_get, client, path, headers)
    out = {k: v for k, v in response.items() if k.lower() in ("content-type", "location", "hx-redirect", "hx-trigger")}
    return route.fulfill(status=response.status_code, headers=out, body=body)


def phone_faults(browser, client, crawled: Crawl, *, shots: str | None = None,
                 shots_of: frozenset[str] = frozenset()) -> list[str]:
    """Every whole page of ``crawled`` (``Crawl.documents``) opened 390 px wide as ``client``'s user
    (the member the crawl was for): a fault for each one wider than the screen, naming the widest
    element. The page itself is the one the crawl received (``Crawl.bodies``); what it loads is
    answered as above. ``shots``: a folder where every too wide page, and every page of a pattern in
    ``shots_of``, is saved as a full-page PNG (for looking at)."""
    faults: list[str] = []
    outside: list[str] = []
    context = browser.new_context(locale="zh-CN", viewport=PHONE, java_script_enabled=True)
    try:
        as_test = _AsTheTest()
        context.route("**/*", lambda route: _answer(as_test, client, crawled.bodies, route, outside))
        page = context.new_page()
        page.set_default_timeout(30000)
        for n, (url, name) in enumerate(crawled.documents.items()):
            page.goto(ORIGIN + url, wait_until="load")
            found = page.evaluate(MEASURE, PHONE["width"])
            if found["width"] > PHONE["width"]:
                culprit = found["culprits"][0] if found["culprits"] else None
                what = (
                    (
                        f"widest: {culprit['path']} (right edge {culprit['right']} px, {culprit['width']} px wide"
                        f"{', ' + repr(culprit['text']) if culprit['text'] else ''})"
                    )
                    if culprit
                    else "no single element"
                )
                faults.append(f"{url} ({name}): {found['width']} px wide on a {PHONE['width']} px phone; {what}")
            squeezed = page.evaluate(SQUEEZED)
            for cell in squeezed:
                faults.append(f"{url} ({name}): a table cell squeezed to {cell['width']} px on a {PHONE['width']} px "
                              f"phone ({cell['text']!r}): give the table room to scroll")
            if shots and (found["width"] > PHONE["width"] or squeezed or name in shots_of):
                page.screenshot(path=f"{shots}/{n:03d}-{name.replace(':', '-')}.png", full_page=True)
    finally:
        context.close()
    faults.extend(f"the browser requested an outside host: {u}" for u in sorted(set(outside)))
    return faults

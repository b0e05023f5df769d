"""Every form the crawl reached, submitted once empty and once with hostile but plausible input.

Each submission runs in a savepoint that is rolled back, and the client's cookies are put back
afterwards, so no submission changes the world or ends the crawl's session (a logout form is not
submitted at all). A form is submitted by the first member of the cast whose crawl reached it
(forms are the same when they are on the same page pattern, post to the same pattern and have the
same fields: ``crawler.Form.key``).

Faults: any 5xx; and, when the answer shows the form again (200, the field present), a field that
was typed into (not a password, file, hidden field or choice) and does not come back as typed — up
to Unicode compatibility (full-width digits may come back half-width), control characters and
surrounding spaces, which the project's input cleaning may remove, and a long text that may come
back cut to the field's length.
"""

from __future__ import annotations

import copy
import unicodedata
from dataclasses import dataclass
from itertools import cycle

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from .crawler import SKIP_NAMES, Form, PageParser, body_of, pattern_of

LONG = "很长的文字" * 2000  # 10,000 characters
HOSTILE_TEXT = (
    "１２３４５６７８",  # full-width digits
    "甲\x0b乙\x01丙\x7f丁",  # control characters (U+000B, U+0001, DEL)
    '=HYPERLINK("http://example.com/","点此领取")',  # a spreadsheet formula
    "<script>alert('职称')</script>",
    "张' OR '1'='1'; DROP TABLE accounts_user; --",  # SQL-ish quotes
    "😀𠮷野家👨‍👩‍👧",  # emoji, a character outside the BMP, a ZWJ sequence
    LONG,
)
HOSTILE_DATES = ("9999-12-31", "0001-01-01", "2026-02-30", "２０２６－０１－３１")
HOSTILE_NUMBERS = ("１２３", "-1", "1e999", "99999999999999999999")
HOSTILE_BY_TYPE = {
    "email": ("<script>@例子.中国", "a@b"),
    "tel": ("１３８００１３８０００", "+86 138-0013-8000"),
    "number": HOSTILE_NUMBERS,
    "date": HOSTILE_DATES,
    "datetime-local": ("9999-12-31T23:59", "2026-02-30T25:61"),
    "month": ("9999-13",),
    "url": ("javascript:alert(1)", "http://例子.中国/" + "a" * 3000),
}
TYPED = {"text", "textarea", "search", "email", "tel", "number", "date", "datetime-local", "month", "url"}
NOT_KEPT = {"password", "file", "hidden", "select", "checkbox", "radio", "submit"}

#: Forms not submitted: Django's admin (its own forms, one per model; the crawl opens its pages) and
#: forms that end the crawl's session.
def submittable(form: Form) -> bool:
    action = pattern_of(form.action)
    return not (action in SKIP_NAMES or action.startswith("admin:") or form.page_name.startswith("admin:"))


def _data(form: Form, *, hostile: bool) -> tuple[dict, dict[str, str]]:
    """The submitted data, and the typed values that must come back (name → value)."""
    data: dict[str, list] = {}
    typed: dict[str, str] = {}
    texts = cycle(HOSTILE_TEXT)
    for f in form.fields:
        if f.kind == "hidden":
            data.setdefault(f.name, []).append(f.value)
        elif f.kind == "select":
            data[f.name] = [f.value if (hostile or f.value) else ""]
        elif f.kind == "checkbox":
            if hostile:
                data.setdefault(f.name, []).append(f.value or "on")
        elif f.kind == "radio":
            if hostile and f.name not in data:
                data[f.name] = [f.value]
        elif f.kind == "file":
            if hostile:
                data[f.name] = [SimpleUploadedFile("证书=HYPERLINK(1).pdf", b"<script>not a pdf</script>",
                                                   content_type="application/pdf")]
        elif not hostile:
            data[f.name] = [""]
        else:
            choices = HOSTILE_BY_TYPE.get(f.kind)
            value = choices[len(typed) % len(choices)] if choices else next(texts)
            data[f.name] = [value]
            if f.kind in TYPED and f.name not in typed:
                typed[f.name] = value
    if form.submit:
        data.setdefault(form.submit[0], [form.submit[1]])
    return {k: (v[0] if len(v) == 1 else v) for k, v in data.items()}, typed


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()


def kept(sent: str, back: str) -> bool:
    """Whether ``back`` (the re-rendered value) is what was typed (see the module docstring)."""
    a, b = _norm(sent), _norm(back)
    if a == b or sent == back:
        return True
    return len(sent) > 200 and len(b) >= 10 and a.startswith(b)  # cut to the field's maximum length


@dataclass
class Submission:
    form: Form
    hostile: bool
    status: int
    faults: list[str]
    checked: int = 0  # typed fields found again in the answer and compared


def submit(client, form: Form, *, hostile: bool) -> Submission:
    """Submit ``form`` (in a rolled-back savepoint; the client's cookies are restored)."""
    data, typed = _data(form, hostile=hostile)
    cookies = copy.deepcopy(client.cookies)
    label = (
        f"{form.method.upper()} {form.action} ({pattern_of(form.action)}, form on {form.page}) "
        f"{'hostile' if hostile else 'empty'}"
    )
    faults: list[str] = []
    checked = 0
    try:
        with transaction.atomic():
            if form.method == "get":
                response = client.get(form.action, data)
            else:
                response = client.post(form.action, data, HTTP_REFERER="http://testserver" + form.page)
            body = body_of(response)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
        cache.clear()
    if response.status_code >= 500:
        exc = getattr(response, "exc_info", None)
        faults.append(f"{label}: {response.status_code} {exc[1]!r}" if exc else f"{label}: {response.status_code}")
    elif response.status_code == 200 and "text/html" in response.get("Content-Type", "") and typed:
        parser = PageParser()
        parser.feed(body.decode("utf-8", "replace"))
        back = {f.name: f.value for raw in parser.forms for f in raw["fields"] if f.kind not in NOT_KEPT}
        for name, value in typed.items():
            if name not in back:
                continue
            checked += 1
            if not kept(value, back[name]):
                faults.append(f"{label}: field {name!r} typed {value[:40]!r} came back {back[name][:40]!r}")
    return Submission(form, hostile, response.status_code, faults, checked)

# ruff: noqa: S311 - random choices of a load simulation, not secrets
"""The deadline-day scenario (issue 23, decision 0030): whole journeys at once, driven by Locust.

Run by ``./manage.sh bench deadline-day`` (bench/deadline/run.py), which prepares the fixtures
file named by ``DEADLINE_FIXTURES`` and checks the journal named by ``DEADLINE_JOURNAL`` afterwards.

* **Applicants** register (each from an address of their own, as at home), log in, fill in the
  basic information, choose their unit, save an education and a work row, upload a scan and
  submit; each submission that the site confirms is written to the journal.
* **Reviewers** open their work queue and decide waiting cases (mostly 审核通过, some 退回 with a
  reason) from a list of their own; each decision the site confirms is written to the journal.
* **The public** scans certificate QR codes (a different certificate each time).
* **Anyone** downloads the blank forms (评审表 / 考核认定表, Word).

Every request is named by its step, so Locust's statistics are per step. A response that is not
what the step expects is a failure (counted as an error), with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import struct
import threading
import zlib
from http.cookiejar import DefaultCookiePolicy
from itertools import count

from locust import HttpUser, between, events, task

FX = json.load(open(os.environ["DEADLINE_FIXTURES"], encoding="utf-8"))
JOURNAL_PATH = os.environ["DEADLINE_JOURNAL"]
_journal: list[dict] = []
_lock = threading.Lock()
_serial = count(1)
_reviewer_lists = [list(x) for x in FX["reviewer_case_lists"]]
_reviewer_next = count(0)
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def journal(entry: dict) -> None:
    with _lock:
        _journal.append(entry)


@events.quitting.add_listener
def _write_journal(environment, **kw):
    with open(JOURNAL_PATH, "w", encoding="utf-8") as fh:
        json.dump(_journal, fh, ensure_ascii=False)


def _iso7064(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


def _new_person() -> dict:
    """A valid 居民身份证 number that neither the demo cast (sequence < 500) nor the scale data
    (≥ 700) uses, with the matching sex, and a mobile number outside both (19…)."""
    birth = dt.date(1962, 1, 1) + dt.timedelta(days=random.randrange(10_000))  # ≤ 1989: of working age in 2013
    seq = random.randrange(500, 700)
    first17 = f"{FX['region_code']}{birth:%Y%m%d}{seq:03d}"
    return {"id_number": first17 + _iso7064(first17), "gender": "M" if seq % 2 else "F",
            "phone": f"19{random.randrange(10**9):09d}", "name": random.choice("赵钱孙李周吴郑王冯陈") + "晓明"}


def _png() -> bytes:
    """A small real PNG (a grey square): what a phone photo of a certificate is, in miniature."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x80" * 64 for _ in range(64))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PNG = _png()


# The site runs with production settings (cookies marked Secure) over plain HTTP on 127.0.0.1, as
# behind a TLS-terminating proxy: the simulated browsers send those cookies anyway. (requests
# copies the session's jar into a new one with the default policy for every request, so the
# policy itself is changed, in this load-tool process only.)
DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


PART_RE = re.compile(r'name="parts"[^>]*value="([^"]+)"')


class Site(HttpUser):
    abstract = True

    def on_start(self):
        pass

    def csrf(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as r:
            m = CSRF_RE.search(r.text or "")
            if r.status_code != 200 or not m:
                r.failure(f"{r.status_code}: no form")
                return ""
            r.success()
            self.last_page = r.text
            return m.group(1)

    def post_expect_redirect(self, path: str, data: dict, name: str, *, files=None, to: str = "") -> bool:
        with self.client.post(path, data=data, files=files, name=name, allow_redirects=False,
                              headers={"Referer": self.host + path}, catch_response=True) as r:
            location = r.headers.get("Location", "")
            if r.status_code == 302 and to in location:
                r.success()
                return True
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text or ""))
            errors = re.findall(r"invalid-feedback[^>]*>([^<]+)", r.text or "")
            r.failure(f"{r.status_code} {location} {'; '.join(errors)[:200] or text[-200:]}")
            return False


class Applicant(Site):
    """One person's whole application on the last day: register → … → submit, then look at the workbench."""

    weight = 6
    wait_time = between(1, 3)

    def on_start(self):
        super().on_start()
        self.address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        self.client.headers["X-Forwarded-For"] = self.address
        self.done = False

    @task
    def journey(self):
        if self.done:
            self.client.get("/profile/", name="申报人：工作台（已提交后）")
            return
        self.client.cookies.clear()
        person = _new_person()
        token = self.csrf("/accounts/register/", "申报人：打开注册页")
        password = f"Deadline#{next(_serial)}x{random.randrange(10**6)}"
        if not token or not self.post_expect_redirect("/accounts/register/", {
            "csrfmiddlewaretoken": token, "id_document_type": "resident_id", "id_number": person["id_number"],
            "real_name": person["name"], "phone": person["phone"], "email": "", "password1": password,
            "password2": password,
        }, "申报人：注册", to="/accounts/login/"):
            return
        token = self.csrf("/accounts/login/", "申报人：打开登录页")
        if not token or not self.post_expect_redirect("/accounts/login/", {
            "csrfmiddlewaretoken": token, "username": person["id_number"], "password": password,
        }, "申报人：登录"):
            return
        steps = [
            ("/profile/basic/", {"gender": person["gender"], "ethnicity": "汉族", "political_status": "masses"},
             "申报人：保存基本信息"),
            ("/profile/unit/", {"unit": FX["unit_id"]}, "申报人：选择人事管理单位"),
            ("/profile/section/education/", {"school": "嘉应学院", "major": "临床医学", "education": 4,
                                              "start_date": "2008-09-01", "end_date": "2013-07-01"},
             "申报人：保存学历"),
            ("/profile/section/work/", {"unit_name": "龙川县人民医院", "post": "医师", "start_date": "2013-08-01"},
             "申报人：保存工作经历"),
        ]
        self.client.get("/profile/", name="申报人：工作台")
        for path, data, name in steps:
            token = self.csrf(path, name.replace("保存", "打开").replace("选择", "打开"))
            if not token or not self.post_expect_redirect(path, {"csrfmiddlewaretoken": token, **data}, name):
                return
        token = self.csrf("/profile/attachments/", "申报人：打开材料页")
        if not token or not self.post_expect_redirect(
            "/profile/attachments/", {"csrfmiddlewaretoken": token, "kind": "id_card"},
            "申报人：上传材料", files={"file": ("id.png", PNG, "image/png")},
        ):
            return
        token = self.csrf("/profile/review/", "申报人：打开提交前核对")
        if token and self.post_expect_redirect("/profile/submit/", {"csrfmiddlewaretoken": token}, "申报人：提交"):
            journal({"kind": "submit", "id_number": person["id_number"]})
            self.done = True


class Reviewer(Site):
    """A reviewer of the busiest unit working through a list of waiting cases of their own."""

    weight = 2
    wait_time = between(1, 4)

    def on_start(self):
        super().on_start()
        for part in FX["reviewer_cookie"].split(";"):
            name, _, value = part.strip().partition("=")
            self.client.cookies.set(name, value)
        self.cases = _reviewer_lists[next(_reviewer_next) % len(_reviewer_lists)]

    @task
    def work(self):
        self.client.get(f"/cases/queue/{FX['unit_id']}/", name="审核：工作队列")
        if not self.cases:
            return
        pk = self.cases.pop()
        token = self.csrf(f"/cases/{pk}/", "审核：打开业务")
        if not token:
            return
        decision = "return" if random.random() < 0.2 else "approve"
        data = {"csrfmiddlewaretoken": token, "decision": decision, "expected_step": 0,
                "opinion": "材料不全，请补充学历证书。" if decision == "return" else "同意。"}
        if decision == "return":  # a return names the parts to correct and the period (working days)
            part = PART_RE.search(self.last_page)
            data.update({"parts": part.group(1) if part else "", "correction_days": 10})
        if self.post_expect_redirect(f"/cases/{pk}/", data, f"审核：{'退回' if decision == 'return' else '通过'}",
                                     to="/cases/queue/"):
            journal({"kind": decision, "case": pk})


class Public(Site):
    """Someone scanning the QR code on a certificate (each scan a different certificate)."""

    weight = 3
    wait_time = between(0.5, 2)

    @task
    def verify(self):
        with self.client.get(random.choice(FX["verify_paths"]), name="公众：扫码查验证书", catch_response=True) as r:
            if r.status_code == 200 and "证书" in (r.text or ""):
                r.success()
            else:
                r.failure(f"{r.status_code}")


class FormDownload(Site):
    """Someone downloading a blank form (Word) from the notices page."""

    weight = 1
    wait_time = between(1, 3)

    @task
    def download(self):
        path = random.choice(FX["blank_form_paths"])
        with self.client.get(path, name="下载：空白表格", catch_response=True) as r:
            if r.status_code == 200 and len(r.content) > 1000:
                r.success()
            else:
                r.failure(f"{r.status_code} {len(r.content)} bytes")

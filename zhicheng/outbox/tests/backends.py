"""A test SMS gateway that works across processes (the Celery worker test runs it in a real worker).

``ZHICHENG_TEST_SMS_DIR`` names a directory; every call appends the text to ``attempts.log``; the first
``ZHICHENG_TEST_SMS_FAILURES`` calls for a given text raise ``ConnectionError`` (a gateway that does not
answer), later ones append the text to ``delivered.log``.
"""

from __future__ import annotations

import os
from pathlib import Path


def _dir() -> Path:
    return Path(os.environ["ZHICHENG_TEST_SMS_DIR"])


def log_lines(name: str) -> list[str]:
    path = _dir() / name
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


class FlakySmsBackend:
    def send(self, *, phone: str, text: str) -> None:
        line = text.replace("\n", " ")
        with open(_dir() / "attempts.log", "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        failures = int(os.environ.get("ZHICHENG_TEST_SMS_FAILURES", "0"))
        if log_lines("attempts.log").count(line) <= failures:
            raise ConnectionError(f"短信网关无响应（{phone}）")
        with open(_dir() / "delivered.log", "a", encoding="utf-8") as handle:
            handle.write(line + "\n")

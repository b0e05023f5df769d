"""Every environment variable the settings read is documented in docs/operations.md, and every one
the document names is read somewhere (issue 15: documents named settings that nothing read)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"\b((?:ZHICHENG|DJANGO)_[A-Z0-9_]+)\b")
# Read by ./manage.sh or the secret-file convention (NAME_FILE for every key), not by settings.
READ_ELSEWHERE = {"ZHICHENG_BIND", "ZHICHENG_WORKERS", "ZHICHENG_DEV_OUTBOX_TOKEN", "DJANGO_SETTINGS_MODULE"}


def _read_by_settings() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "config").rglob("*.py"):
        names |= set(re.findall(r"""env\w*\(\s*["']((?:ZHICHENG|DJANGO)_[A-Z0-9_]+)["']""", path.read_text()))
    return names


def _documented() -> set[str]:
    return set(re.findall(r"`((?:ZHICHENG|DJANGO)_[A-Z0-9_]+)`", (ROOT / "docs/operations.md").read_text()))


def _read_anywhere(name: str) -> bool:
    base = name.removesuffix("_FILE")
    sources = [*ROOT.joinpath("config").rglob("*.py"), *ROOT.joinpath("zhicheng").rglob("*.py"), ROOT / "manage.sh"]
    return any(base in path.read_text() for path in sources if "/tests/" not in str(path))


def test_every_setting_read_from_the_environment_is_documented():
    missing = _read_by_settings() - _documented()
    assert not missing, f"document these in docs/operations.md: {sorted(missing)}"


def test_every_documented_variable_is_read():
    unread = {name for name in _documented() - READ_ELSEWHERE if not _read_anywhere(name)}
    assert not unread, f"docs/operations.md names variables nothing reads: {sorted(unread)}"


def test_the_settings_are_read_directly_not_with_a_second_default():
    """A default is written once, in config/settings; code reads ``settings.X`` (no getattr with a default)."""
    offenders = []
    for path in ROOT.joinpath("zhicheng").rglob("*.py"):
        if "/tests/" in str(path) or "/migrations/" in str(path):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"getattr\(settings,\s*[\"'][A-Z_]+[\"'],", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders, offenders

"""Every action the services write to the audit log has a Chinese label in the viewer (the crawl found
评审、业务 and 文书 actions shown to the audit administrator by their English codes)."""

from __future__ import annotations

import pathlib
import re

from zhicheng.audit.constants import ACTION_LABELS, action_label
from zhicheng.cases.constants import Decision

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _sources():
    for path in ROOT.rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            yield path.read_text(encoding="utf-8")


def test_every_literal_action_code_has_a_chinese_label():
    codes = set()
    for text in _sources():
        codes |= set(re.findall(r'action="([a-z0-9_.]+)"', text))
        for a, b in re.findall(r'action="([a-z0-9_.]+)" if [^"]+ else "([a-z0-9_.]+)"', text):
            codes |= {a, b}
        codes |= set(re.findall(r'else "([a-z0-9_]+\.[a-z0-9_.]+)"', text))
    codes = {c for c in codes if "." in c}
    missing = sorted(c for c in codes if action_label(c) == c)
    assert not missing, f"audit actions without a Chinese label in zhicheng/audit/constants.py: {missing}"


def test_admin_and_decision_actions_are_labelled():
    prefixes = set()
    for text in _sources():
        prefixes |= set(re.findall(r'audit_action_prefix = "([a-z_.]+)"', text))
    assert "admin" in prefixes
    for prefix in prefixes:
        for verb in ("add", "change", "delete"):
            assert re.search(r"[\u4e00-\u9fff]", action_label(f"{prefix}.{verb}")), f"{prefix}.{verb}"
    for decision in Decision.values:
        assert f"case.{decision}" in ACTION_LABELS
    for verb in ("create", "update", "publish", "close"):
        assert f"plan.{verb}" in ACTION_LABELS

"""The repository tracks neither the virtualenv nor the runtime directory.

A worktree links the main checkout's ``.venv``; a commit that tracked that symlink replaced the shared
virtualenv with a link to itself when it was merged (2026-12-01). ``.gitignore`` names both without a
trailing slash so that symlinks are ignored too; this test keeps it so."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
def test_virtualenv_and_runtime_files_are_not_tracked():
    tracked = subprocess.run(  # noqa: S603 - fixed command
        ["git", "ls-files", "--", ".venv", "var"], cwd=ROOT, capture_output=True, text=True, check=True,  # noqa: S607
    ).stdout.split()
    assert tracked == []
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert ".venv" in ignored and "var" in ignored  # no trailing slash: a symlink is ignored too

"""./manage.sh setup on a fresh .venv printed about 125 pip warnings about a machine's local file:// indexes
("WARNING: Location 'file:///opt/…/simple/<name>/' is ignored") and its progress in bold red, which reads as
an error (a newcomer's walk). Run here in a copy with a stand-in pip, python and dpkg-query: nothing is
installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FAKE_PIP = """#!/usr/bin/env bash
echo "WARNING: Location 'file:///opt/pypi-more/simple/django/' is ignored: it is either a non-existing path or lacks a specific scheme." >&2
echo "WARNING: Location 'file:///opt/pypi/simple/segno/' is ignored: it is either a non-existing path or lacks a specific scheme." >&2
echo "ERROR: a real problem pip reports" >&2
exit "${FAKE_PIP_STATUS:-0}"
"""  # noqa: E501 - pip's warnings quoted verbatim


def _setup(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    shutil.copy(ROOT / "manage.sh", tmp_path / "manage.sh")
    (tmp_path / "requirements.txt").write_text("django\n")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    tools = tmp_path / "tools"
    tools.mkdir()
    for path, text in ((bin_dir / "pip", FAKE_PIP), (bin_dir / "python", "#!/bin/sh\nexit 0\n"),
                       (tools / "dpkg-query", "#!/bin/sh\nprintf 'install ok installed'\n")):
        path.write_text(text)
        path.chmod(0o755)
    return subprocess.run(
        ["bash", str(tmp_path / "manage.sh"), "setup"], capture_output=True, text=True, timeout=60,
        env={**os.environ, "PATH": f"{tools}:{os.environ['PATH']}", **env},
    )


def test_setup_drops_the_local_index_warnings_and_keeps_the_rest(tmp_path):
    done = _setup(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "is ignored" not in done.stderr
    assert "ERROR: a real problem pip reports" in done.stderr
    assert "[zhicheng] installing Python dependencies" in done.stdout
    assert "\033[1;31m" not in done.stdout  # progress is not printed in the colour of an error


def test_setup_still_fails_when_pip_fails(tmp_path):
    done = _setup(tmp_path, FAKE_PIP_STATUS="1")
    assert done.returncode != 0 and "ERROR: a real problem pip reports" in done.stderr
    assert not (tmp_path / ".venv" / ".requirements.sha256").exists()

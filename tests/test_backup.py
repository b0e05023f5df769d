"""Back up, restore into a fresh database, and check counts and the audit chain there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from zhicheng.audit.services import audit_record

ROOT = Path(settings.BASE_DIR)
COUNTED = ["orgs_region", "orgs_organisation", "accounts_user", "audit_auditevent", "catalog_qualification"]


def counts_via_manage_py(database_url: str) -> dict[str, int]:
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        f"    for t in {COUNTED!r}:\n"
        "        c.execute('SELECT COUNT(*) FROM ' + t); print(t, c.fetchone()[0])\n"
    )
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pairs = [line.split() for line in out.splitlines()]
    return {p[0]: int(p[1]) for p in pairs if len(p) == 2 and p[0] in COUNTED}


def verify_chain_via_manage_py(database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", "verify_audit_chain"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def local_counts() -> dict[str, int]:
    result = {}
    with connection.cursor() as c:
        for table in COUNTED:
            c.execute("SELECT COUNT(*) FROM " + table)  # noqa: S608 - fixed table names
            result[table] = c.fetchone()[0]
    return result


def test_backup_and_restore_round_trip(world, tmp_path):
    for i in range(5):
        audit_record(action="test.backup", actor=world["applicant_a"], detail={"i": i})
    expected = local_counts()
    dump = tmp_path / "backup.dump"
    call_command("backup_database", str(dump))
    assert dump.stat().st_size > 0

    if connection.vendor == "postgresql":
        s = connection.settings_dict
        name = f"{s['NAME']}_restored"
        base = f"postgres://{s.get('USER') or 'postgres'}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}"
        psql = ["psql", "-h", s.get("HOST") or "127.0.0.1", "-U", s.get("USER") or "postgres", "-d", "postgres", "-q"]
        subprocess.run([*psql, "-c", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run([*psql, "-c", f"CREATE DATABASE {name}"], check=True)
        try:
            call_command("restore_database", str(dump), database=name)
            url = f"{base}/{name}"
            assert counts_via_manage_py(url) == expected
            result = verify_chain_via_manage_py(url)
            assert result.returncode == 0, result.stderr
            assert "完整" in result.stdout
        finally:
            subprocess.run([*psql, "-c", f"DROP DATABASE IF EXISTS {name}"], check=False)
    else:
        restored = tmp_path / "restored.sqlite3"
        call_command("restore_database", str(dump), database=str(restored))
        url = f"sqlite:///{restored}"
        assert counts_via_manage_py(url) == expected
        result = verify_chain_via_manage_py(url)
        assert result.returncode == 0, result.stderr
        assert "完整" in result.stdout


def test_restore_refuses_missing_file(db, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("restore_database", str(tmp_path / "missing.dump"))

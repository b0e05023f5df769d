"""Safe defaults on the run people first deploy (issue 18, finding 1).

The attacks: on a fresh ``./manage.sh run`` anyone could open /dev/outbox/, read the recovery code
sent to any phone number and take the account over; production settings started without
``DJANGO_SECRET_KEY`` and ``ZHICHENG_FIELD_KEY`` by generating keys under var/; the SQLite file
was created world-readable.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.world.cast import person
from zhicheng.common.models import OutboxMessage

ROOT = Path(django_settings.BASE_DIR)
CODE = re.compile(r"验证码：(\d{6})")


def _ask_for_code(phone: str) -> str:
    client = Client(REMOTE_ADDR="192.0.2.66")
    client.post("/accounts/recover/", {"identifier": phone})
    client.post("/accounts/recover/channel/", {"channel": "sms"})
    return CODE.search(OutboxMessage.objects.latest("id").body).group(1)


@pytest.mark.django_db
def test_outbox_hides_codes_from_everyone_but_the_system_administrator(cast, settings):
    settings.DEV_OUTBOX_TOKEN = ""
    code = _ask_for_code(person("applicant_a").phone)
    answers = {}
    for key in (None, "applicant_b", "unit_reviewer", "security_admin", "audit_admin", "system_admin"):
        client = Client()
        if key:
            client.force_login(cast[key])
        answers[key] = client.get("/dev/outbox/")
    for key, response in answers.items():
        assert response.status_code == 200, key
        assert (code in response.content.decode()) is (key == "system_admin"), key
    assert "消息箱口令" in answers[None].content.decode()


@pytest.mark.django_db
def test_outbox_opens_with_the_printed_token_only(cast, settings):
    settings.DEV_OUTBOX_TOKEN = "run-token-Quu1aeNg"
    code = _ask_for_code(person("applicant_a").phone)
    client = Client()
    wrong = client.post("/dev/outbox/", {"token": "guess"})
    assert wrong.status_code == 200 and code not in wrong.content.decode()
    assert "口令不正确" in wrong.content.decode()
    assert client.post("/dev/outbox/", {"token": "run-token-Quu1aeNg"}).status_code == 302
    assert code in client.get("/dev/outbox/").content.decode()
    settings.DEV_OUTBOX_TOKEN = "the-next-run"  # a new run's token: the old session is out again
    assert code not in client.get("/dev/outbox/").content.decode()
    settings.DEV_OUTBOX_TOKEN = ""  # no token configured: nothing opens it
    assert code not in Client().post("/dev/outbox/", {"token": ""}, follow=True).content.decode()


@pytest.mark.django_db
def test_outbox_is_gone_when_switched_off(cast, settings):
    settings.DEV_OUTBOX_ENABLED = False
    client = Client()
    client.force_login(cast["system_admin"])
    assert client.get("/dev/outbox/").status_code == 404


# -- production settings, in a fresh interpreter ----------------------------------------------


def _run(code_or_args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ZHICHENG_", "DATABASE_URL", "CACHE_URL"))
    }
    clean.update({"ZHICHENG_VAR_DIR": str(tmp_path / "var"), "PYTHONPATH": str(ROOT)}, **env)
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *code_or_args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {"DJANGO_SETTINGS_MODULE": "config.settings.production"}


def test_production_refuses_to_start_without_keys(tmp_path):
    result = _run(["manage.py", "check", "--deploy"], tmp_path, **PRODUCTION)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "zhicheng.E002" in output and "DJANGO_SECRET_KEY" in output and "ZHICHENG_FIELD_KEY" in output
    assert "ZHICHENG_AUDIT_KEY" in output
    assert "audit.E001" not in output  # the missing key is reported once, as missing
    for name in ("secret_key", "field_key", "audit_key"):
        assert not (tmp_path / "var" / name).exists()
    # The WSGI application (what gunicorn loads, without running manage.py's checks) refuses too.
    wsgi = _run(["-c", "import config.wsgi"], tmp_path, **PRODUCTION)
    assert wsgi.returncode != 0 and "zhicheng.E002" in wsgi.stderr


def test_production_refuses_one_missing_key(tmp_path):
    result = _run(["manage.py", "check"], tmp_path, DJANGO_SECRET_KEY="k" * 60, **PRODUCTION)
    assert (
        result.returncode != 0 and "ZHICHENG_FIELD_KEY" in result.stderr and "DJANGO_SECRET_KEY is" not in result.stderr
    )


def test_production_starts_with_keys_from_the_environment_or_secret_files(tmp_path):
    from_env = _run(["manage.py", "check"], tmp_path, DJANGO_SECRET_KEY="s" * 60, ZHICHENG_FIELD_KEY="f" * 43,
                    ZHICHENG_AUDIT_KEY="a" * 43, **PRODUCTION)
    assert from_env.returncode == 0, from_env.stderr
    (tmp_path / "secret").write_text("s" * 60)
    (tmp_path / "field").write_text("f" * 43)
    (tmp_path / "audit").write_text("a" * 43)
    from_files = _run(
        ["manage.py", "check"], tmp_path,
        DJANGO_SECRET_KEY_FILE=str(tmp_path / "secret"), ZHICHENG_FIELD_KEY_FILE=str(tmp_path / "field"),
        ZHICHENG_AUDIT_KEY_FILE=str(tmp_path / "audit"), **PRODUCTION,
    )
    assert from_files.returncode == 0, from_files.stderr


def test_production_never_has_the_outbox(tmp_path):
    result = _run(
        ["-c", "import django; django.setup(); from django.conf import settings; print(settings.DEV_OUTBOX_ENABLED)"],
        tmp_path, DJANGO_SECRET_KEY="s" * 60, ZHICHENG_FIELD_KEY="f" * 43, ZHICHENG_DEV_OUTBOX="true", **PRODUCTION,
    )
    assert result.stdout.strip() == "False", result.stderr


def test_files_under_var_are_private(tmp_path):
    script = """
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE t (x integer)")
    cursor.execute("INSERT INTO t VALUES (1)")
default_storage.save("attachments/2026/a.pdf", ContentFile(b"%PDF-1.4"))
"""
    result = _run(["-c", script], tmp_path, DJANGO_SETTINGS_MODULE="config.settings.base")
    assert result.returncode == 0, result.stderr
    var = tmp_path / "var"
    modes = {str(p.relative_to(var)): stat.S_IMODE(p.stat().st_mode) for p in [var, *var.rglob("*")]}
    expected_files = {"secret_key", "field_key", "audit_key", "zhicheng.sqlite3", "media/attachments/2026/a.pdf"}
    assert expected_files <= set(modes), modes
    for name, mode in modes.items():
        if name == "static" or name.startswith("static/"):
            continue  # public assets
        wanted = 0o700 if (var / name).is_dir() else 0o600
        assert mode == wanted, f"{name}: {oct(mode)}"

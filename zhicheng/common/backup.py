"""Backup and restore of the database, for PostgreSQL (pg_dump/pg_restore) and SQLite.

PostgreSQL backups use the custom format (``pg_dump -Fc``): compressed, restorable table by
table, and independent of the server's version within the supported range. SQLite backups use
SQLite's online backup API, which copies a consistent snapshot while the system runs.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs pg_dump/pg_restore with argument lists, never a shell
from pathlib import Path

from django.db import connections


def _pg_env(settings_dict: dict) -> tuple[list[str], dict]:
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", settings_dict["USER"]]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def backup_database(target: Path, *, alias: str = "default") -> Path:
    connection = connections[alias]
    settings_dict = connection.settings_dict
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        args, env = _pg_env(settings_dict)
        subprocess.run(  # noqa: S603 - argument list, no shell
            ["pg_dump", "-Fc", "--no-owner", "-f", str(target), *args, settings_dict["NAME"]],  # noqa: S607
            check=True, env=env,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as dest:
            connection.connection.backup(dest)
        dest.close()
    else:  # pragma: no cover
        raise RuntimeError(f"unsupported database {connection.vendor}")
    return target


def restore_database(source: Path, *, alias: str = "default", database: str | None = None) -> None:
    """Restore into ``database`` (PostgreSQL: an existing, empty database; SQLite: a file path)."""
    connection = connections[alias]
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        args, env = _pg_env(settings_dict)
        subprocess.run(  # noqa: S603 - argument list, no shell
            [  # noqa: S607
                "pg_restore", "--no-owner", "--exit-on-error",
                "-d", database or settings_dict["NAME"], *args, str(source),
            ],
            check=True,
            env=env,
        )
    elif connection.vendor == "sqlite":
        shutil.copyfile(source, database or settings_dict["NAME"])
    else:  # pragma: no cover
        raise RuntimeError(f"unsupported database {connection.vendor}")

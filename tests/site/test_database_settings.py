"""The SQLite options of cmquality/settings.py, read in a fresh process so that the environment decides."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _sqlite_options(database_url: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DJANGO_SETTINGS_MODULE="cmquality.settings", SECRET_KEY="test-only-secret-key")
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    code = "from django.conf import settings; print(sorted(settings.DATABASES['default']['OPTIONS'].items()))"
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_database_settings_default_sqlite_takes_write_lock_at_begin():
    assert _sqlite_options(None) == "[('timeout', 20), ('transaction_mode', 'IMMEDIATE')]"


def test_database_settings_sqlite_url_takes_write_lock_at_begin():
    # Without these, DATABASE_URL=sqlite:///… ran deferred transactions: "database is locked" under load.
    assert _sqlite_options("sqlite:////tmp/cmq-settings.sqlite3") == (
        "[('timeout', 20), ('transaction_mode', 'IMMEDIATE')]"
    )


def test_database_settings_sqlite_url_options_win():
    assert _sqlite_options("sqlite:////tmp/cmq-settings.sqlite3?timeout=5") == (
        "[('timeout', 5), ('transaction_mode', 'IMMEDIATE')]"
    )

"""Tests of cmquality/settings.py, each in a fresh process so that the environment decides."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Variables that would let the host environment decide instead of the test.
DROPPED = {"SECRET_KEY", "DEBUG", "HTTPS", "BEHIND_TLS_PROXY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}


def _env(**values: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in DROPPED}
    env["DJANGO_SETTINGS_MODULE"] = "cmquality.settings"
    env.update(values)
    return env


def _run(args: list[str], **values: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [sys.executable, *args], cwd=ROOT, env=_env(**values), capture_output=True, text=True, timeout=120
    )


def _secret() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def _setting(name: str, **values: str) -> str:
    code = f"from django.conf import settings; print(repr(getattr(settings, {name!r}, None)))"
    result = _run(["-c", code], **values)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_settings_no_secret_key_without_debug_refuses_to_start():
    result = _run(["manage.py", "check"], DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("blank", ["", " ", "     ", "\t \n"])
def test_settings_blank_secret_key_without_debug_refuses_to_start(blank):
    result = _run(["manage.py", "check"], DEBUG="0", SECRET_KEY=blank)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_settings_blank_secret_key_with_debug_starts():
    result = _run(["manage.py", "check"], DEBUG="1", SECRET_KEY="   ")
    assert result.returncode == 0, result.stderr


def test_settings_no_secret_key_with_debug_starts():
    result = _run(["manage.py", "check"], DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_settings_production_check_deploy_has_no_warning():
    result = _run(
        ["manage.py", "check", "--deploy"], DEBUG="0", SECRET_KEY=_secret(), ALLOWED_HOSTS="example.com"
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "no issues" in output


def test_settings_production_https_on_by_default():
    values = {"DEBUG": "0", "SECRET_KEY": _secret()}
    assert _setting("SECURE_SSL_REDIRECT", **values) == "True"
    assert _setting("SESSION_COOKIE_SECURE", **values) == "True"
    assert _setting("CSRF_COOKIE_SECURE", **values) == "True"
    assert int(_setting("SECURE_HSTS_SECONDS", **values)) >= 60 * 60 * 24 * 365


def test_settings_https_0_turns_ssl_redirect_off():
    values = {"DEBUG": "0", "SECRET_KEY": _secret(), "HTTPS": "0"}
    assert _setting("SECURE_SSL_REDIRECT", **values) == "False"
    assert _setting("SESSION_COOKIE_SECURE", **values) == "False"


@pytest.mark.parametrize("flag", ["1", "true"])
def test_settings_behind_tls_proxy_trusts_forwarded_proto(flag):
    value = _setting("SECURE_PROXY_SSL_HEADER", DEBUG="0", SECRET_KEY=_secret(), BEHIND_TLS_PROXY=flag)
    assert value == "('HTTP_X_FORWARDED_PROTO', 'https')"


@pytest.mark.parametrize("flag", [None, "0", ""])
def test_settings_without_tls_proxy_flag_header_untrusted(flag):
    values = {"DEBUG": "0", "SECRET_KEY": _secret()}
    if flag is not None:
        values["BEHIND_TLS_PROXY"] = flag
    assert _setting("SECURE_PROXY_SSL_HEADER", **values) == "None"


def test_settings_allowed_hosts_default_is_local_only():
    assert _setting("ALLOWED_HOSTS", DEBUG="0", SECRET_KEY=_secret()) == "['localhost', '127.0.0.1']"


def test_settings_debug_defaults_off():
    assert _setting("DEBUG", SECRET_KEY=_secret()) == "False"

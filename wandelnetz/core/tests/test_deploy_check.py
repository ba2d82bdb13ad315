"""The production configuration passes Django's deployment checklist; bad configuration fails fast.

Expected behaviour, each in a fresh process with only the variables a production server sets
(the test defaults of the pytest environment plugin — SECRET_KEY, SECURE_SSL_REDIRECT=0,
SECURE_COOKIES=0, STATIC_MANIFEST=0, HSTS_SECONDS=0 … — must not leak into it):
- `manage.py check --deploy --fail-level WARNING` with DEBUG=0, a long random SECRET_KEY and
  ALLOWED_HOSTS=wandelnetz.example.org exits 0 and reports no warning;
- the check is not vacuous: switching a protection off (one of the test defaults) makes it fail;
- without SECRET_KEY and with DEBUG off, start-up fails with
  "The environment variable SECRET_KEY is required.";
- a bad boolean (DEBUG=maybe) or integer fails at start-up with a message naming the variable.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
MANAGE = ROOT / "manage.py"
# What a process may inherit from this machine; everything else is set explicitly below.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
PRODUCTION_DEFAULT_FREE = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "HSTS_SECONDS",
    "STATIC_MANIFEST",
    "BEHIND_PROXY",
    "AXES_ENABLED",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    env = {name: os.environ[name] for name in INHERITED if name in os.environ}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "wandelnetz.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "wandelnetz.example.org",
            "DATA_DIR": str(tmp_path),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed command, our own manage.py
        [sys.executable, str(MANAGE), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_production_environment_has_none_of_the_test_defaults(tmp_path):
    env = _production_env(tmp_path)
    leaked = {name: env[name] for name in PRODUCTION_DEFAULT_FREE if name in env}
    assert leaked == {
        "SECRET_KEY": env["SECRET_KEY"],
        "DEBUG": "0",
        "ALLOWED_HOSTS": "wandelnetz.example.org",
    }
    assert env["SECRET_KEY"] != os.environ.get("SECRET_KEY")
    assert len(env["SECRET_KEY"]) >= 50


def test_check_deploy_passes_without_warnings(tmp_path):
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "?: (" not in output, output


def test_the_settings_in_production_are_the_strict_ones(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.ALLOWED_HOSTS,"
        " s.STORAGES['staticfiles']['BACKEND'].rsplit('.', 1)[-1])"
    )
    result = _manage(_production_env(tmp_path), "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "True",
        "['wandelnetz.example.org']",
        "CompressedManifestStaticFilesStorage",
    ]


@pytest.mark.parametrize(
    ("override", "warning"),
    [
        ({"SECURE_SSL_REDIRECT": "0"}, "security.W008"),
        ({"SECURE_COOKIES": "0"}, "security.W012"),
        ({"HSTS_SECONDS": "0"}, "security.W004"),
        ({"SECRET_KEY": "kurz"}, "security.W009"),
    ],
    ids=["no-ssl-redirect", "insecure-cookies", "no-hsts", "weak-secret"],
)
def test_check_deploy_catches_a_weakened_configuration(tmp_path, override, warning):
    result = _manage(_production_env(tmp_path, **override), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr


def test_without_secret_key_and_debug_off_start_up_fails_clearly(tmp_path):
    result = _manage(_production_env(tmp_path, SECRET_KEY=None), "check")
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY is required." in result.stderr
    assert "ConfigurationError" in result.stderr.strip().splitlines()[-1]


def test_an_empty_secret_key_counts_as_missing(tmp_path):
    result = _manage(_production_env(tmp_path, SECRET_KEY=""), "check")
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY is required." in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be a boolean (1/0, true/false), got 'maybe'."),
        ("SECURE_COOKIES", "ja", "SECURE_COOKIES must be a boolean (1/0, true/false), got 'ja'."),
        ("HSTS_SECONDS", "ein Jahr", "HSTS_SECONDS must be an integer, got 'ein Jahr'."),
        ("AXES_FAILURE_LIMIT", "10.5", "AXES_FAILURE_LIMIT must be an integer, got '10.5'."),
    ],
)
def test_a_bad_value_fails_fast_naming_the_variable(tmp_path, name, value, message):
    result = _manage(_production_env(tmp_path, **{name: value}), "check")
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line == f"wandelnetz.environment.ConfigurationError: {message}"

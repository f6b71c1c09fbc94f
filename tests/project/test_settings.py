"""Settings come from the environment; production refuses unsafe ones."""

import os
import secrets
import subprocess
import sys

from tests.factories import PROJECT


def django_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env={**environment, **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = django_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_production_starts_with_a_secret_key():
    result = django_check(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="careers.example.com",
        DATABASE_URL="postgres://careers@127.0.0.1:5432/careers",
    )
    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_is_named():
    result = django_check(DEBUG="maybe")
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr

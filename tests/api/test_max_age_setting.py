"""CAREERS_API_MAX_AGE, the max-age browsers and CDNs get, and its former name."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
NAMES = ("CAREERS_API_MAX_AGE", "CAREERS_API_CACHE_SECONDS")


def start_with(**env) -> subprocess.CompletedProcess:
    """Load the settings in a new process, as start-up does, and print the max-age."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in (*NAMES, "DEBUG", "SECRET_KEY")
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.CAREERS_API_MAX_AGE)",
        ],
        cwd=PROJECT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "cms.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )


def test_the_max_age_defaults_to_a_minute_without_a_warning():
    result = start_with()
    assert result.stdout.strip() == "60"
    assert "deprecated" not in result.stderr


def test_the_max_age_is_read_from_its_name():
    result = start_with(CAREERS_API_MAX_AGE="120")
    assert result.stdout.strip() == "120"
    assert "deprecated" not in result.stderr


def test_the_former_name_still_works_with_a_warning_at_start_up():
    result = start_with(CAREERS_API_CACHE_SECONDS="30")
    assert result.stdout.strip() == "30"
    assert (
        "FutureWarning: CAREERS_API_CACHE_SECONDS is deprecated; name it CAREERS_API_MAX_AGE."
        in result.stderr
    )


def test_the_new_name_wins_over_the_former_one():
    result = start_with(CAREERS_API_MAX_AGE="120", CAREERS_API_CACHE_SECONDS="30")
    assert result.stdout.strip() == "120"

"""Preview tokens travel in URLs; the access logs never hold them."""

import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from cms.log_redaction import RedactTokens, redact_urls
from tests.api.test_api_cache import free_port
from tests.factories import PROJECT


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def start_gunicorn(tmp_path, **environment):
    """gunicorn as the README deploys it (gunicorn.conf.py), on a free port;
    ``environment`` adds to or overrides its environment."""
    port = free_port()
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **environment,
    }
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 (closed by the caller)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "cms.wsgi"],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if get(f"http://127.0.0.1:{port}/healthz") == 200:
                return process, log, port
        except urllib.error.URLError:  # not listening yet
            time.sleep(0.2)
    process.kill()
    raise RuntimeError((tmp_path / "gunicorn.log").read_text())


def test_gunicorn_logs_preview_tokens_as_redacted(tmp_path):
    process, log, port = start_gunicorn(tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        get(
            f"{base}/api/careers/preview/?token=SECRET-API&slug=back-end-engineer",
            Referer=f"{base}/company/careers/back-end-engineer?preview_token=SECRET-PAGE",
        )
        get(f"{base}/healthz?q=kept&Access_Token=SECRET-OTHER&%74oken=SECRET-ENCODED")
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    output = (tmp_path / "gunicorn.log").read_text()
    assert "SECRET" not in output
    lines = [line for line in output.splitlines() if '"GET /' in line]
    preview, health = (
        next(line for line in lines if path in line) for path in ("/api/careers/", "/healthz?")
    )
    # The default format, the values redacted and the rest kept.
    assert '"GET /api/careers/preview/?token=[redacted]&slug=back-end-engineer HTTP/1.1" 403' in (
        preview
    )
    assert '/company/careers/back-end-engineer?preview_token=[redacted]"' in preview
    assert "q=kept&Access_Token=[redacted]&%74oken=[redacted]" in health


def test_the_development_server_log_redacts_them_too():
    handlers = logging.getLogger("django.server").handlers
    assert any(isinstance(f, RedactTokens) for handler in handlers for f in handler.filters)
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /company/careers/x?preview_token=SECRET HTTP/1.1", "200", "512"),
        None,
    )
    RedactTokens().filter(record)
    assert (
        record.getMessage() == '"GET /company/careers/x?preview_token=[redacted] HTTP/1.1" 200 512'
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("/x?a=1&b=2", "/x?a=1&b=2"),
        ("/x?token=", "/x?token=[redacted]"),
        ("/x?tokens&token", "/x?tokens&token"),  # no value to hide
        ("/x?a=?token=1&preview_token=2#token=3", "/x?a=?token=1&preview_token=[redacted]#token=3"),
        ('"/a?token=1" "/b?csrftoken=2"', '"/a?token=[redacted]" "/b?csrftoken=[redacted]"'),
        ("/x?preview%5Ftoken=1", "/x?preview%5Ftoken=[redacted]"),
    ],
)
def test_redaction(text, expected):
    assert redact_urls(text) == expected


def test_redaction_is_linear_on_long_hostile_text():
    started = time.perf_counter()
    redact_urls("?" + "a" * 500_000 + "&token=x" * 50_000 + " ?a" * 100_000)
    assert time.perf_counter() - started < 2

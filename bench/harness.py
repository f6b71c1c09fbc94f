"""What the benchmarks and reliability tests share: Django in their own process,
the Hoppscotch careers pages they seed, and the production app server they start.

``bench`` is a package: run its scripts as modules from the project folder,

    .venv/bin/python -m bench.api_speed
    .venv/bin/python -m bench.reliability.two_servers

so that ``bench``, ``deploy`` and the project's apps import like any other
module, and no script edits ``sys.path`` (``make bench`` and ``make
reliability`` run them so). Nothing here runs at import: Django is set up only
when a script calls ``setup_django`` (or ``seed_hoppscotch``).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HOPPSCOTCH = PROJECT.parent / "shared" / "fixtures" / "hoppscotch"
# A posting of the Hoppscotch careers pages, and where it takes applications.
SLUG = "back-end-engineer"
APPLY_PATH = f"/api/careers/postings/{SLUG}/applications/"
# One key for every server a run starts, so that servers sharing a database and
# a cache agree (sessions, signed values); the production settings refuse a short one.
SECRET_KEY = secrets.token_urlsafe(50)


# Django in this process ----------------------------------------------------------


def setup_django(database_url: str, private: Path | None = None, **environment: str | None) -> None:
    """Set Django up in this process on ``database_url`` (resumes under ``private``),
    with the project's settings unless ``DJANGO_SETTINGS_MODULE`` says otherwise.

    ``environment`` sets more variables first (``REDIS_URL="redis://…"``), or
    removes them (``REDIS_URL=None``). Django reads the settings once: only the
    first call in a process decides them."""
    os.environ["DATABASE_URL"] = database_url
    if private is not None:
        os.environ["PRIVATE_MEDIA_ROOT"] = str(private)
    for name, value in environment.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()


def seed_hoppscotch(database_url: str, private: Path) -> None:
    """Create the tables and import the Hoppscotch careers pages (``HOPPSCOTCH``)."""
    setup_django(database_url, private)
    from django.core.management import call_command
    from django.db import connections

    try:
        call_command("migrate", verbosity=0)
        call_command("import_careers", str(HOPPSCOTCH), verbosity=0)
    finally:
        connections.close_all()


def resume_pdf(size: int) -> bytes:
    """A one-page PDF padded with comment lines to ``size`` bytes."""
    head = (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
    )
    tail = b"trailer << /Root 1 0 R >>\n%%EOF\n"
    line = b"% " + b"resume padding " * 4 + b"\n"
    padding = line * ((size - len(head) - len(tail)) // len(line))
    padding += b"%" * (size - len(head) - len(tail) - len(padding) - 1) + b"\n"
    return head + padding + tail


# The app server ----------------------------------------------------------------------


def server_env(database_url: str, private: Path, redis_url: str | None = None) -> dict:
    """The environment of a production app server on ``database_url``: ``DEBUG=false``,
    ``SECRET_KEY``, no HTTPS redirect (the scripts speak plain HTTP to 127.0.0.1), no
    application throttle, e-mail tasks queued in the database and not run; Redis
    only when ``redis_url`` is given."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "CAREERS_APPLICATION_RATE": "",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "PRIVATE_MEDIA_ROOT": str(private),
            "LOG_LEVEL": "WARNING",
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def start_gunicorn(
    env: dict, port: int, log: Path, workers: int = 2, access_log: bool = True
) -> subprocess.Popen:
    """gunicorn with the project's gunicorn.conf.py on 127.0.0.1:``port``, its output
    (with ``access_log``, a line per request too) appended to ``log``."""
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "cms.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=120",
        "--error-logfile=-",
    ]
    if access_log:
        command.append("--access-logfile=-")
    with log.open("ab") as out:
        return subprocess.Popen(
            command, cwd=PROJECT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(
    server: subprocess.Popen,
    base_url: str,
    seconds: float = 60,
    path: str = f"/api/careers/postings/{SLUG}/",
) -> None:
    """Until ``path`` (the posting) answers 200; fails if gunicorn exits or it takes too long."""
    deadline = time.monotonic() + seconds
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}{path}", timeout=5):
                return
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{path} answered {error.code}, not 200") from None
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within {seconds:.0f}s") from None
            time.sleep(0.2)


def worker_pids(master_pid: int) -> list[int]:
    """The processes whose parent is ``master_pid`` (gunicorn's workers), from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it exited meanwhile
        if int(fields[1]) == master_pid:
            children.append(int(stat.parent.name))
    return sorted(children)


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, grace: float = 30) -> None:
    """Stop ``process`` (and so its workers), killing it if it takes too long."""
    if process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

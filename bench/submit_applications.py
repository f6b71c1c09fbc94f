"""Load test: N job applications (default 2,000) with a ~100 KB PDF each, C at a time.

This is a load test, not a unit test. It seeds a fresh database with the
Hoppscotch careers pages (``../shared/fixtures/hoppscotch``), serves the project
with gunicorn (2 sync workers, ``DEBUG=false``, no application throttle, e-mail
tasks queued in the database and not run) and sends the applications with wrk
(``bench/submit_applications.lua``): multipart/form-data to
``/api/careers/postings/back-end-engineer/applications/``, each with its own
Idempotency-Key. Run it from the project folder:

    .venv/bin/python bench/submit_applications.py [--requests N] [--concurrency C]
        [--database-url URL]

Without ``--database-url`` the database is a new SQLite file in a temporary
folder. With a PostgreSQL URL (such as ``postgres://postgres@127.0.0.1:5432/postgres``)
a database named ``careers_bench_<pid>`` is created on that server and dropped at
the end. The project's own database and files are never touched.

It prints accepted applications per second, p50 and p99 latency, the statuses
seen, then the rows and resume files stored, and ``lost`` (answered 201 but not
stored). It exits non-zero if any accepted application was lost, if rows and
files disagree, or if nothing was accepted. Needs wrk (Debian: ``apt-get install
wrk``) and gunicorn in the virtualenv (``pip install gunicorn``).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from import_postings import POSTGRES_SCHEMES, create_postgres_database, drop_postgres_database

PROJECT = Path(__file__).resolve().parent.parent
HOPPSCOTCH = PROJECT.parent / "shared" / "fixtures" / "hoppscotch"
LUA_SCRIPT = Path(__file__).resolve().with_suffix(".lua")
SLUG = "back-end-engineer"
URL_PATH = f"/api/careers/postings/{SLUG}/applications/"
RESUME_BYTES = 100 * 1024
GUNICORN_WORKERS = 2


def resume_pdf(size: int = RESUME_BYTES) -> bytes:
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(database_url: str, private: Path) -> None:
    """Create the tables and import the Hoppscotch careers pages."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["PRIVATE_MEDIA_ROOT"] = str(private)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    try:
        call_command("migrate", verbosity=0)
        call_command("import_careers", str(HOPPSCOTCH), verbosity=0)
    finally:
        connections.close_all()


def stored() -> tuple[int, int]:
    """The applications in the database, and the e-mail tasks queued for them."""
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    from careers_pages.hiring.models import Application

    try:
        rows = Application.objects.count()
        tasks = DBTaskResult.objects.filter(task_path__endswith=".send_application_emails").count()
        return rows, tasks
    finally:
        connections.close_all()


def start_gunicorn(database_url: str, private: Path, port: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        # Production settings refuse a weak key and redirect plain HTTP to HTTPS.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CAREERS_APPLICATION_RATE": "",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PRIVATE_MEDIA_ROOT": str(private),
        "LOG_LEVEL": "WARNING",
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "cms.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={GUNICORN_WORKERS}",
        "--worker-class=sync",
        "--timeout=120",
        f"--error-logfile={log}",
    ]
    return subprocess.Popen(command, cwd=PROJECT, env=env, stdin=subprocess.DEVNULL)


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


def run_wrk(url: str, pdf: Path, requests: int, concurrency: int, folder: Path, limit: int):
    """Send the applications; wrk's ``BENCH`` line as a dict."""
    done = folder / "wrk.done"
    command = [
        "wrk",
        "--threads=1",
        f"--connections={concurrency}",
        f"--duration={limit}s",
        "--timeout=120s",
        f"--script={LUA_SCRIPT}",
        url,
        "--",
        str(pdf),
        str(requests),
        str(done),
        uuid.uuid4().hex[:12],
    ]
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # wrk runs for --duration even when the script has stopped its thread;
        # SIGINT ends the wait, and wrk then reports as usual.
        while wrk.poll() is None and not done.exists():
            time.sleep(0.01)
        stop(wrk, signal.SIGINT)
    finally:
        stop(wrk, signal.SIGKILL, grace=5)
    output = wrk.stdout.read()
    line = next((line for line in output.splitlines() if line.startswith("BENCH ")), None)
    if wrk.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed (exit status {wrk.returncode}):\n{output}")
    result = dict(item.split("=", 1) for item in line.split()[1:])
    result["statuses"] = {
        int(status): int(count)
        for status, count in (pair.split(":") for pair in result["statuses"].split(",") if pair)
    }
    if not done.exists():
        result["unfinished"] = "1"
    return result


def run(folder: Path, database_url: str, label: str, args: argparse.Namespace) -> int:
    private = folder / "private"
    seed(database_url, private)
    pdf = folder / "resume.pdf"
    pdf.write_bytes(resume_pdf())
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = folder / "gunicorn.log"
    server = start_gunicorn(database_url, private, port, log)
    try:
        wait_until_serving(server, base_url)
        result = run_wrk(
            f"{base_url}{URL_PATH}", pdf, args.requests, args.concurrency, folder, args.time_limit
        )
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        if log.exists():
            print(log.read_text()[-4000:], file=sys.stderr)
        return 1
    finally:
        stop(server)
    rows, tasks = stored()
    files = sum(1 for path in private.rglob("*") if path.is_file())
    return report(result, label, args, rows, files, tasks)


def report(result: dict, label: str, args: argparse.Namespace, rows, files, tasks) -> int:
    """Print the figures; 1 if an accepted application went missing or the run failed."""
    requests = args.requests
    statuses = result["statuses"]
    accepted = statuses.get(201, 0)
    answered = sum(statuses.values())
    seconds = max(int(result["elapsed_us"]), 1) / 1e6
    lost = accepted - rows
    seen = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
    print(
        f"{label}: {requests} applications ({RESUME_BYTES // 1024} KB resume), "
        f"{args.concurrency} connections, "
        f"gunicorn {GUNICORN_WORKERS} sync workers"
    )
    print(f"  answered {answered} in {seconds:.2f}s; accepted {accepted / seconds:.1f}/s")
    print(
        f"  latency p50 {int(result['p50_us']) / 1000:.1f} ms, "
        f"p99 {int(result['p99_us']) / 1000:.1f} ms, max {int(result['max_us']) / 1000:.1f} ms"
    )
    print(
        f"  statuses {{{seen}}}; socket errors {result['socket_errors']}, "
        f"timeouts {result['timeouts']}"
    )
    print(f"  rows {rows}, resume files {files}, e-mail tasks queued {tasks}, lost {lost}")
    problems = []
    if lost > 0:
        problems.append(f"{lost} accepted applications are not in the database")
    elif lost < 0:
        problems.append(f"{-lost} more rows than applications answered 201")
    if files != rows:
        problems.append(f"{rows} rows but {files} resume files")
    if accepted == 0:
        problems.append("no application was accepted")
    if answered != requests or "unfinished" in result:
        problems.append(f"{answered} of {requests} requests were answered")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", "-n", type=int, default=2000, help="applications to send")
    parser.add_argument("--concurrency", "-c", type=int, default=20, help="open connections")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server URL; a fresh database is created on it (default: SQLite)",
    )
    parser.add_argument(
        "--time-limit", type=int, default=900, help="give up after this many seconds of load"
    )
    args = parser.parse_args()
    if args.requests < 1 or args.concurrency < 1:
        parser.error("--requests and --concurrency must be at least 1")
    if args.database_url and urlsplit(args.database_url).scheme not in POSTGRES_SCHEMES:
        parser.error("--database-url must be a PostgreSQL URL; SQLite is the default")
    if not (HOPPSCOTCH / "careers-index.json").is_file():
        parser.error(f"the Hoppscotch fixtures are not at {HOPPSCOTCH}")
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install wrk)")
    if not Path(sys.executable).with_name("gunicorn").exists():
        parser.error("gunicorn is not in this virtualenv (pip install gunicorn)")

    with tempfile.TemporaryDirectory(prefix="careers-bench-") as tmp:
        folder = Path(tmp)
        if not args.database_url:
            return run(folder, f"sqlite:///{folder / 'bench.sqlite3'}", "sqlite", args)
        name, url = create_postgres_database(args.database_url)
        try:
            return run(folder, url, "postgresql", args)
        finally:
            drop_postgres_database(args.database_url, name)


if __name__ == "__main__":
    sys.exit(main())

"""Load test: N job applications (default 2,000) with a ~100 KB PDF each, C at a time.

This is a load test, not a unit test. It seeds a fresh database with the
Hoppscotch careers pages (``../shared/fixtures/hoppscotch``), serves the project
with gunicorn (2 sync workers, ``DEBUG=false``, no application throttle, e-mail
tasks queued in the database and not run) and sends the applications with wrk
(``bench/submit_applications.lua``): multipart/form-data to
``/api/careers/postings/back-end-engineer/applications/``, each with its own
Idempotency-Key, the source fields (``source``, ``utm_source``, ``utm_medium``,
``utm_campaign``) and a ``Referer``, as the reference frontend sends them. Run
it from the project folder:

    .venv/bin/python -m bench.submit_applications [--requests N] [--concurrency C]
        [--database-url URL] [--answers]

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
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from bench.harness import (
    APPLY_PATH,
    HOPPSCOTCH,
    SLUG,
    free_port,
    resume_pdf,
    seed_hoppscotch,
    server_env,
    start_gunicorn,
    stop,
    wait_until_serving,
)
from bench.import_postings import (
    POSTGRES_SCHEMES,
    create_postgres_database,
    drop_postgres_database,
)

LUA_SCRIPT = Path(__file__).resolve().with_suffix(".lua")
RESUME_BYTES = 100 * 1024
GUNICORN_WORKERS = 2


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


def without_answers() -> int:
    from django.db import connections

    from careers_pages.hiring.models import Application

    try:
        stored_answers = Application.objects.values_list("answers", flat=True)
        return sum(1 for answers in stored_answers.iterator() if len(answers) != 3)
    finally:
        connections.close_all()


def without_sources() -> int:
    """Applications stored without the source fields and Referer origin wrk sent."""
    from django.db import connections

    from careers_pages.hiring.models import Application

    try:
        sourced = Application.objects.filter(
            source="bench",
            utm_source="newsletter",
            utm_medium="email",
            utm_campaign__startswith="load-test-",
            referrer_origin="https://careers.example.com",
        )
        return Application.objects.count() - sourced.count()
    finally:
        connections.close_all()


def add_questions() -> None:
    """Three questions on the posting applied to (a choice, a yes/no and a
    required text), for ``--answers``."""
    from django.db import connections

    from careers_pages.models import JobPostingPage

    try:
        posting = JobPostingPage.objects.get(slug=SLUG)
        posting.questions = [
            (
                "choice",
                {
                    "name": "notice",
                    "label": "Notice period",
                    "required": True,
                    "options": ["None", "1 month"],
                    "help_text": "",
                    "private": False,
                },
            ),
            (
                "boolean",
                {
                    "name": "relocate",
                    "label": "Relocate?",
                    "required": True,
                    "help_text": "",
                    "private": False,
                },
            ),
            (
                "text",
                {
                    "name": "why_us",
                    "label": "Why us?",
                    "required": True,
                    "help_text": "",
                    "private": False,
                },
            ),
        ]
        posting.save_revision().publish()
    finally:
        connections.close_all()


def run_wrk(
    url: str,
    pdf: Path,
    requests: int,
    concurrency: int,
    folder: Path,
    limit: int,
    answers: bool = False,
):
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
        *(["answers"] if answers else []),
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


def run(folder: Path, database_url: str, label: str, args: argparse.Namespace, report) -> int:
    private = folder / "private"
    seed_hoppscotch(database_url, private)
    if args.answers:
        add_questions()
    pdf = folder / "resume.pdf"
    pdf.write_bytes(resume_pdf(RESUME_BYTES))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = folder / "gunicorn.log"
    env = server_env(database_url, private, os.environ.get("REDIS_URL"))
    server = start_gunicorn(env, port, log, GUNICORN_WORKERS, access_log=False)
    try:
        wait_until_serving(server, base_url)
        result = run_wrk(
            f"{base_url}{APPLY_PATH}",
            pdf,
            args.requests,
            args.concurrency,
            folder,
            args.time_limit,
            answers=args.answers,
        )
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        if log.exists():
            print(log.read_text()[-4000:], file=sys.stderr)
        return 1
    finally:
        stop(server)
    rows, tasks = stored()
    unsourced = without_sources()
    print(f"  applications stored without their source fields: {unsourced}")
    if unsourced:
        return 1
    if args.answers:
        unanswered = without_answers()
        print(f"  applications stored without their three answers: {unanswered}")
        if unanswered:
            return 1
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


def main(argv: list[str] | None = None, report=report) -> int:
    """The command line (``argv``, else ``sys.argv``); ``report`` judges the run
    (the figures above by default; bench/reliability/application_load.py is stricter)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", "-n", type=int, default=2000, help="applications to send")
    parser.add_argument(
        "--answers",
        action="store_true",
        help="put three questions on the posting and answer them in every application",
    )
    parser.add_argument("--concurrency", "-c", type=int, default=20, help="open connections")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server URL; a fresh database is created on it (default: SQLite)",
    )
    parser.add_argument(
        "--time-limit", type=int, default=900, help="give up after this many seconds of load"
    )
    args = parser.parse_args(argv)
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
            return run(folder, f"sqlite:///{folder / 'bench.sqlite3'}", "sqlite", args, report)
        name, url = create_postgres_database(args.database_url)
        try:
            return run(folder, url, "postgresql", args, report)
        finally:
            drop_postgres_database(args.database_url, name)


if __name__ == "__main__":
    sys.exit(main())

"""What the reliability tests share, on top of bench/harness.py: databases and
servers of their own, HTTP load, and the checks of what was stored.

The app servers run with production settings (harness.server_env). Everything a
test starts (databases, PostgreSQL and Redis servers, gunicorn) lives in a
temporary folder or under a name of its own, and is stopped or dropped by the
test; the machine's own PostgreSQL (5432) and Redis (6379) are never stopped.
Run the tests as modules, as ``make reliability`` does:
``.venv/bin/python -m bench.reliability.two_servers``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench import harness

MACHINE_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_USER = "pgbench_rel"
PUBLIC_GETS = {
    "index": "/api/careers/",
    "list": "/api/careers/postings/",
    "detail": f"/api/careers/postings/{harness.SLUG}/",
}


def worker_recycles(log: Path) -> int:
    """How often gunicorn replaced a worker: after ``max_requests``, or above the memory
    bound of gunicorn.conf.py."""
    if not log.exists():
        return 0
    text = log.read_text(errors="replace")
    return text.count("Autorestarting worker") + text.count("Recycling worker")


def applications_stored(ids: list[str]) -> tuple[int, int]:
    """All application rows, and how many of ``ids`` (UUIDs answered in 201s) are among them."""
    from django.db import connections

    from careers_pages.hiring.models import Application

    try:
        found = sum(
            Application.objects.filter(uuid__in=ids[i : i + 1000]).count()
            for i in range(0, len(ids), 1000)
        )
        return Application.objects.count(), found
    finally:
        connections.close_all()


def count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


@dataclass
class Stored:
    """What the database and the resume folder hold of the applications answered 201."""

    rows: int  # all application rows
    found: int  # of the ids answered in 201s, how many are rows
    files: int  # resume files

    def agree(self, expected: int) -> bool:
        """Whether rows, found ids and files are each ``expected``, and that is not 0."""
        return self.rows == self.found == self.files == expected > 0

    def __str__(self) -> str:
        return f"rows {self.rows}, of the 201s stored {self.found}, resume files {self.files}"


def stored(ids: list[str], private: Path) -> Stored:
    """The rows, ``ids`` among them, and the resume files under ``private``."""
    return Stored(*applications_stored(ids), count_files(private))


@contextlib.contextmanager
def seeded_machine_database(private: Path, redis_url: str | None = None):
    """``machine_database`` with the Hoppscotch careers pages, and Django in this
    process on it (and on ``redis_url``'s cache, or none); its URL."""
    with machine_database("careers_rel") as database_url:
        harness.setup_django(database_url, private, REDIS_URL=redis_url)
        started = time.monotonic()
        harness.seed_hoppscotch(database_url, private)
        print(f"seeded a fresh PostgreSQL database in {time.monotonic() - started:.1f}s")
        yield database_url


# Databases and servers ------------------------------------------------------------


@contextlib.contextmanager
def machine_database(prefix: str = "careers_rel"):
    """A new database ``<prefix>_<pid>`` on the machine's PostgreSQL; its URL. Dropped after."""
    import psycopg

    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(MACHINE_POSTGRES, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(MACHINE_POSTGRES)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(MACHINE_POSTGRES, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class RedisServer:
    """A redis-server of our own on a free port, without persistence."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = harness.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        command += ["--dir", str(self.folder)]
        with (self.folder / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=log
            )
        import redis

        client = redis.Redis(port=self.port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.RedisError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
            finally:
                client.close()

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.process is not None:
            harness.stop(self.process, sig=9, grace=10)

    def stop(self) -> None:
        if self.process is not None:
            harness.stop(self.process, grace=10)

    def client(self):
        import redis

        return redis.Redis(port=self.port, socket_timeout=2)


def _as_postgres_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
            check=True,
        )
    return ["runuser", "-u", PG_USER, "--", *command]


class PostgresServer:
    """A PostgreSQL cluster of our own: ``initdb`` in ``folder``, on a free port."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = harness.free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/careers"

    def _run(self, *command: str) -> None:
        subprocess.run(
            _as_postgres_user([str(PG_BIN / command[0]), *command[1:]]),
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )

    def init(self) -> None:
        command = _as_postgres_user(["true"])  # creates the user when needed
        if os.geteuid() == 0:
            shutil.chown(self.folder, PG_USER, PG_USER)
            self.folder.parent.chmod(0o711)  # a temporary folder is 0700: let it pass through
        subprocess.run(command, check=True)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        self.start()
        import psycopg

        admin = urlsplit(self.url)._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("CREATE DATABASE careers")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = str(self.folder / "postgres.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        pid_file = self.data / "postmaster.pid"
        return pid_file.exists()


# HTTP --------------------------------------------------------------------------------


def http(method: str, url: str, body: bytes | None = None, headers=None, timeout=60):
    """(status, content type, body); status 0 when no HTTP answer came."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()
    except OSError as error:
        return 0, "", str(error).encode()


def multipart(fields: dict[str, str], resume: bytes) -> tuple[bytes, str]:
    boundary = f"careers-rel-{secrets.token_hex(8)}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="resume"; '
        'filename="resume.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + resume
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def apply(base_url: str, key: str, resume: bytes, timeout: float = 60):
    """Send one application with Idempotency-Key ``key``: (status, content type, JSON or None)."""
    body, content_type = multipart(
        {"name": f"Reliability {key}", "email": f"{key}@example.com", "message": "Hello."}, resume
    )
    headers = {"Content-Type": content_type, "Idempotency-Key": key}
    status, kind, raw = http("POST", f"{base_url}{harness.APPLY_PATH}", body, headers, timeout)
    try:
        data = json.loads(raw) if "json" in kind else None
    except ValueError:
        data = None
    return status, kind, data


# Load and figures ------------------------------------------------------------------


class Load:
    """Threads sending requests to ``base_url`` until ``stop()``, each answer recorded with
    the phase that was current when its request was sent."""

    def __init__(self, base_url: str, run_id: str, resume: bytes):
        self.base_url = base_url
        self.run_id = run_id
        self.resume = resume
        self.phase = "before"
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.threads: list[threading.Thread] = []
        # (phase, what, status, JSON?, sent at, answered at)
        self.answers: list[tuple[str, str, int, bool, float, float]] = []
        # (Idempotency-Key, status, application id when 201)
        self.applications: list[tuple[str, int, str | None]] = []

    def _record(self, phase, what, status, content_type, started) -> None:
        with self.lock:
            row = (phase, what, status, "json" in content_type, started, time.monotonic())
            self.answers.append(row)

    def _gets(self, number: int, targets: dict) -> None:
        names = list(targets)
        n = number
        while not self.done.is_set():
            what = names[n % len(names)]
            n += 1
            path = targets[what]() if callable(targets[what]) else targets[what]
            phase, started = self.phase, time.monotonic()
            status, content_type, _ = http("GET", f"{self.base_url}{path}", timeout=30)
            self._record(phase, what, status, content_type, started)

    def _applications(self, number: int) -> None:
        n = 0
        while not self.done.is_set():
            key = f"rel-{self.run_id}-{number}-{n}"
            n += 1
            phase, started = self.phase, time.monotonic()
            status, content_type, data = apply(self.base_url, key, self.resume, timeout=30)
            self._record(phase, "apply", status, content_type, started)
            with self.lock:
                self.applications.append((key, status, data.get("id") if status == 201 else None))

    def _probe(self, path: str, every: float) -> None:
        while not self.done.wait(every):
            phase, started = self.phase, time.monotonic()
            status, content_type, _ = http("GET", f"{self.base_url}{path}", timeout=10)
            self._record(phase, path.strip("/"), status, content_type, started)

    def start(self, targets: dict, get_threads: int, apply_threads: int, probes=()) -> None:
        jobs = [(self._gets, (i, targets)) for i in range(get_threads)]
        jobs += [(self._applications, (i,)) for i in range(apply_threads)]
        jobs += [(self._probe, (path, 0.25)) for path in probes]
        for target, args in jobs:
            thread = threading.Thread(target=target, args=args, daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        self.done.set()
        for thread in self.threads:
            thread.join()

    def through_outage(self, args, take_down, bring_up) -> tuple[float, float, float]:
        """``args.before`` seconds of the load started, then ``take_down()``, and
        ``args.outage`` seconds later ``bring_up()``; ``args.after`` seconds more,
        then stop. When ``take_down()`` was called and returned, and when
        ``bring_up()`` returned (``time.monotonic()``)."""
        time.sleep(args.before)
        self.phase = "outage"
        down_at = time.monotonic()
        take_down()
        down = time.monotonic()
        time.sleep(args.outage)
        bring_up()
        back_at = time.monotonic()
        self.phase = "after"
        time.sleep(args.after)
        self.stop()
        return down_at, down, back_at

    def histogram(self, phase: str | None = None, what: str | None = None) -> Counter:
        return Counter(
            (row_what, status)
            for row_phase, row_what, status, *_ in self.answers
            if phase in (None, row_phase) and what in (None, row_what)
        )

    def print_histograms(self, phases: list[str]) -> None:
        for phase in phases:
            counts = self.histogram(phase)
            rows = [row for row in self.answers if row[0] == phase]
            seconds = max(r[4] for r in rows) - min(r[4] for r in rows) if rows else 0
            took = sorted(row[5] - row[4] for row in rows) or [0]
            print(
                f"  {phase}: {sum(counts.values())} requests sent over {seconds:.1f}s; latency "
                f"p50 {took[len(took) // 2] * 1000:.0f} ms, max {took[-1] * 1000:.0f} ms"
            )
            by_what: dict[str, list[str]] = {}
            for (what, status), count in sorted(counts.items()):
                by_what.setdefault(what, []).append(f"{status}: {count}")
            for what, items in by_what.items():
                print(f"    {what:<8} {{{', '.join(items)}}}")

    def retry_failed_applications(self) -> tuple[Counter, list[str]]:
        """Send again, with the same Idempotency-Key, every application not answered 201."""
        statuses: Counter = Counter()
        ids = []
        for key, status, _ in list(self.applications):
            if status == 201:
                continue
            again, _, data = apply(self.base_url, key, self.resume, timeout=30)
            statuses[again] += 1
            if again == 201:
                ids.append(data["id"])
        return statuses, ids


def run_threads(count: int, target, *args) -> list[threading.Thread]:
    threads = [threading.Thread(target=target, args=(i, *args), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    return threads


def fail(problems: list[str]) -> int:
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print("FAILED" if problems else "PASSED")
    return 1 if problems else 0


def run_outage_test(doc: str, service: str, run) -> int:
    """The command line of an outage test (``run(folder, args)``): load before,
    ``service`` down, load after; in a temporary folder."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--before", type=float, default=5, help="seconds of load first")
    parser.add_argument("--outage", type=float, default=5, help=f"seconds {service} is down")
    parser.add_argument("--after", type=float, default=10, help="seconds of load after")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--get-threads", type=int, default=6)
    parser.add_argument("--apply-threads", type=int, default=2)
    return in_temporary_folder(run, parser.parse_args())


def in_temporary_folder(run, args: argparse.Namespace) -> int:
    """``run(folder, args)`` in a new temporary folder, removed after it."""
    with tempfile.TemporaryDirectory(prefix="careers-rel-") as tmp:
        return run(Path(tmp), args)

"""Benchmark: the careers API's speed against Wagtail's API v2 and a floor.

This is a benchmark, not a test: it prints figures, writes them to
``bench/results/<timestamp>.json`` (git-ignored), and exits non-zero only when
it could not measure: a seeded database without N postings in both APIs, a
server that does not start, or non-2xx answers under load. Run it from the
project folder (``make bench`` runs the default mode, then the import benchmark):

    .venv/bin/python -m bench.api_speed [--count N] [--database-url URL] [--redis [URL]]
    .venv/bin/python -m bench.api_speed --cold [--count N] [--database-url URL] [--redis]
    .venv/bin/python -m bench.api_speed --scale [--database-url URL] [--redis]

Default mode: N postings (default 200), one server, six targets: our posting
detail, our list (``limit=20``), our careers index, Wagtail's v2 detail and v2
list (``type=careers_pages.JobPostingPage&fields=*&limit=20``) of the same
postings, and the floor (``bench/urls.py``: our detail's bytes, returned as
they are through the same middleware, no database); then a second server with
``CAREERS_API_CACHE=false`` for our detail and list (cold). It prints
requests/s, p50 and p99 per target, and the ratios of requests/s: our detail /
v2 detail, our list / v2 list, our detail / floor, our list / floor, and cold
detail / v2 detail, cold list / v2 list.

``--cold``: our detail and list with the project's response cache as it is by
default, then again with ``CAREERS_API_CACHE=false`` (on that server also
Wagtail's v2 detail and list), and cold / hot and cold / v2.
``--scale``: our list at 100 and at 10,000 postings (two databases; ``--count``
is not used), hot and cold, and 10,000 / 100 for each: a cache hit reads no
table, so the hot figures do not depend on N; the cold ones show what N costs.

Database: without ``--database-url`` a new SQLite file in a temporary folder.
With a PostgreSQL URL (such as ``postgres://postgres@127.0.0.1:5432/postgres``)
a database ``careers_bench_<pid>`` is created on that server for each seeding
and dropped after it. The project's own database is never touched. Cache:
``REDIS_URL`` is passed on to the server if set; ``--redis`` uses
redis://127.0.0.1:6379/15, flushed before each server starts; otherwise each
worker has Django's local-memory cache.

Seeding: the first 20 postings go through the project's importer
(``import_careers``, with bench/import_postings.py's generated Markdown); the
others are copies of them made in bulk, so 10,000 postings take seconds. The
copies are live, public and served by both APIs, but are neither in the search
index nor have revisions; no target searches or reads revisions.

Load: gunicorn as the README deploys it, ``gunicorn cms.wsgi`` in the project
folder, so with gunicorn.conf.py (sync workers, no recycling by request count,
the memory bound, the access log, here written to a file in the temporary
folder), ``BIND`` a free local port and ``WEB_CONCURRENCY=2``; production
settings (``DEBUG=false``, plain HTTP on the loopback: no HTTPS redirect). The
settings module is ``bench.settings``: the project's, with one more URL, the
floor's; every other target is served exactly as in production. For each
target a 2 s wrk warm-up, then ``wrk -t1 -c4 -d10s --latency --timeout=30s``.
wrk and gunicorn share the machine (and with whatever else runs on it: the
load average is printed), so the figures compare the targets with each other
in one run; they are not a capacity.
Needs wrk (Debian: ``apt-get install wrk``) and gunicorn in the virtualenv
(``pip install gunicorn``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from bench.harness import PROJECT, free_port, setup_django, stop, wait_until_serving
from bench.import_postings import (
    POSTGRES_SCHEMES,
    create_postgres_database,
    drop_postgres_database,
    write_postings,
)

RESULTS = Path(__file__).resolve().parent / "results"
IMPORTED = 20  # postings seeded through the importer; the rest are bulk copies
COPY_BATCH = 1000
SCALE_COUNTS = (100, 10_000)
GUNICORN_WORKERS = 2
WRK_THREADS = 1
WRK_CONNECTIONS = 4
WARM_UP_SECONDS = 2
BENCH_REDIS_URL = "redis://127.0.0.1:6379/15"
V2_POSTINGS = "/api/v2/pages/?type=careers_pages.JobPostingPage"

# Seeding: runs in a process of its own, where Django is set up for one database.


def seed(database_url: str, count: int, folder: str) -> dict:
    """Create the tables and ``count`` live postings; how long it took and one posting."""
    # Whatever seeding caches (site root paths) must not reach the server's cache.
    setup_django(database_url, DJANGO_SETTINGS_MODULE="cms.settings", REDIS_URL=None)
    from django.core.management import call_command
    from django.db import connections
    from wagtail.models import Page

    from careers_pages.importing import import_careers
    from careers_pages.models import CareersIndexPage, JobPostingPage

    try:
        call_command("migrate", verbosity=0)
        imported = min(count, IMPORTED)
        source = Path(folder) / f"postings-{count}-{uuid.uuid4().hex[:6]}"
        source.mkdir()
        write_postings(source, imported)
        started = time.perf_counter()
        import_careers([source])
        import_seconds = time.perf_counter() - started
        started = time.perf_counter()
        copy_postings(count - imported)
        copy_seconds = time.perf_counter() - started
        # Treebeard's find_problems() takes half a minute at 10,000 pages; what the
        # copying could get wrong is the index's children.
        index = CareersIndexPage.objects.get()
        under = Page.objects.filter(path__startswith=index.path, depth__gt=index.depth)
        children = under.filter(depth=index.depth + 1, path__regex=rf"^{index.path}.{{4}}$")
        if not (index.numchild == children.count() == under.count() == count):
            raise RuntimeError(
                f"the page tree is inconsistent after copying: numchild {index.numchild}, "
                f"{children.count()} children, {under.count()} pages under the index"
            )
        if connections["default"].vendor == "postgresql":
            # What autovacuum would do soon after a bulk load: without table
            # statistics the planner sorts all postings to list the first 20.
            with connections["default"].cursor() as cursor:
                cursor.execute("ANALYZE")
        live = JobPostingPage.objects.live().count()
        if live != count:
            raise RuntimeError(f"{live} live postings after seeding, expected {count}")
        last = JobPostingPage.objects.live().order_by("-path").values("slug", "pk").first()
        return {
            "count": count,
            "imported": imported,
            "import_seconds": round(import_seconds, 2),
            "copy_seconds": round(copy_seconds, 2),
            "slug": last["slug"],
            "page_id": last["pk"],
        }
    finally:
        connections.close_all()


def copy_postings(extra: int) -> None:
    """Add ``extra`` live postings to the careers index: copies of the ones under it.

    In bulk rather than through Wagtail's ``add_child`` (one save, revision and
    publish each): each copy is a wagtailcore Page row at the index's next child
    path (treebeard's materialised path: the parent's path and a 4-character
    base-36 step; depth one more than the parent's), then a posting row with the
    same id, its columns copied in SQL from the original's; last, the index's
    ``numchild``. The copies have no revisions: ``live_revision`` and
    ``latest_revision`` stay empty, as for a page that was never edited.
    """
    if extra <= 0:
        return
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    from careers_pages.models import CareersIndexPage, JobPostingPage

    index = CareersIndexPage.objects.get()
    originals = list(Page.objects.child_of(index).order_by("path"))
    step = originals[-1]._get_lastpos_in_path()
    width = max(4, len(str(len(originals) + extra)))
    now = timezone.now()
    page_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table = quote(JobPostingPage._meta.db_table)
    pointer = quote(JobPostingPage._meta.pk.column)
    columns = ", ".join(
        quote(f.column) for f in JobPostingPage._meta.local_concrete_fields if not f.primary_key
    )
    copy_row = (
        f"INSERT INTO {table} ({pointer}, {columns}) "
        f"SELECT %s, {columns} FROM {table} WHERE {pointer} = %s"
    )
    with transaction.atomic():
        for start in range(0, extra, COPY_BATCH):
            pages, originals_of = [], []
            for k in range(start, min(start + COPY_BATCH, extra)):
                original = originals[k % len(originals)]
                number = len(originals) + k + 1
                step += 1
                page = Page(**{name: getattr(original, name) for name in page_fields})
                page.path = Page._get_path(index.path, index.depth + 1, step)
                page.depth = index.depth + 1
                page.numchild = 0
                page.slug = f"posting-{number:0{width}d}"
                page.title = page.draft_title = f"Benchmark Role {number}"
                page.url_path = f"{index.url_path}{page.slug}/"
                page.translation_key = uuid.uuid4()
                page.live, page.has_unpublished_changes = True, False
                page.first_published_at = page.last_published_at = now
                page.live_revision_id = page.latest_revision_id = None
                page.latest_revision_created_at = None
                pages.append(page)
                originals_of.append(original.pk)
            Page.objects.bulk_create(pages)
            with connection.cursor() as cursor:
                cursor.executemany(
                    copy_row, [(p.pk, o) for p, o in zip(pages, originals_of, strict=True)]
                )
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + extra)


@dataclass
class Seeded:
    database_url: str
    count: int
    imported: int
    import_seconds: float
    copy_seconds: float
    slug: str
    page_id: int


def seed_database(database_url: str, count: int, folder: Path) -> Seeded:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        info = pool.submit(seed, database_url, count, str(folder)).result()
    seeded = Seeded(database_url=database_url, **info)
    print(
        f"seeded {count} postings: {seeded.imported} imported in {seeded.import_seconds:.1f}s, "
        f"{count - seeded.imported} copied in {seeded.copy_seconds:.1f}s",
        flush=True,
    )
    return seeded


@contextmanager
def fresh_database(server_url: str | None, folder: Path, name: str) -> Iterator[str]:
    """A new, empty database's URL: a SQLite file in ``folder``, or one on the server."""
    if not server_url:
        yield f"sqlite:///{folder / f'{name}.sqlite3'}"
        return
    database, url = create_postgres_database(server_url)
    try:
        yield url
    finally:
        drop_postgres_database(server_url, database)


# Serving and measuring.


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an HTTPError: every target must answer 200 itself


_opener = urllib.request.build_opener(_NoRedirects)


def fetch(base_url: str, path: str) -> bytes:
    with _opener.open(f"{base_url}{path}", timeout=30) as response:
        return response.read()


def cache_label(args: argparse.Namespace) -> str:
    if args.redis:
        return f"redis ({args.redis})"
    if os.environ.get("REDIS_URL"):
        return "redis (REDIS_URL)"
    return "local memory, per worker"


@contextmanager
def serving(
    database_url: str,
    folder: Path,
    args: argparse.Namespace,
    *,
    api_cache: bool = True,
    started: list | None = None,
    ready_path: str = "/api/careers/",
) -> Iterator[str]:
    """The shipped gunicorn on a free port, serving ``bench.settings``; its base URL,
    once ``ready_path`` answers. Its process (the master) is appended to ``started``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        # With DEBUG off the settings refuse a short key (such as "bench").
        "SECRET_KEY": f"bench-{secrets.token_urlsafe(50)}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CAREERS_FRONTEND_ENABLED": "false",
        # Plain HTTP on the loopback: production settings would redirect to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(folder / "static"),
        "LOG_LEVEL": "WARNING",
        "BENCH_FLOOR_BODY": str(folder / "floor.json"),
    }
    for name in ("CAREERS_API_CACHE", "GUNICORN_CMD_ARGS", "MAX_WORKER_MEMORY_MB", "PORT"):
        env.pop(name, None)
    (folder / "static").mkdir(exist_ok=True)
    if not api_cache:
        env["CAREERS_API_CACHE"] = "false"
    if args.redis:
        import redis

        redis.Redis.from_url(args.redis).flushdb()
        env["REDIS_URL"] = args.redis
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    # What the README deploys: ``gunicorn cms.wsgi`` in the project folder, which
    # reads gunicorn.conf.py (its worker recycling, timeouts and access log on
    # stdout, here to a file); only the address and the number of workers come
    # from the environment, as the config file reads them.
    env["BIND"] = f"127.0.0.1:{port}"
    env["WEB_CONCURRENCY"] = str(GUNICORN_WORKERS)
    log = folder / f"gunicorn-{port}.log"
    command = [str(Path(sys.executable).with_name("gunicorn")), "cms.wsgi"]
    with log.open("ab") as out:
        server = subprocess.Popen(
            command, cwd=PROJECT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out
        )
    if started is not None:
        started.append(server)
    try:
        wait_until_serving(server, base_url, path=ready_path)
        yield base_url
    except Exception:
        if log.exists():
            print(log.read_text()[-4000:], file=sys.stderr)
        raise
    finally:
        stop(server)
        text = log.read_text(errors="replace") if log.exists() else ""
        recycled = text.count("Autorestarting worker") + text.count("Recycling worker")
        if recycled:
            print(f"  note: gunicorn replaced a worker {recycled} times", flush=True)


def check_counts(base_url: str, count: int) -> None:
    """Both APIs list ``count`` postings."""
    ours = json.loads(fetch(base_url, "/api/careers/postings/?limit=1"))["count"]
    wagtails = json.loads(fetch(base_url, f"{V2_POSTINGS}&limit=1"))["meta"]["total_count"]
    if ours != count or wagtails != count:
        raise RuntimeError(
            f"expected {count} postings; /api/careers/postings/ counts {ours}, "
            f"/api/v2/pages/ counts {wagtails}"
        )


@dataclass
class Figures:
    target: str
    path: str
    bytes: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: int


UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk(url: str, seconds: int, *, latency: bool = False) -> str:
    # wrk gives up on a request after 2 s by default and leaves it out of the
    # latencies; a slow target's p99 would look better than it is.
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--timeout=30s"]
    command += ["--latency", url] if latency else [url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed (exit status {done.returncode}):\n{done.stderr}")
    return done.stdout


def parse_wrk(output: str) -> dict:
    """Requests/s, p50 and p99 (ms), requests, non-2xx/3xx answers and socket errors."""

    def number(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            if default is None:
                raise RuntimeError(f"no {pattern!r} in wrk's output:\n{output}")
            return default
        return match.group(1)

    def percentile(p: int) -> float:
        match = re.search(rf"^\s*{p}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        if match is None:
            raise RuntimeError(f"no {p}% latency in wrk's output:\n{output}")
        return float(match.group(1)) * UNIT_MS[match.group(2)]

    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests_per_second": float(number(r"^Requests/sec:\s+([\d.]+)")),
        "p50_ms": percentile(50),
        "p99_ms": percentile(99),
        "requests": int(number(r"^\s*(\d+) requests in")),
        "non_2xx_3xx": int(number(r"Non-2xx or 3xx responses: (\d+)", "0")),
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def measure(base_url: str, target: str, path: str, seconds: int) -> Figures:
    size = len(fetch(base_url, path))  # also: it answers 200 before the load starts
    url = f"{base_url}{path}"
    wrk(url, WARM_UP_SECONDS)
    figures = Figures(
        target=target, path=path, bytes=size, **parse_wrk(wrk(url, seconds, latency=True))
    )
    print(
        f"  {target}: {figures.requests_per_second:.1f} requests/s, "
        f"p50 {figures.p50_ms:.2f} ms, p99 {figures.p99_ms:.2f} ms",
        flush=True,
    )
    return figures


# Reporting.


def print_table(title: str, rows: list[Figures]) -> None:
    print(f"\n{title}")
    print(f"  {'target':<24} {'requests/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'bytes':>7}  path")
    for row in rows:
        print(
            f"  {row.target:<24} {row.requests_per_second:>10.1f} {row.p50_ms:>8.2f} "
            f"{row.p99_ms:>8.2f} {row.bytes:>7}  {row.path}"
        )


def ratios(pairs: list[tuple[str, Figures, Figures]]) -> dict[str, float]:
    """Requests/s of the first over the second, printed and returned by name."""
    print("\n  ratio of requests/s")
    result = {}
    for name, first, second in pairs:
        if not second.requests_per_second:
            result[name] = None
            print(f"  {name:<32}    n/a   ({second.target} completed no request)")
            continue
        result[name] = round(first.requests_per_second / second.requests_per_second, 3)
        print(
            f"  {name:<32} {result[name]:>6.2f}   "
            f"(p50 {first.p50_ms:.2f} ms against {second.p50_ms:.2f} ms)"
        )
    return result


def cache_switch_is_read() -> bool:
    """Whether project code reads ``CAREERS_API_CACHE`` (not ``CAREERS_API_CACHE_TIMEOUT``)."""
    pattern = re.compile(r"CAREERS_API_CACHE(?!_)")
    return any(
        pattern.search(path.read_text(encoding="utf-8"))
        for package in ("cms", "api", "careers_pages")
        for path in (PROJECT / package).rglob("*.py")
    )


# The modes.


def run_default(args: argparse.Namespace, folder: Path, record: dict) -> None:
    with fresh_database(args.database_url, folder, "bench") as database_url:
        seeded = seed_database(database_url, args.count, folder)
        with serving(database_url, folder, args) as base_url:
            check_counts(base_url, args.count)
            detail_path = f"/api/careers/postings/{seeded.slug}/"
            # The floor serves our detail's bytes: the same size, no work behind them.
            (folder / "floor.json").write_bytes(fetch(base_url, detail_path))
            # The floor right after our detail: on a shared machine the load
            # drifts, and the closer two figures are in time the fairer their ratio.
            targets = {
                "our detail": detail_path,
                "floor": "/api/bench-floor/",
                "our list": "/api/careers/postings/?limit=20",
                "our index": "/api/careers/",
                "v2 detail": f"/api/v2/pages/{seeded.page_id}/",
                "v2 list": f"{V2_POSTINGS}&fields=*&limit=20",
            }
            print(f"measuring {len(targets)} targets at {base_url}", flush=True)
            rows = {
                name: measure(base_url, name, path, args.duration) for name, path in targets.items()
            }
        # Then our detail and list on a server without the response cache
        # (Wagtail's targets do not use it: their figures above stand).
        with serving(database_url, folder, args, api_cache=False) as base_url:
            print(f"measuring without the response cache at {base_url}", flush=True)
            cold = {
                f"{name} (cold)": measure(base_url, f"{name} (cold)", targets[name], args.duration)
                for name in ("our detail", "our list")
            }
    print_table(f"{args.count} postings, {record['database']}", [*rows.values(), *cold.values()])
    record["seeding"] = [asdict(seeded)]
    record["runs"] = [
        {"postings": args.count, "targets": [asdict(r) for r in rows.values()]},
        {
            "postings": args.count,
            "api_cache": "cold",
            "targets": [asdict(r) for r in cold.values()],
        },
    ]
    record["ratios"] = ratios(
        [
            ("our detail / v2 detail", rows["our detail"], rows["v2 detail"]),
            ("our list / v2 list", rows["our list"], rows["v2 list"]),
            ("our detail / floor", rows["our detail"], rows["floor"]),
            ("our list / floor", rows["our list"], rows["floor"]),
            ("our detail (cold) / v2 detail", cold["our detail (cold)"], rows["v2 detail"]),
            ("our list (cold) / v2 list", cold["our list (cold)"], rows["v2 list"]),
        ]
    )
    if cache_switch_is_read():
        note = (
            "after the warm-up our first targets come from the response cache; Wagtail's "
            "do not; the (cold) ones ran on a server with CAREERS_API_CACHE=false"
        )
        record["notes"].append(note)
        print(f"\n  note: {note}")


def hot_and_cold(
    database_url: str,
    folder: Path,
    args: argparse.Namespace,
    count: int,
    targets: dict,
    wagtail_targets: dict | None = None,
) -> dict[str, dict[str, Figures]]:
    """The targets on a server with the response cache as configured, then
    without; ``wagtail_targets`` (which no cache serves) on the second."""
    runs = {}
    for label, api_cache in (("hot", True), ("cold", False)):
        with serving(database_url, folder, args, api_cache=api_cache) as base_url:
            check_counts(base_url, count)
            switch = "unset" if api_cache else "false"
            print(f"measuring {label} at {count:,} postings (CAREERS_API_CACHE {switch})")
            runs[label] = {
                name: measure(base_url, f"{name} ({label})", path, args.duration)
                for name, path in targets.items()
            }
            if not api_cache:
                runs["wagtail"] = {
                    name: measure(base_url, name, path, args.duration)
                    for name, path in (wagtail_targets or {}).items()
                }
    return runs


def note_cache_switch(record: dict) -> None:
    record["cache_switch_read"] = cache_switch_is_read()
    if not record["cache_switch_read"]:
        note = (
            "no project code reads CAREERS_API_CACHE yet: hot and cold ran the same code, "
            "so they differ only by noise"
        )
        record["notes"].append(note)
        print(f"\n  note: {note}")


def run_cold(args: argparse.Namespace, folder: Path, record: dict) -> None:
    with fresh_database(args.database_url, folder, "bench") as database_url:
        seeded = seed_database(database_url, args.count, folder)
        targets = {
            "our detail": f"/api/careers/postings/{seeded.slug}/",
            "our list": "/api/careers/postings/?limit=20",
        }
        wagtail_targets = {
            "v2 detail": f"/api/v2/pages/{seeded.page_id}/",
            "v2 list": f"{V2_POSTINGS}&fields=*&limit=20",
        }
        runs = hot_and_cold(database_url, folder, args, args.count, targets, wagtail_targets)
    rows = [row for run in runs.values() for row in run.values()]
    print_table(f"{args.count} postings, {record['database']}: hot and cold", rows)
    record["seeding"] = [asdict(seeded)]
    record["runs"] = [
        {"postings": args.count, "api_cache": label, "targets": [asdict(r) for r in run.values()]}
        for label, run in runs.items()
    ]
    record["ratios"] = ratios(
        [(f"{name}: cold / hot", runs["cold"][name], runs["hot"][name]) for name in targets]
        + [
            (
                "our detail (cold) / v2 detail",
                runs["cold"]["our detail"],
                runs["wagtail"]["v2 detail"],
            ),
            ("our list (cold) / v2 list", runs["cold"]["our list"], runs["wagtail"]["v2 list"]),
        ]
    )
    note_cache_switch(record)


def run_scale(args: argparse.Namespace, folder: Path, record: dict) -> None:
    """Hot and cold: a cache hit reads no table, so only the cold list shows what N costs."""
    by_count, seedings = {}, []
    for count in SCALE_COUNTS:
        with fresh_database(args.database_url, folder, f"bench-{count}") as database_url:
            seedings.append(seed_database(database_url, count, folder))
            targets = {f"our list at {count:,}": "/api/careers/postings/?limit=20"}
            by_count[count] = hot_and_cold(database_url, folder, args, count, targets)
    rows = [
        row
        for label in ("hot", "cold")
        for runs in by_count.values()
        for row in runs[label].values()
    ]
    print_table(f"our list (limit=20) by postings, {record['database']}", rows)
    record["seeding"] = [asdict(s) for s in seedings]
    record["runs"] = [
        {"postings": count, "api_cache": label, "targets": [asdict(r) for r in run.values()]}
        for count, runs in by_count.items()
        for label, run in runs.items()
    ]
    small, large = SCALE_COUNTS
    pairs = []
    for label in ("hot", "cold"):
        [first] = by_count[large][label].values()
        [second] = by_count[small][label].values()
        pairs.append((f"list at {large:,} / at {small:,} ({label})", first, second))
    record["ratios"] = ratios(pairs)
    note_cache_switch(record)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--cold", action="store_true", help="our detail and list, cache on and off")
    mode.add_argument("--scale", action="store_true", help="our list at 100 and 10,000 postings")
    parser.add_argument("--count", type=int, default=200, help="postings to seed (default 200)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server URL; a fresh database is created on it (default: SQLite)",
    )
    parser.add_argument(
        "--redis",
        nargs="?",
        const=BENCH_REDIS_URL,
        metavar="URL",
        help=f"cache in Redis at URL (default {BENCH_REDIS_URL}), flushed first",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per target")
    args = parser.parse_args()
    if args.count < 1 or args.duration < 1:
        parser.error("--count and --duration must be at least 1")
    if args.database_url and urlsplit(args.database_url).scheme not in POSTGRES_SCHEMES:
        parser.error("--database-url must be a PostgreSQL URL; SQLite is the default")
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install wrk)")
    if not Path(sys.executable).with_name("gunicorn").exists():
        parser.error("gunicorn is not in this virtualenv (pip install gunicorn)")

    mode_name = "cold" if args.cold else "scale" if args.scale else "default"
    started = datetime.now()
    record = {
        "started": started.isoformat(timespec="seconds"),
        "mode": mode_name,
        "database": "postgresql" if args.database_url else "sqlite",
        "cache": cache_label(args),
        "gunicorn": {
            "command": "gunicorn cms.wsgi (gunicorn.conf.py)",
            "workers": GUNICORN_WORKERS,
        },
        "wrk": {
            "threads": WRK_THREADS,
            "connections": WRK_CONNECTIONS,
            "seconds": args.duration,
            "warm_up_seconds": WARM_UP_SECONDS,
        },
        "cpus": os.cpu_count(),
        # Other processes on the machine take CPU from wrk and gunicorn alike.
        "load_average_1min": {"start": round(os.getloadavg()[0], 2)},
        "notes": [],
    }
    print(
        f"API speed, {mode_name} mode: {record['database']}, cache {record['cache']}, "
        f"gunicorn cms.wsgi with gunicorn.conf.py, WEB_CONCURRENCY={GUNICORN_WORKERS}, "
        f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{args.duration}s --timeout=30s; "
        f"{record['cpus']} CPUs, load average {record['load_average_1min']['start']:.2f}",
        flush=True,
    )
    run = {"cold": run_cold, "scale": run_scale, "default": run_default}[mode_name]
    try:
        with tempfile.TemporaryDirectory(prefix="careers-bench-") as tmp:
            run(args, Path(tmp), record)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    record["load_average_1min"]["end"] = round(os.getloadavg()[0], 2)
    print(f"\nload average at the end {record['load_average_1min']['end']:.2f}")
    RESULTS.mkdir(exist_ok=True)
    result_file = RESULTS / f"{started:%Y%m%d-%H%M%S}.json"
    result_file.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {result_file.relative_to(PROJECT)}")
    targets = [target for run_ in record["runs"] for target in run_["targets"]]
    failed = [
        f"{target['target']}: {target['non_2xx_3xx']} non-2xx/3xx answers"
        for target in targets
        if target["non_2xx_3xx"]
    ] + [
        f"{target['target']}: no request completed" for target in targets if not target["requests"]
    ]
    for failure in failed:
        print(f"error: {failure}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

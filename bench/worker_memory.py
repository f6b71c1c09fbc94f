"""Memory: each gunicorn worker's resident size after serving every posting and
every list page once, at 10,000 postings.

The shipped server (``gunicorn cms.wsgi`` with gunicorn.conf.py, 2 workers,
production settings: bench/api_speed.py's ``serving``) on a database seeded with
bench/api_speed.py's seeding. Every page of the postings list (the default
``limit``, following ``next``) and then every posting's detail is requested
once, from 4 threads; then each worker's VmRSS (resident now), of it RssAnon
(the process's own memory, not shared file pages) and VmHWM (the most it was
resident) are read from /proc/<pid>/status: after start-up (only /healthz
served), after the list pages and details, and after the careers index (all
10,000 postings in one answer) has been served by every worker too. The goal
is at most 200 MB per worker after the lists and details.

    .venv/bin/python -m bench.worker_memory [--count 10000] [--database-url URL] [--redis [URL]]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.api_speed import BENCH_REDIS_URL, fetch, fresh_database, seed_database, serving
from bench.harness import worker_pids

GOAL_MB = 200


def status_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of ``pid``, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM", "RssAnon"):
            values[name] = int(value.split()[0]) / 1024
    return values


def serve_everything(base_url: str) -> tuple[int, int]:
    """Every list page, then every posting's detail, once each; (list pages, details)."""
    slugs, pages = [], 0
    path = "/api/careers/postings/"
    while path:
        page = json.loads(fetch(base_url, path))
        pages += 1
        slugs += [posting["slug"] for posting in page["results"]]
        following = page.get("next")
        path = following[following.index("/api/") :] if following else None
    with ThreadPoolExecutor(max_workers=4) as pool:
        sizes = list(pool.map(lambda s: len(fetch(base_url, f"/api/careers/postings/{s}/")), slugs))
    return pages, len(sizes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--redis", nargs="?", const=BENCH_REDIS_URL, metavar="URL")
    args = parser.parse_args()
    cache = f"redis ({args.redis})" if args.redis else "local memory, per worker"
    print(
        f"worker memory: {args.count:,} postings, "
        f"{'postgresql' if args.database_url else 'sqlite'}, cache {cache}; "
        f"load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="careers-bench-") as tmp:
        folder = Path(tmp)
        with fresh_database(args.database_url, folder, "memory") as database_url:
            seed_database(database_url, args.count, folder)
            started: list = []
            with serving(
                database_url, folder, args, started=started, ready_path="/healthz"
            ) as base_url:
                workers = worker_pids(started[0].pid)
                booted = {pid: status_mb(pid) for pid in workers}
                pages, details = serve_everything(base_url)
                served = {pid: status_mb(pid) for pid in worker_pids(started[0].pid)}
                # The index once per worker: 4 requests at a time reach both.
                with ThreadPoolExecutor(max_workers=4) as pool:
                    list(pool.map(lambda _: fetch(base_url, "/api/careers/"), range(8)))
                indexed = {pid: status_mb(pid) for pid in worker_pids(started[0].pid)}
    print(f"served {pages} list pages and {details} posting details once each")
    over = []
    for pid, values in served.items():
        start = booted.get(pid)
        print(
            f"  worker {pid}: after start-up "
            + (f"RSS {start['VmRSS']:.0f} MB; " if start else "(a new worker); ")
            + f"after the lists and details RSS {values['VmRSS']:.0f} MB "
            f"(own {values['RssAnon']:.0f} MB, peak {values['VmHWM']:.0f} MB)"
        )
        if values["VmRSS"] > GOAL_MB:
            over.append(pid)
    for pid, values in indexed.items():
        print(
            f"  worker {pid}: after the careers index too: RSS {values['VmRSS']:.0f} MB "
            f"(own {values['RssAnon']:.0f} MB, peak {values['VmHWM']:.0f} MB)"
        )
    print(
        f"goal: at most {GOAL_MB} MB per worker after the lists and details: "
        f"{'met' if not over else 'NOT met'}"
    )
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

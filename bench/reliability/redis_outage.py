"""Reliability test 4: Redis killed mid-load, then started again.

A redis-server of its own on a free port (no persistence), a fresh database
``careers_rel_<pid>`` on the machine's PostgreSQL (dropped at the end) with the
Hoppscotch careers pages, and gunicorn (2 sync workers, production settings)
with ``REDIS_URL`` pointing at that Redis. Threads send GETs (careers index,
postings list, a posting, an uncached list search) and multipart applications
while Redis is killed (SIGKILL) for ``--outage`` seconds and started again on
the same port; /healthz and /readyz are probed four times a second.

Passes when no API request or /healthz got a 5xx (or no answer) at any time,
every application answered 201 is stored with its resume, and the cache fills
again after Redis is back. /readyz answers 503 while Redis is down, as designed
(its cache check fails); it must answer 200 whenever Redis is up.

    .venv/bin/python -m bench.reliability.redis_outage [--outage S] [--before S] [--after S]
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

from bench import harness
from bench.reliability import common

PHASES = ["before", "outage", "after"]


def targets() -> dict:
    return {
        **common.PUBLIC_GETS,
        "search": lambda: f"/api/careers/postings/?q={uuid.uuid4().hex[:6]}",
    }


def cache_entries(redis_server) -> int:
    client = redis_server.client()
    try:
        return len(client.keys("*careers:api:*"))
    finally:
        client.close()


def run(folder: Path, args) -> int:
    private = folder / "private"
    redis_server = common.RedisServer(folder)
    redis_server.start()
    server = None
    try:
        with common.seeded_machine_database(private, redis_server.url) as database_url:
            port = harness.free_port()
            base_url = f"http://127.0.0.1:{port}"
            log = folder / "gunicorn.log"
            env = harness.server_env(database_url, private, redis_server.url)
            server = harness.start_gunicorn(env, port, log, workers=args.workers)
            try:
                harness.wait_until_serving(server, base_url)
                return load_and_check(base_url, redis_server, private, server, log, args)
            finally:
                harness.stop(server)
    finally:
        redis_server.stop()


def load_and_check(base_url, redis_server, private, server, log, args) -> int:
    load = common.Load(base_url, uuid.uuid4().hex[:8], harness.resume_pdf(20 * 1024))
    load.start(targets(), args.get_threads, args.apply_threads, probes=("/healthz", "/readyz"))
    entries_before = killed_at = 0

    def count_and_kill():
        nonlocal entries_before, killed_at
        entries_before = cache_entries(redis_server)
        killed_at = time.monotonic()
        redis_server.kill()

    _, _, back_at = load.through_outage(args, count_and_kill, redis_server.start)
    entries_after = cache_entries(redis_server)
    gunicorn_alive = server.poll() is None

    print(
        f"load: {args.get_threads} GET threads, {args.apply_threads} application threads "
        f"(20 KB resume), gunicorn {args.workers} sync workers, redis-server "
        f":{redis_server.port}; Redis killed (SIGKILL) {args.before:.0f}s in, down "
        f"{back_at - killed_at:.1f}s, restarted empty, then {args.after:.0f}s more load"
    )
    print("  (phases by the moment each request was sent)")
    load.print_histograms(PHASES)
    print(
        f"  API cache entries in Redis: {entries_before} before the kill, "
        f"{entries_after} at the end (refilled after the restart); gunicorn workers "
        f"recycled by max_requests: {common.worker_recycles(log)}"
    )

    problems = []
    served = [row for row in load.answers if row[1] != "readyz"]
    bad = [row for row in served if row[2] >= 500 or row[2] == 0]
    if bad:
        problems.append(f"{len(bad)} API or /healthz answers were a 5xx or missing")
    unexpected = [row for row in served if row[2] not in (200, 201)]
    if unexpected:
        problems.append(f"{len(unexpected)} API answers were not 200/201")
    readyz = load.histogram(what="readyz")
    down = [r for r in load.answers if r[1] == "readyz" and r[2] == 503 and r[5] < killed_at]
    late = [r for r in load.answers if r[1] == "readyz" and r[4] > back_at + 1 and r[2] != 200]
    print(
        f"  /readyz: {dict((status, n) for (_, status), n in sorted(readyz.items()))} "
        f"(503 answered before the kill: {len(down)}, not 200 from 1s after the restart: {len(late)})"
    )
    if late or down:
        problems.append("/readyz answered 503 while Redis was up")
    if entries_after == 0:
        problems.append("nothing was cached in Redis after it came back")
    if not gunicorn_alive:
        problems.append(f"gunicorn exited:\n{log.read_text()[-3000:]}")

    accepted = [app_id for _, status, app_id in load.applications if status == 201]
    stored = common.stored(accepted, private)
    print(f"  applications: {len(load.applications)} sent, {len(accepted)} answered 201; {stored}")
    if not stored.agree(len(accepted)):
        problems.append("rows, files and 201s differ")
    return common.fail(problems)


if __name__ == "__main__":
    sys.exit(common.run_outage_test(__doc__, "Redis", run))

"""Reliability test 3: PostgreSQL stopped mid-load, then started again.

A PostgreSQL cluster of its own (``initdb`` into a temporary folder, run as the
system user ``pgbench_rel`` when this runs as root, on a free port), migrated,
with the Hoppscotch careers pages imported; gunicorn (2 sync workers,
production settings, the local-memory cache) against it. Threads send GETs
(careers index, postings list, a posting, a list search that is never cached)
and multipart applications while PostgreSQL is stopped (``pg_ctl stop -m
fast``) for ``--outage`` seconds and started again; /healthz and /readyz are
probed four times a second. gunicorn is not restarted.

Passes when no request got a 5xx other than a JSON 503 (never a 500, never
without an answer), the service came back by itself (once a request needing
the database succeeded again, every later one succeeded too), every application answered 201 is in the database, and
the applications answered 503, sent again with their Idempotency-Keys, are
each stored once.

    .venv/bin/python -m bench.reliability.postgres_outage [--outage S] [--before S] [--after S]
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


def run(folder: Path, args) -> int:
    pg_folder = folder / "pg"
    pg_folder.mkdir()
    postgres = common.PostgresServer(pg_folder)
    postgres.init()
    server = None
    try:
        private = folder / "private"
        started = time.monotonic()
        harness.seed_hoppscotch(postgres.url, private)
        print(f"own PostgreSQL 15 on :{postgres.port} seeded in {time.monotonic() - started:.1f}s")
        port = harness.free_port()
        base_url = f"http://127.0.0.1:{port}"
        log = folder / "gunicorn.log"
        env = harness.server_env(postgres.url, private)
        server = harness.start_gunicorn(env, port, log, workers=args.workers)
        harness.wait_until_serving(server, base_url)
        return load_and_check(base_url, postgres, private, server, log, args)
    finally:
        if server is not None:
            harness.stop(server)
        if postgres.running():
            postgres.stop()


def load_and_check(base_url, postgres, private, server, log, args) -> int:
    load = common.Load(base_url, uuid.uuid4().hex[:8], harness.resume_pdf(20 * 1024))
    for path in common.PUBLIC_GETS.values():  # fill both workers' caches
        for _ in range(4):
            common.http("GET", f"{base_url}{path}")
    load.start(targets(), args.get_threads, args.apply_threads, probes=("/healthz", "/readyz"))
    stop_at, stopped, back_at = load.through_outage(args, postgres.stop, postgres.start)
    gunicorn_alive = server.poll() is None

    print(
        f"load: {args.get_threads} GET threads, {args.apply_threads} application threads "
        f"(20 KB resume), gunicorn {args.workers} sync workers; PostgreSQL stopped "
        f"{args.before:.0f}s in (pg_ctl stop -m fast took {stopped - stop_at:.2f}s), down "
        f"{back_at - stopped:.1f}s, then {args.after:.0f}s more load"
    )
    print("  (phases by the moment each request was sent; outage: from pg_ctl stop to start)")
    load.print_histograms(PHASES)

    problems = []
    api = {*targets(), "apply"}
    not_json = [row for row in load.answers if row[2] == 503 and row[1] in api and not row[3]]
    bad = [row for row in load.answers if (row[2] >= 500 and row[2] != 503) or row[2] == 0]
    unavailable = [row for row in load.answers if row[2] == 503 and row[1] in api]
    print(
        f"  API answers 503: {len(unavailable)}, not JSON: {len(not_json)}; "
        f"other 5xx or no answer: {len(bad)}"
    )
    if bad:
        problems.append(f"{len(bad)} answers were a 5xx other than 503, or none at all")
    if not_json:
        problems.append(f"{len(not_json)} API 503 answers were not JSON")
    before_bad = [r for r in load.answers if r[5] < stop_at and r[2] not in (200, 201)]
    if before_bad:
        problems.append(f"{len(before_bad)} requests answered before the outage failed")
    # Recovery: the first answer after PostgreSQL was back that needed the database.
    recovered = {}
    for phase, what, status, _, sent, _ in sorted(load.answers, key=lambda row: row[4]):
        if phase == "after" and what in ("search", "apply", "readyz") and status in (200, 201):
            recovered.setdefault(what, sent - back_at)
    # From the moment every kind had succeeded again, everything must succeed.
    since = back_at + max(recovered.values(), default=float("inf"))
    later = [r for r in load.answers if r[4] >= since]
    later_bad = [r for r in later if r[2] not in (200, 201)]
    print(
        "  back by itself: first 200/201 needing the database after PostgreSQL started: "
        + ", ".join(f"{what} {seconds:.2f}s" for what, seconds in recovered.items())
        + f"; from then on {len(later)} requests, {len(later_bad)} not 200/201; "
        f"gunicorn restarted: {'no' if gunicorn_alive else 'it exited'}; "
        f"workers recycled by max_requests: {common.worker_recycles(log)}"
    )
    if later_bad or len(later) < 10 or len(recovered) < 3:
        problems.append("the service did not come back by itself after PostgreSQL restarted")
    if not gunicorn_alive:
        problems.append(f"gunicorn exited:\n{log.read_text()[-3000:]}")

    accepted = [app_id for _, status, app_id in load.applications if status == 201]
    rows, found = common.applications_stored(accepted)
    failed = len(load.applications) - len(accepted)
    print(
        f"  applications: {len(load.applications)} sent, {len(accepted)} answered 201, "
        f"{failed} not; rows {rows}, of the 201s stored {found}, lost {len(accepted) - found}"
    )
    if found != len(accepted):
        problems.append(f"{len(accepted) - found} applications answered 201 are not stored")
    retried, retried_ids = load.retry_failed_applications()
    # Every application stored once: the 201s and the retries' 201s together.
    stored = common.stored(accepted + retried_ids, private)
    print(
        f"  the {failed} not accepted, sent again with the same Idempotency-Key: "
        f"{dict(sorted(retried.items()))}; of {len(load.applications)} applications: {stored}"
    )
    if retried.get(201, 0) != failed or not stored.agree(len(load.applications)):
        problems.append("after the retries, rows, files and applications differ")
    return common.fail(problems)


if __name__ == "__main__":
    sys.exit(common.run_outage_test(__doc__, "PostgreSQL", run))

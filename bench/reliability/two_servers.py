"""Reliability test 1: two app servers sharing PostgreSQL and Redis.

A fresh database ``careers_rel_<pid>`` on the machine's PostgreSQL (dropped at
the end), a redis-server of its own on a free port, the Hoppscotch careers pages
imported, and two gunicorn instances (2 workers each) on different ports. A
posting is read (and so cached in Redis) through both; an edit is published
from this process (the Django ORM on the same DATABASE_URL and REDIS_URL, as an
editor on server A would) and server B must serve it on its next request. Then
applications (multipart, a 20 KB PDF, distinct Idempotency-Keys) go to A and B
in turn from concurrent threads: rows and resume files must equal the 201s.

Then through nginx (deploy/nginx.conf, run by deploy/local_nginx.py, with A and
B as its upstream), as the README deploys it: reads and applications through
the proxy, then server A is killed (SIGKILL) and more of both go through the
proxy: every one must be answered by B (200, 201), none lost, and rows and
files must still equal the 201s.

    .venv/bin/python -m bench.reliability.two_servers [--applications N] [--threads T]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import signal
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from bench import harness
from bench.reliability import common
from deploy import local_nginx

# Both servers get the Host a load balancer would pass on, so they share cache entries.
HOST = {"Host": "localhost"}


def read_title(base_url: str) -> tuple[int, str]:
    url = f"{base_url}{common.PUBLIC_GETS['detail']}"
    status, _, body = common.http("GET", url, headers=HOST)
    return status, json.loads(body)["title"] if status == 200 else ""


def publish_edit(title: str) -> float:
    """Publish a new title for the posting; the time it took."""
    from django.db import connections

    from careers_pages.models import JobPostingPage

    started = time.monotonic()
    try:
        page = JobPostingPage.objects.get(slug=harness.SLUG).get_latest_revision_as_object()
        page.title = title
        page.save_revision().publish()
    finally:
        connections.close_all()
    return time.monotonic() - started


def send_applications(servers: list[str], count: int, threads: int, names: str = "AB"):
    """``count`` applications, the n-th to ``servers[n % 2]`` (named ``names[n % 2]``);
    statuses per server and ids."""
    resume = harness.resume_pdf(20 * 1024)
    run_id = uuid.uuid4().hex[:8]
    numbers = itertools.count()
    lock = threading.Lock()
    statuses: Counter = Counter()
    ids: list[str] = []

    def worker(_):
        while (n := next(numbers)) < count:
            name = names[n % 2]
            status, _, data = common.apply(servers[n % 2], f"rel-{run_id}-{n}", resume)
            with lock:
                statuses[(name, status)] += 1
                if status == 201 and data:
                    ids.append(data["id"])

    started = time.monotonic()
    for thread in common.run_threads(threads, worker):
        thread.join()
    return statuses, ids, time.monotonic() - started


def run(folder: Path, args) -> int:
    private = folder / "private"
    redis_server = common.RedisServer(folder)
    redis_server.start()
    servers: list = []
    try:
        with common.seeded_machine_database(private, redis_server.url) as database_url:
            env = harness.server_env(database_url, private, redis_server.url)
            ports = [harness.free_port(), harness.free_port()]
            urls = [f"http://127.0.0.1:{port}" for port in ports]
            try:
                for name, port in zip("AB", ports, strict=True):
                    log = folder / f"gunicorn-{name}.log"
                    servers.append(harness.start_gunicorn(env, port, log, workers=2))
                for server, url in zip(servers, urls, strict=True):
                    harness.wait_until_serving(server, url)
                result = check(urls, redis_server, private, args)
                proxy_port = harness.free_port()
                proxy = local_nginx.start(
                    folder / "nginx",
                    f"127.0.0.1:{proxy_port}",
                    [f"127.0.0.1:{port}" for port in ports],
                )
                try:
                    proxied = through_nginx(
                        f"http://127.0.0.1:{proxy_port}", servers[0], private, args
                    )
                finally:
                    local_nginx.stop(proxy)
                return result or proxied
            except RuntimeError as error:
                for name in "AB":
                    log = folder / f"gunicorn-{name}.log"
                    if log.exists():
                        print(log.read_text()[-3000:], file=sys.stderr)
                return common.fail([str(error)])
            finally:
                for server in servers:
                    harness.stop(server)
    finally:
        redis_server.stop()


def check(urls: list[str], redis_server, private: Path, args) -> int:
    problems = []
    a, b = urls
    before = [read_title(url) for url in (a, b, a, b)]
    redis = redis_server.client()
    cached = len(redis.keys("*careers:api:*")) - 1  # less the generation
    generation_before = redis.get(":1:careers:api:generation")
    print(
        f"two servers: A {a}, B {b} (gunicorn 2 sync workers each), PostgreSQL "
        f"{common.MACHINE_POSTGRES.rsplit('/', 1)[0]}, redis-server :{redis_server.port}"
    )
    print(
        f"  posting read through A, B, A, B: statuses {[s for s, _ in before]}, "
        f"title {before[0][1]!r}; {cached} API cache entries in Redis (one for these reads "
        "with Host: localhost, shared by A and B; two from the start-up checks by host:port)"
    )
    if any(status != 200 for status, _ in before) or len({t for _, t in before}) != 1:
        problems.append("the posting was not served alike by both servers")

    new_title = f"Back-end Engineer (edited {uuid.uuid4().hex[:6]})"
    took = publish_edit(new_title)
    generation_after = redis.get(":1:careers:api:generation")
    started = time.monotonic()
    status_b, title_b = read_title(b)
    latency = time.monotonic() - started
    status_a, title_a = read_title(a)
    print(
        f"  published {new_title!r} through the ORM ({took * 1000:.0f} ms); cache generation "
        f"{int(generation_before or 0)} -> {int(generation_after or 0)}"
    )
    print(
        f"  next request to B: {status_b} {title_b!r} ({latency * 1000:.1f} ms); "
        f"then A: {status_a} {title_a!r}"
    )
    if title_b != new_title or title_a != new_title:
        problems.append("a server did not serve the published edit on its next request")
    redis.close()

    statuses, ids, seconds = send_applications(urls, args.applications, args.threads)
    rows, found = common.applications_stored(ids)
    files = common.count_files(private)
    accepted = sum(count for (_, status), count in statuses.items() if status == 201)
    seen = ", ".join(f"{name} {status}: {n}" for (name, status), n in sorted(statuses.items()))
    print(
        f"  {args.applications} applications (20 KB resume) alternating A/B from "
        f"{args.threads} threads in {seconds:.2f}s: {{{seen}}}"
    )
    print(
        f"  201s {accepted}, ids returned {len(ids)}, rows {rows}, of them answered 201 {found}, "
        f"resume files {files}"
    )
    if accepted != args.applications:
        problems.append(f"{args.applications - accepted} applications were not accepted")
    if not (rows == files == accepted == found == len(ids)):
        problems.append("rows, files, ids and 201s differ")
    if any(status >= 500 or status == 0 for _, status in statuses):
        problems.append("an application got a 5xx or no answer")
    return common.fail(problems)


def through_nginx(proxy_url: str, server_a, private: Path, args) -> int:
    """Reads and applications through nginx; then A is killed and both go on through it."""
    problems = []
    half = max(2, args.applications // 4)
    rows_before, _ = common.applications_stored([])
    files_before = common.count_files(private)
    print(f"through nginx {proxy_url} (deploy/nginx.conf; upstream A and B):")
    all_ids = []
    for phase in ("A and B up", "A killed"):
        if phase == "A killed":
            # The master and its workers at once, as a machine failing would.
            workers = harness.worker_pids(server_a.pid)
            harness.stop(server_a, sig=9, grace=10)
            for pid in workers:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        reads = Counter(read_title(proxy_url)[0] for _ in range(20))
        statuses, ids, seconds = send_applications(
            [proxy_url, proxy_url], half, args.threads, names="NN"
        )
        all_ids += ids
        accepted = sum(count for (_, status), count in statuses.items() if status == 201)
        seen = ", ".join(f"{status}: {n}" for (_, status), n in sorted(statuses.items()))
        print(
            f"  {phase}: 20 reads {dict(reads)}; {half} applications in {seconds:.2f}s {{{seen}}}"
        )
        if set(reads) != {200}:
            problems.append(f"{phase}: a read through nginx was not answered 200")
        if accepted != half:
            problems.append(f"{phase}: {half - accepted} applications through nginx not accepted")
    rows, found = common.applications_stored(all_ids)
    files = common.count_files(private)
    print(
        f"  rows added {rows - rows_before}, of them answered 201 {found}, "
        f"resume files added {files - files_before}, ids returned {len(all_ids)}"
    )
    if not (rows - rows_before == files - files_before == found == len(all_ids)):
        problems.append("through nginx: rows, files, ids and 201s differ")
    return common.fail(problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=200)
    parser.add_argument("--threads", type=int, default=16)
    return common.in_temporary_folder(run, parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())

"""Reliability test: slow clients trickling request bodies must not stall the app.

gunicorn's sync workers serve one connection each, from its first byte to its
last. A client that sends a POST's headers and then its body one byte a second
holds a worker all that time; a few such clients and ``/healthz`` waits. nginx
in front (deploy/nginx.conf) reads every request in full before it passes it
on, so the app servers never see the slow ones.

The test: gunicorn as shipped (gunicorn.conf.py, 2 workers, production
settings), nginx in front of it (deploy/local_nginx.py), and ``--clients``
sockets that each send a POST's headers with ``Content-Length: 1000`` and then
one body byte a second for ``--seconds``; meanwhile ``GET /healthz`` every 50 ms
through nginx. It passes when the p99 latency of /healthz is under 1 s and
every probe answered 200. Then, to show the problem nginx solves, the same
against gunicorn directly (labelled "gunicorn directly"; not a pass condition).

    .venv/bin/python -m bench.reliability.slow_clients [--clients 50] [--seconds 10]
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench import harness
from bench.reliability import common
from deploy import local_nginx

PROBE_EVERY = 0.05
PROBE_TIMEOUT = 5.0
P99_LIMIT = 1.0
BODY_BYTES = 1000


def trickle(host: str, port: int, seconds: float, stop: threading.Event) -> None:
    """One slow client: a POST's headers, then a byte a second of its body, for ``seconds``."""
    try:
        with socket.create_connection((host, port), timeout=5) as sock:
            sock.sendall(
                (
                    f"POST /api/careers/postings/slow/applications/ HTTP/1.1\r\n"
                    f"Host: localhost\r\nContent-Type: application/octet-stream\r\n"
                    f"Content-Length: {BODY_BYTES}\r\n\r\n"
                ).encode()
            )
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline and not stop.wait(1):
                sock.sendall(b"x")
    except OSError:
        pass  # the server may drop a slow client; that is its right


def probe(url: str, seconds: float) -> list[tuple[int, float]]:
    """GET ``url`` every PROBE_EVERY seconds for ``seconds``: (status, latency) each."""
    results = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        request = urllib.request.Request(url, headers={"Host": "localhost"})
        try:
            with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0  # no answer within PROBE_TIMEOUT, or refused
        took = time.monotonic() - started
        results.append((status, took))
        time.sleep(max(0.0, PROBE_EVERY - took))
    return results


def healthz_under_slow_clients(
    host: str, port: int, clients: int, seconds: float
) -> list[tuple[int, float]]:
    """Start ``clients`` slow clients on host:port, probe /healthz there meanwhile."""
    stop = threading.Event()
    threads = [
        threading.Thread(target=trickle, args=(host, port, seconds, stop), daemon=True)
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # every slow client has sent its headers
    try:
        return probe(f"http://{host}:{port}/healthz", seconds - 0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def p99(results: list[tuple[int, float]]) -> float:
    took = sorted(latency for _, latency in results)
    return took[min(len(took) - 1, int(len(took) * 0.99))] if took else float("inf")


def summary(label: str, results: list[tuple[int, float]]) -> str:
    ok = sum(1 for status, _ in results if status == 200)
    took = sorted(latency for _, latency in results) or [0.0]
    return (
        f"  {label}: {len(results)} probes of /healthz, {ok} answered 200; latency "
        f"p50 {took[len(took) // 2] * 1000:.0f} ms, p99 {p99(results) * 1000:.0f} ms, "
        f"max {took[-1] * 1000:.0f} ms"
    )


def run(folder: Path, args) -> int:
    if not local_nginx.nginx_installed():
        return common.fail([f"nginx is not installed ({local_nginx.NGINX}; apt-get install nginx)"])
    env = harness.server_env(f"sqlite:///{folder / 'db.sqlite3'}", folder / "private")
    app_port, proxy_port = harness.free_port(), harness.free_port()
    server = harness.start_gunicorn(env, app_port, folder / "gunicorn.log", workers=2)
    nginx = None
    problems = []
    try:
        harness.wait_until_serving(server, f"http://127.0.0.1:{app_port}", path="/healthz")
        nginx = local_nginx.start(
            folder / "nginx", f"127.0.0.1:{proxy_port}", [f"127.0.0.1:{app_port}"]
        )
        print(
            f"{args.clients} slow clients (POST headers, then 1 body byte/s for "
            f"{args.seconds:.0f}s), GET /healthz every {PROBE_EVERY * 1000:.0f} ms; "
            "gunicorn with gunicorn.conf.py, 2 sync workers"
        )
        through = healthz_under_slow_clients("127.0.0.1", proxy_port, args.clients, args.seconds)
        print(summary("through nginx (deploy/nginx.conf)", through))
        if p99(through) >= P99_LIMIT:
            problems.append(f"/healthz p99 {p99(through):.2f}s through nginx, not under 1 s")
        if any(status != 200 for status, _ in through):
            problems.append("a /healthz probe through nginx did not answer 200")
        if not args.skip_direct:
            direct = healthz_under_slow_clients("127.0.0.1", app_port, args.clients, args.seconds)
            print(
                summary("gunicorn directly, no proxy (the problem; not a pass condition)", direct)
            )
    except RuntimeError as error:
        problems.append(str(error))
    finally:
        if nginx is not None:
            local_nginx.stop(nginx)
        harness.stop(server)
    return common.fail(problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument(
        "--skip-direct", action="store_true", help="only through nginx, not gunicorn directly"
    )
    return common.in_temporary_folder(run, parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())

"""Reliability test 5: 2,000 applications at 50 concurrent connections on PostgreSQL.

Runs bench/submit_applications.py (a fresh database ``careers_bench_<pid>`` on
the machine's PostgreSQL, dropped at the end; the Hoppscotch careers pages;
gunicorn with 2 sync workers, so 2 database connections of the server's 100;
wrk sending multipart applications with a 100 KB PDF and distinct
Idempotency-Keys; the app server in the production environment of
harness.server_env, without Redis) and judges it more strictly. Passes when
every application was answered 201, rows and resume files equal the 201s, and
nothing was answered 5xx.

    .venv/bin/python -m bench.reliability.application_load [--count N] [--concurrency C]
        [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import sys

from bench import submit_applications
from bench.reliability import common


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--database-url", default=common.MACHINE_POSTGRES)
    options = parser.parse_args()
    # Like the other reliability tests' servers: the local-memory cache, not Redis.
    os.environ.pop("REDIS_URL", None)
    command_line = [
        f"--requests={options.count}",
        f"--concurrency={options.concurrency}",
        f"--database-url={options.database_url}",
    ]
    return submit_applications.main(command_line, report=strict_report)


def strict_report(result, label, args, rows, files, tasks) -> int:
    """submit_applications' figures and verdict, then this test's own conditions."""
    code = submit_applications.report(result, label, args, rows, files, tasks)
    statuses = result["statuses"]
    accepted = statuses.get(201, 0)
    server_errors = sum(count for status, count in statuses.items() if status >= 500)
    print(
        f"  5xx {server_errors}; 201s {accepted} of {args.requests}; "
        f"rows {rows} = files {files} = 201s {accepted}: {rows == files == accepted}"
    )
    problems = []
    if code:
        problems.append("submit_applications.py reported a failure")
    if server_errors:
        problems.append(f"{server_errors} answers were 5xx")
    if accepted != args.requests or not rows == files == accepted:
        problems.append("not every application was accepted and stored with its resume")
    return common.fail(problems)


if __name__ == "__main__":
    sys.exit(main())

"""Reliability test 2: schemathesis against the served OpenAPI schema.

Installs schemathesis into this virtualenv when it is missing, seeds a fresh
database (``careers_rel_<pid>`` on the machine's PostgreSQL, dropped at the end;
``--sqlite`` for a SQLite file instead) with the Hoppscotch careers pages, serves
it with gunicorn (production settings, no application throttle) and runs
``schemathesis run /api/schema/`` over every operation in the schema, nothing
excluded, with the checks ``not_a_server_error`` and
``response_schema_conformance`` (pass 1). Pass 2 runs the operations that take
an identifier again with one that exists (the posting's slug, its page id), so
that generated queries and application forms get past the 404. Fails when a
check fails or pass 1 ran fewer than ``--min-cases`` test cases; each distinct
failure is printed with a request and the response. Pass 2 also runs Wagtail's
pages listing with ``type=careers_pages.JobPostingPage``, so that the posting's
field filters the schema documents (``valid_through``, ``employment_type``…) are
generated against postings rather than refused as unknown.

    .venv/bin/python -m bench.reliability.schemathesis_run [--max-examples N] [--sqlite]
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench import harness
from bench.reliability import common

CHECKS = "not_a_server_error,response_schema_conformance"
SLUG_PATHS = ("/api/careers/postings/{slug}/", "/api/careers/postings/{slug}/applications/")
PAGE_PATH = "/api/v2/pages/{id}/"
PAGES_PATH = "/api/v2/pages/"
POSTING_TYPE = "careers_pages.JobPostingPage"


def schemathesis() -> tuple[Path, str]:
    """The schemathesis command of this virtualenv and its version, installed if missing."""
    command = Path(sys.executable).with_name("schemathesis")
    if not command.exists():
        print("installing schemathesis into the virtualenv")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "schemathesis"], check=True
        )
    version = subprocess.run(
        [str(command), "--version"], check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    return command, version


def read_report(path: Path) -> tuple[Counter, Counter, dict]:
    """Test cases per operation, responses per status, and the failures (one example of
    each distinct failure), from schemathesis' NDJSON events."""
    cases: Counter = Counter()
    statuses: Counter = Counter()
    failures: dict = {}
    for line in path.read_text().splitlines():
        scenario = json.loads(line).get("ScenarioFinished")
        if not scenario:
            continue
        recorder = scenario.get("recorder", {})
        label = recorder.get("label", "?")
        interactions = recorder.get("interactions", {})
        for interaction in interactions.values():
            cases[label] += 1
            statuses[(interaction.get("response") or {}).get("status_code", 0)] += 1
        for case_id, checks in recorder.get("checks", {}).items():
            for check in checks:
                if check.get("status") != "failure":
                    continue
                info = check.get("failure_info", {}).get("failure", {})
                interaction = interactions.get(case_id, {})
                request = interaction.get("request", {})
                response = interaction.get("response") or {}
                key = (label, check["name"], info.get("title"), response.get("status_code"))
                entry = failures.setdefault(key, {"count": 0})
                entry["count"] += 1
                entry.setdefault("request", f"{request.get('method')} {request.get('uri')}")
                entry.setdefault("request_body", _text(request.get("body"))[:300])
                entry.setdefault("response", _text(response.get("content"))[:300])
                entry.setdefault("message", info.get("message", ""))
    return cases, statuses, failures


def _text(content) -> str:
    if not content:
        return ""
    if isinstance(content, dict) and "$base64" in content:
        return base64.b64decode(content["$base64"]).decode("utf-8", "replace")
    return str(content)


def posting_page_id() -> int:
    from django.db import connections

    from careers_pages.models import JobPostingPage

    try:
        return JobPostingPage.objects.get(slug=harness.SLUG).pk
    finally:
        connections.close_all()


def schemathesis_pass(command, base_url, folder, name, args, config=None, *options) -> dict:
    """One ``schemathesis run``; its exit status, output and figures."""
    report = folder / f"{name}.ndjson"
    run = subprocess.run(
        [
            str(command),
            *(["--config-file", str(config)] if config else []),
            "run",
            f"{base_url}/api/schema/",
            f"--checks={CHECKS}",
            f"--max-examples={args.max_examples}",
            f"--seed={args.seed}",
            "--workers=2",
            "--request-timeout=30",
            "--generation-database=none",
            "--report=ndjson",
            f"--report-ndjson-path={report}",
            "--no-color",
            "--output-truncate=false",
            "--output-sanitize=false",
            *options,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    if args.keep_reports:
        Path(args.keep_reports).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(report, Path(args.keep_reports) / report.name)
        (Path(args.keep_reports) / f"{name}.txt").write_text(run.stdout + run.stderr)
    cases, statuses, failures = read_report(report)
    return {"run": run, "cases": cases, "statuses": statuses, "failures": failures}


def print_pass(title: str, result: dict) -> None:
    cases, failures, run = result["cases"], result["failures"], result["run"]
    stateful = cases.get("Stateful tests", 0)
    print(
        f"{title}: {sum(cases.values())} test cases ({sum(cases.values()) - stateful} "
        f"per operation, {stateful} in stateful sequences)"
    )
    for label, count in sorted(cases.items()):
        print(f"  {count:>5}  {label}")
    print(f"  responses by status: {dict(sorted(result['statuses'].items()))}")
    failed_checks = sum(entry["count"] for entry in failures.values())
    print(
        f"  failures: {len(failures)} distinct ({failed_checks} failed checks); "
        f"schemathesis exit status {run.returncode}"
    )
    for (label, check, name, status), entry in sorted(failures.items(), key=str):
        print(f"  - {label}: {check} ({name}), {entry['count']}x, e.g.")
        print(f"      request  {entry['request']}")
        if entry["request_body"]:
            print(f"      body     {entry['request_body']!r}")
        print(f"      response {status} {' '.join(entry['response'].split())[:160]!r}")
        if entry["message"]:
            print(f"      {entry['message'][:300]}")
    if run.returncode != 0 and not failures:
        print(run.stdout[-5000:])
        print(run.stderr[-5000:], file=sys.stderr)


def run(folder: Path, database_url: str, args) -> int:
    command, version = schemathesis()
    private = folder / "private"
    harness.seed_hoppscotch(database_url, private)
    page_id = posting_page_id()
    port = harness.free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = folder / "gunicorn.log"
    server = harness.start_gunicorn(harness.server_env(database_url, private), port, log)
    # Pass 2: the operations that take an identifier, with one that exists, so that
    # generated queries and forms reach past the 404 (schemathesis cannot guess them).
    config = folder / "real-identifiers.toml"
    slug_paths = ", ".join(f'"{path}"' for path in SLUG_PATHS)
    config.write_text(
        f"[[operations]]\ninclude-path = [{slug_paths}]\n"
        f'parameters = {{ slug = "{harness.SLUG}" }}\n\n'
        f'[[operations]]\ninclude-path = "{PAGE_PATH}"\nparameters = {{ id = {page_id} }}\n\n'
        f'[[operations]]\ninclude-path = "{PAGES_PATH}"\n'
        f'parameters = {{ type = "{POSTING_TYPE}" }}\n'
    )
    try:
        harness.wait_until_serving(server, base_url)
        everything = schemathesis_pass(command, base_url, folder, "all-operations", args)
        real = schemathesis_pass(
            command,
            base_url,
            folder,
            "real-identifiers",
            args,
            config,
            *(f"--include-path={path}" for path in (*SLUG_PATHS, PAGE_PATH, PAGES_PATH)),
        )
    finally:
        harness.stop(server)
    print(
        f"schemathesis {version} against /api/schema/ (gunicorn, DEBUG=false, "
        f"{'SQLite' if args.sqlite else 'PostgreSQL'}, no throttle): checks {CHECKS}, "
        f"--max-examples {args.max_examples} per operation, --seed {args.seed}, nothing excluded"
    )
    operations = len(set(everything["cases"]) - {"Stateful tests"})
    print_pass(f"pass 1, all {operations} operations, every value generated", everything)
    print_pass(
        f"pass 2, the identifier operations with slug {harness.SLUG!r} and page id {page_id}, "
        f"and the pages listing with type={POSTING_TYPE}",
        real,
    )
    total = sum(everything["cases"].values()) + sum(real["cases"].values())
    distinct = {**everything["failures"], **real["failures"]}
    print(f"total: {total} test cases, {len(distinct)} distinct failures")
    problems = []
    if distinct or everything["run"].returncode or real["run"].returncode:
        problems.append(f"{len(distinct)} distinct failures (bugs in the API, see above)")
    if sum(everything["cases"].values()) < args.min_cases:
        problems.append(f"fewer than {args.min_cases} test cases over all operations")
    return common.fail(problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=100, help="per operation")
    parser.add_argument("--min-cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--keep-reports", help="a folder to copy schemathesis' output to")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="careers-rel-") as tmp:
        folder = Path(tmp)
        with contextlib.ExitStack() as stack:
            if args.sqlite:
                database_url = f"sqlite:///{folder / 'schemathesis.sqlite3'}"
            else:
                database_url = stack.enter_context(common.machine_database("careers_rel"))
            return run(folder, database_url, args)


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: import N generated Careers Markdown postings (default 1,000).

This is a benchmark, not a test: it measures how long ``import_careers`` takes,
and only fails (non-zero exit) if the import does not leave N live postings.
Run it from the project folder:

    .venv/bin/python -m bench.import_postings [--count N] [--database-url URL]

Without ``--database-url`` it imports into a new SQLite file in a temporary
folder. With a PostgreSQL URL (such as ``postgres://postgres@127.0.0.1:5432/postgres``)
it creates a database named ``careers_bench_<pid>`` on that server and drops it
at the end. The project's own database is never touched.

Two runs are timed: a first import into the empty database, then a re-import
of the same folder, where every posting is unchanged.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench import harness

DEPARTMENTS = ("engineering", "design", "product")
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")


def posting_markdown(n: int) -> str:
    role = f"Benchmark Role {n}"
    overview = [
        f"We are looking for a **{role}** to join our growing team. You will work on the "
        "systems that thousands of developers rely on every day, with a focus on quality.",
        "You will collaborate closely with engineering, design and product, and help shape "
        "how we build, test and ship software. Read more on [our blog](https://example.com/blog).",
        f"Posting number {n} is fully remote; we work asynchronously across time zones and "
        "meet in person a couple of times a year.",
    ]
    summary = [
        f"As a {role}, you will own features from the first sketch to production, and keep "
        "them running smoothly afterwards.",
        "You will write clear documentation, review code from your peers and mentor newer "
        "team members. See [how we work](https://example.com/how-we-work).",
        "We value **ownership**, kindness and a bias for shipping small, frequent changes.",
    ]
    responsibilities = [
        f"Responsibility {i} of posting {n}: design, build and maintain part of the product"
        for i in range(1, 11)
    ]
    responsibilities[2] = "Work with **product** and design to plan each release"
    qualifications = [
        f"Qualification {i}: {i + 1}+ years of experience with modern web development tools"
        for i in range(1, 11)
    ]
    qualifications[4] = "Familiarity with [our API](https://example.com/docs) is a plus"
    return "\n".join(
        [
            "---",
            f"title: Careers | {role}",
            "---",
            "",
            '<BackNavigation to="/company/careers" />',
            "",
            f"# {role}",
            "",
            '<span class="inline-flex px-4 py-1 rounded bg-accent text-accentContrast">'
            "Location: Remote</span>",
            "",
            "### Overview",
            "",
            "\n\n".join(overview),
            "",
            "### Summary",
            "",
            "\n\n".join(summary),
            "",
            "### Responsibilities",
            "",
            *(f"- {item}" for item in responsibilities),
            "",
            "### Qualifications",
            "",
            *(f"- {item}" for item in qualifications),
            "",
            f'<CareerForm role="{role}" />',
            "",
        ]
    )


def write_postings(folder: Path, count: int) -> None:
    """``folder/postings/posting-0001.md`` … and a ``careers-index.json`` listing them."""
    (folder / "postings").mkdir()
    width = max(4, len(str(count)))
    positions: dict[str, list[dict]] = {key: [] for key in DEPARTMENTS}
    for n in range(1, count + 1):
        slug = f"posting-{n:0{width}d}"
        (folder / "postings" / f"{slug}.md").write_text(posting_markdown(n), encoding="utf-8")
        positions[DEPARTMENTS[n % len(DEPARTMENTS)]].append(
            {"slug": slug, "title": f"Benchmark Role {n}", "description": f"Short text {n}."}
        )
    index = {
        "url": "/company/careers",
        "title": "Careers",
        "hero": {"heading": "Join us", "subheading": "Benchmark data.", "button_label": "See"},
        "open_positions": {
            "heading": "Open Positions",
            "departments": [
                {"key": key, "heading": key.capitalize(), "icon": "settings", "positions": items}
                for key, items in positions.items()
            ],
        },
    }
    (folder / "careers-index.json").write_text(json.dumps(index, indent=2), encoding="utf-8")


def create_postgres_database(server_url: str) -> tuple[str, str]:
    """Create ``careers_bench_<pid>`` on the server; its name and URL."""
    import psycopg

    name = f"careers_bench_{os.getpid()}"
    parts = urlsplit(server_url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, parts._replace(path=f"/{name}").geturl()


def drop_postgres_database(server_url: str, name: str) -> None:
    import psycopg

    maintenance = urlsplit(server_url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(folder: Path, database_url: str, count: int, label: str) -> int:
    harness.setup_django(database_url)
    from django.core.management import call_command
    from django.db import connections

    from careers_pages.importing import import_careers
    from careers_pages.models import JobPostingPage

    try:
        call_command("migrate", verbosity=0)
        for name in ("import", "re-import (unchanged)"):
            started = time.perf_counter()
            report = import_careers([folder])
            seconds = time.perf_counter() - started
            print(
                f"{name}: {report.postings} postings in {seconds:.1f}s "
                f"= {report.postings / seconds:.1f} postings/s ({label})"
            )
        if len(report.unchanged) != count:
            print(f"error: the re-import found {len(report.unchanged)} of {count} unchanged")
            return 1
        live = JobPostingPage.objects.live().count()
        if live != count:
            print(f"error: {live} live postings after the import, expected {count}")
            return 1
        return 0
    finally:
        connections.close_all()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="postings to generate")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server URL; a fresh database is created on it (default: SQLite)",
    )
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")
    if args.database_url and urlsplit(args.database_url).scheme not in POSTGRES_SCHEMES:
        parser.error("--database-url must be a PostgreSQL URL; SQLite is the default")

    with tempfile.TemporaryDirectory(prefix="careers-bench-") as tmp:
        folder = Path(tmp)
        write_postings(folder, args.count)
        if not args.database_url:
            return run(folder, f"sqlite:///{folder / 'bench.sqlite3'}", args.count, "sqlite")
        name, url = create_postgres_database(args.database_url)
        try:
            return run(folder, url, args.count, "postgresql")
        finally:
            drop_postgres_database(args.database_url, name)


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: is the work on one posting's text linear in its size?

Times parsing, API serialization (a cache miss of the detail) and export for
one posting whose list items are 100 B, 10 KB and 100 KB of ordinary editor
text with the characters that once hung the API ("R&D", "Q&A", "P&L",
"2 < 3", emphasis and links), and prints the time per KB at each size.
Linear means the time per KB stays flat. Run it from the project folder:

    .venv/bin/python -m bench.content_scale

This is in-process (Django's test client, no server, no response cache), on a
new SQLite file in a temporary folder; it measures the text handling, not the
deployed server (bench/api_speed.py does that).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from bench import harness

UNIT = "Own R&D, Q&A and P&L where 2 < 3, with **care** and [docs](https://e.com/a?b=1&c=2). "
ITEMS = 8  # list items of each kind, each of the size measured
SIZES = {"100 B": 100, "10 KB": 10_000, "100 KB": 100_000}
REPEAT = 5


def item(size: int) -> str:
    return (UNIT * (size // len(UNIT) + 1))[:size].rsplit(" ", 1)[0]


def posting(size: int) -> str:
    items = "".join(f"- {item(size)}\n" for _ in range(ITEMS))
    return (
        "---\ntitle: Scale | Tester\n---\n\n# Tester\n\n### Overview\n\n"
        f"{item(size)}\n\n### Summary\n\nShort.\n\n"
        f"### Responsibilities\n\n{items}\n### Qualifications\n\n{items}\n"
        '<CareerForm role="Tester" />\n'
    )


def best(function) -> float:
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="content-scale-"))
    os.environ.setdefault("SECRET_KEY", "content-scale-benchmark-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    harness.setup_django(
        f"sqlite:///{tmp / 'db.sqlite3'}", CAREERS_API_CACHE="false", DEBUG="false"
    )
    from django.core.management import call_command
    from django.test import Client

    from careers_pages.exporting import export_careers
    from careers_pages.importing import import_careers
    from careers_pages.markdown import parse_posting
    from careers_pages.models import CareersIndexPage

    call_command("migrate", verbosity=0)
    client = Client()
    rows = []
    for label, size in SIZES.items():
        text = posting(size)
        source = tmp / label.replace(" ", "") / "tester.md"
        source.parent.mkdir()
        source.write_text(text, encoding="utf-8")
        import_careers([source])
        kb = len(text.encode()) / 1000

        def detail():
            response = client.get("/api/careers/postings/tester/", secure=True)
            assert response.status_code == 200, response.status_code

        index = CareersIndexPage.objects.get()
        timings = {
            "parse": best(lambda text=text: parse_posting(text)),
            "API detail": best(detail),
            "export": best(lambda index=index: export_careers(tmp / "export", index)),
        }
        rows.append((label, kb, timings))

    print(f"One posting, {ITEMS * 2} list items and a paragraph of each size; best of {REPEAT}.")
    print(f"{'items':>7} {'file KB':>9} " + " ".join(f"{k + ' ms/KB':>18}" for k in rows[0][2]))
    for label, kb, timings in rows:
        cells = " ".join(f"{seconds * 1000 / kb:>18.4f}" for seconds in timings.values())
        print(f"{label:>7} {kb:>9.1f} {cells}")
    first, last = rows[0], rows[-1]
    print(
        "ratio of ms/KB, largest to smallest: "
        + ", ".join(
            f"{k} {(last[2][k] / last[1]) / (first[2][k] / first[1]):.2f}" for k in first[2]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

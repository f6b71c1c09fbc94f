"""A task for the tests that run a real worker process: it leaves a file behind."""

from pathlib import Path

from django_tasks import task


@task()
def write_file(path: str, text: str):
    Path(path).write_text(text, encoding="utf-8")

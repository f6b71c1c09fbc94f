"""SQLite in development: an editor and the task worker share one database file.

Real processes on a real SQLite file (an in-memory database has no second
process): the editor and the worker are ``manage.py`` processes, and this
test's process holds SQLite's write lock the way a busy worker or editor does.
"""

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from tests.factories import PROJECT

MANAGE = [sys.executable, str(PROJECT / "manage.py")]
WORKER_OPTIONS = ["--interval", "0.1", "--no-startup-delay"]
WAIT_SECONDS = 60


def environment(database, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "TASKS_BACKEND", "REDIS_URL")
    }
    env.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_SETTINGS_MODULE="cms.settings")
    env.update(extra)
    return env


class Process:
    """A manage.py command in its own process group, its output collected line by line."""

    def __init__(self, arguments, database, **env):
        self.popen = subprocess.Popen(
            [*MANAGE, *arguments],
            cwd=PROJECT,
            env=environment(database, **env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines = []
        self.finished = False
        self.changed = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.popen.stdout:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.finished = True
            self.changed.notify_all()

    @property
    def output(self):
        return "".join(self.lines)

    def wait_for(self, pattern, *, count=1):
        """The ``count``-th line matching ``pattern``, as a match; fails when the
        process's output ends or a minute passes without it."""
        deadline = time.monotonic() + WAIT_SECONDS
        with self.changed:
            while True:
                matches = [m for line in self.lines if (m := re.search(pattern, line))]
                if len(matches) >= count:
                    return matches[count - 1]
                if self.finished:
                    self.popen.wait()
                    pytest.fail(
                        f"ended (exit code {self.popen.returncode}) without "
                        f"{pattern!r}:\n{self.output}"
                    )
                if time.monotonic() > deadline:
                    pytest.fail(f"no {pattern!r} in a minute:\n{self.output}")
                self.changed.wait(0.2)

    def send(self, line):
        self.popen.stdin.write(line + "\n")
        self.popen.stdin.flush()

    def stop(self):
        """SIGTERM to the whole group, SIGKILL if it is still there after 10 s."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        return self.popen.returncode


def manage(arguments, database, **env):
    result = subprocess.run(
        [*MANAGE, *arguments],
        cwd=PROJECT,
        env=environment(database, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory):
    """A migrated SQLite file, made once; tests work on copies."""
    database = tmp_path_factory.mktemp("sqlite-template") / "db.sqlite3"
    manage(["migrate", "--noinput"], database)
    return database


@pytest.fixture
def database(migrated_file, tmp_path):
    copy = tmp_path / "db.sqlite3"
    for companion in ("", "-wal", "-shm"):
        if (source := migrated_file.with_name(migrated_file.name + companion)).exists():
            shutil.copy(source, copy.with_name(copy.name + companion))
    return copy


class WriteLock:
    """SQLite's write lock, held by this process: ``BEGIN IMMEDIATE`` is what a
    worker's task or another editor holds while it writes; ``BEGIN EXCLUSIVE``
    is what the task worker takes to claim a task."""

    def __init__(self, database, mode="IMMEDIATE"):
        self.connection = sqlite3.connect(database, isolation_level=None, timeout=30)
        self.connection.execute(f"BEGIN {mode}")
        # A write in progress, as the worker's would be.
        self.connection.execute("UPDATE django_migrations SET app = app WHERE id = 1")

    def release(self):
        self.connection.execute("COMMIT")
        self.connection.close()


def enqueue_write_file(database, path):
    manage(
        [
            "shell",
            "-c",
            "from tests.project.worker_tasks import write_file; "
            f"print(write_file.enqueue({str(path)!r}, 'done').id)",
        ],
        database,
    )


def task_statuses(database):
    with sqlite3.connect(database) as connection:
        return [
            status
            for (status,) in connection.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult"
            )
        ]


def wait_for_file(path, process):
    deadline = time.monotonic() + WAIT_SECONDS
    while not path.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"the task did not run in a minute:\n{process.output}")
        time.sleep(0.1)


EDITOR = """
import sys, time
from wagtail.models import Site
from careers_pages.models import CareersIndexPage
from tests.factories import add_posting

home = Site.objects.get(is_default_site=True).root_page
index = home.add_child(instance=CareersIndexPage(title="Careers", slug="careers"))
print("ready", flush=True)
sys.stdin.readline()
started = time.monotonic()
# What the admin's Publish does: save a revision, then publish it.
index.title = "Join us"
index.save_revision().publish()
add_posting(index, "back-end-engineer")
print(f"published in {time.monotonic() - started:.1f} s", flush=True)
"""


def test_an_editor_publishes_while_the_worker_holds_the_write_lock(database):
    editor = Process(["shell", "-c", EDITOR], database)
    try:
        editor.wait_for("^ready")
        lock = WriteLock(database)
        editor.send("publish")
        time.sleep(1.5)
        lock.release()
        published = editor.wait_for(r"published in ([\d.]+) s")
        assert editor.popen.wait(timeout=WAIT_SECONDS) == 0, editor.output
    finally:
        editor.stop()
    # It waited for the lock instead of answering "database is locked".
    assert float(published[1]) >= 1.0, editor.output
    with sqlite3.connect(database) as connection:
        live = connection.execute(
            "SELECT slug, title FROM wagtailcore_page WHERE live AND slug IN "
            "('careers', 'back-end-engineer') ORDER BY slug"
        ).fetchall()
    assert live == [("back-end-engineer", "Back End Engineer"), ("careers", "Join us")]


def test_the_database_is_in_wal_mode(database):
    manage(["shell", "-c", "from wagtail.models import Page; Page.objects.count()"], database)
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.parametrize("reload", ["--no-reload", "--reload"])
def test_the_worker_survives_a_locked_database(database, tmp_path, reload):
    done = tmp_path / "task-ran.txt"
    enqueue_write_file(database, done)
    # Locked for longer than the worker's busy timeout when it starts.
    lock = WriteLock(database, "EXCLUSIVE")
    worker = Process(["db_worker", reload, *WORKER_OPTIONS], database, SQLITE_BUSY_TIMEOUT="0.2")
    try:
        worker.wait_for("database is locked")
        assert not done.exists()
        lock.release()
        wait_for_file(done, worker)
        deadline = time.monotonic() + WAIT_SECONDS
        while task_statuses(database) != ["SUCCESSFUL"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert task_statuses(database) == ["SUCCESSFUL"]
        assert worker.popen.poll() is None, worker.output
    finally:
        worker.stop()
    assert "Task worker: database error (OperationalError: database is locked)" in worker.output


def test_make_runs_supervisor_starts_a_killed_worker_again(database, tmp_path):
    supervisor = Process(["supervise_worker", "--", "--no-reload", *WORKER_OPTIONS], database)
    try:
        first = int(supervisor.wait_for(r"Task worker started \(pid (\d+)\)")[1])
        os.kill(first, signal.SIGKILL)
        supervisor.wait_for(
            rf"task worker \(pid {first}\) ended with exit code -9; starting it again"
        )
        second = int(supervisor.wait_for(r"Task worker started \(pid (\d+)\)", count=2)[1])
        assert second != first
        done = tmp_path / "task-ran.txt"
        enqueue_write_file(database, done)
        wait_for_file(done, supervisor)
    finally:
        if supervisor.popen.poll() is None:
            supervisor.popen.send_signal(signal.SIGTERM)  # as make run's trap does
        code = supervisor.popen.wait(timeout=20)
    assert code == 0, supervisor.output
    assert "Task worker stopped." in supervisor.output
    # The worker went with it.
    with pytest.raises(ProcessLookupError):
        os.kill(second, 0)

"""Every process serves the change on its very next request: two real app
servers (gunicorn with the project's gunicorn.conf.py, production settings)
on one SQLite file, each worker with its own local-memory cache, and the
change made by a third process (``import_careers`` on the command line, an
unpublish in a shell). With Redis, the same through the shared generation;
on PostgreSQL (when the tests run on it), through its LISTEN/NOTIFY."""

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.factories import (
    POSTGRES_SERVER,
    PROJECT,
    REDIS,
    free_port,
    postgres_server_params,
    redis_available,
)

GUNICORN = Path(sys.executable).with_name("gunicorn")
WORKERS = 2  # per server: every worker of each must be fresh
# Requests per check, so that each worker of a server answers some (the
# kernel hands connections to whichever worker accepts first).
TRIES = 8
UNPUBLISHED = ("developer-advocate", "site-reliability-engineer")


def environment(database_url: str, folder: Path, redis_url: str | None) -> dict:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CAREERS_", "GUNICORN_", "REDIS_", "SECURE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="false",  # plain HTTP on the loopback
        STATIC_ROOT=str(folder / "static"),
        WEB_CONCURRENCY=str(WORKERS),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict, *arguments: str) -> None:
    """A management command in a process of its own (the command line)."""
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def start(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    """gunicorn as the README deploys it: ``gunicorn cms.wsgi`` in the project folder."""
    port = free_port()
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(GUNICORN), "cms.wsgi"],
            cwd=PROJECT,
            env={**env, "BIND": f"127.0.0.1:{port}"},
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            get(base_url, "/healthz")
            return server, base_url
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-3000:]}")


def get(base_url: str, path: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(base_url + path, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, {}


def what_is_shown(base_url: str) -> dict:
    """What the index, the list and one posting show now."""
    _, index = get(base_url, "/api/careers/")
    _, page = get(base_url, "/api/careers/postings/?limit=100")
    detail, posting = get(base_url, "/api/careers/postings/back-end-engineer/")
    return {
        "index": sorted(
            position["slug"]
            for department in index["open_positions"]["departments"]
            for position in department["positions"]
        ),
        "list": sorted(posting["slug"] for posting in page["results"]),
        "count": page["count"],
        "title": posting.get("title") if detail == 200 else detail,
        "hidden": [get(base_url, f"/api/careers/postings/{slug}/")[0] for slug in UNPUBLISHED],
    }


def assert_every_worker_shows(servers: list[str], expected: dict) -> None:
    for base_url in servers:
        for _ in range(TRIES):
            assert what_is_shown(base_url) == expected, base_url


@pytest.fixture
def database_url(tmp_path, request):
    """A new SQLite file, or (parametrized "postgresql") a new PostgreSQL database."""
    if getattr(request, "param", "sqlite") == "postgresql":
        return request.getfixturevalue("postgres_url")
    return f"sqlite:///{tmp_path / 'db.sqlite3'}"


@pytest.fixture
def two_servers(tmp_path, careers_site, database_url, request):
    """Two app servers on a new database with the demo careers pages; the
    environment a third process gets; the folder the pages are imported from."""
    redis_url = getattr(request, "param", None)
    folder = tmp_path / "careers"
    shutil.copytree(careers_site, folder)
    (tmp_path / "static").mkdir()
    env = environment(database_url, tmp_path, redis_url)
    manage(env, "migrate", "--verbosity=0")
    manage(env, "import_careers", str(folder), "--verbosity=0")
    servers = []
    try:
        for n in range(2):
            servers.append(start(env, tmp_path / f"gunicorn-{n}.log"))
        yield [base_url for _, base_url in servers], env, folder
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=30)


def check_freshness(servers: list[str], env: dict, folder: Path) -> None:
    everything = sorted(path.stem for path in (folder / "postings").glob("*.md"))
    shown = {
        "index": everything,
        "list": everything,
        "count": len(everything),
        "title": "Back-end Engineer",
        "hidden": [200, 200],
    }
    assert_every_worker_shows(servers, shown)  # and cached, in every worker

    # Unpublished in a third process (a shell, as a worker or another server would).
    unpublish = (
        "from careers_pages.models import JobPostingPage\n"
        f"for page in JobPostingPage.objects.filter(slug__in={list(UNPUBLISHED)!r}):\n"
        "    page.unpublish()\n"
    )
    manage(env, "shell", "-c", unpublish)
    remaining = [slug for slug in everything if slug not in UNPUBLISHED]
    shown.update(index=remaining, list=remaining, count=len(remaining), hidden=[404, 404])
    assert_every_worker_shows(servers, shown)

    # Imported on the command line: a title changed, the unpublished ones again.
    posting = folder / "postings" / "back-end-engineer.md"
    text = posting.read_text()
    assert "\n# Back-end Engineer\n" in text
    posting.write_text(text.replace("\n# Back-end Engineer\n", "\n# Staff Engineer\n", 1))
    manage(env, "import_careers", str(folder), "--verbosity=0")
    shown.update(
        index=everything,
        list=everything,
        count=len(everything),
        title="Staff Engineer",
        hidden=[200, 200],
    )
    assert_every_worker_shows(servers, shown)


def test_a_change_from_another_process_shows_at_once_without_redis(two_servers):
    check_freshness(*two_servers)


@pytest.mark.parametrize("two_servers", [REDIS], indirect=True)
def test_a_change_from_another_process_shows_at_once_with_redis(two_servers):
    if not redis_available():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    check_freshness(*two_servers)


@pytest.fixture
def postgres_database():
    """A PostgreSQL database of its own for the servers, made and dropped here,
    on the server the tests run on, or on TEST_POSTGRES_URL's when they run on
    SQLite (skipped where there is no PostgreSQL server)."""
    params = postgres_server_params()
    if params is None:
        pytest.skip(f"needs a PostgreSQL server: none at {POSTGRES_SERVER} (TEST_POSTGRES_URL)")
    import psycopg

    name = f"careers_freshness_{secrets.token_hex(4)}"
    server = {key: params[key] for key in ("host", "port", "user", "password") if params.get(key)}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name, server
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(postgres_database):
    name, server = postgres_database
    password = f":{server['password']}" if server.get("password") else ""
    host = server.get("host") or "127.0.0.1"
    user = server.get("user", "postgres")
    return f"postgres://{user}{password}@{host}:{server.get('port') or 5432}/{name}"


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_change_from_another_process_shows_at_once_on_postgresql(two_servers):
    """Without Redis: each worker's LISTEN hears the NOTIFY of every bump."""
    check_freshness(*two_servers)

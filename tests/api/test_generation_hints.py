"""The change hints that let a cached hit skip reading the generation
(api/generation_hints.py), each against the real thing: a file, the local
Redis, this run's PostgreSQL."""

import pytest

from api import generation_hints
from api.generation_hints import FileHint, KnownGeneration, PostgresHint, RedisHint
from tests.factories import POSTGRES_SERVER, REDIS, postgres_server_params, redis_available


class Store:
    """A generation and how often it was read."""

    def __init__(self):
        self.value, self.reads = 1, 0

    def read(self):
        self.reads += 1
        return self.value


def test_a_quiet_file_hint_keeps_the_value_and_a_touch_from_anyone_sets_it_off(tmp_path):
    path = tmp_path / "db.sqlite3-api-generation"
    store = Store()
    known = KnownGeneration(lambda: FileHint(path))
    assert [known.get(store.read) for _ in range(5)] == [1] * 5
    assert store.reads == 1
    store.value = 2
    generation_hints.touch_file(path)  # what another process does after its commit
    assert [known.get(store.read) for _ in range(3)] == [2] * 3
    assert store.reads == 2
    known.forget()  # a change in this process, before its commit
    assert known.get(store.read) == 2 and store.reads == 3
    known.reset()


def test_the_hint_file_lies_beside_a_database_file_and_an_in_memory_one_has_none(tmp_path):
    assert generation_hints.sqlite_hint_path(tmp_path / "db.sqlite3") == (
        tmp_path / "db.sqlite3-api-generation"
    )
    for name in (":memory:", "file:memorydb_default?mode=memory&cache=shared", ""):
        assert generation_hints.sqlite_hint_path(name) is None


def test_without_a_hint_every_get_reads_and_a_failed_set_up_is_retried_later(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(generation_hints.time, "monotonic", lambda: now[0])
    attempts = []

    def broken():
        attempts.append(now[0])
        raise OSError("no such server")

    store = Store()
    known = KnownGeneration(broken)
    assert [known.get(store.read) for _ in range(3)] == [1, 1, 1]
    assert store.reads == 3 and len(attempts) == 1  # read every time, not set up again
    now[0] += generation_hints.RETRY_SECONDS
    known.get(store.read)
    assert len(attempts) == 2

    nothing = KnownGeneration(lambda: None)  # a configuration without hints
    assert [nothing.get(store.read) for _ in range(2)] == [1, 1]
    assert not nothing.watched


def test_a_read_that_fails_reaches_the_caller_and_keeps_nothing(tmp_path):
    from django.db import OperationalError

    known = KnownGeneration(lambda: FileHint(tmp_path / "hint"))

    def down():
        raise OperationalError("the database is unreachable")

    with pytest.raises(OperationalError):
        known.get(down)
    store = Store()
    assert known.get(store.read) == 1 and store.reads == 1
    known.reset()


@pytest.fixture
def redis_client():
    if not redis_available():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    import redis

    client = redis.Redis.from_url(REDIS)
    yield client
    client.close()


def test_a_redis_hint_hears_every_publish_and_a_lost_connection_reads_again(
    redis_client, monkeypatch
):
    store = Store()
    known = KnownGeneration(lambda: RedisHint(REDIS, {"socket_timeout": 1}))
    assert known.get(store.read) == 1 and known.get(store.read) == 1
    assert store.reads == 1 and known.watched
    generation_hints.publish_redis(redis_client)  # another process's bump
    store.value = 2
    assert known.get(store.read) == 2 and store.reads == 2

    # Redis drops the subscription (a restart, a failover): never trusted again
    # until it is set up anew.
    redis_client.client_kill_filter(_type="pubsub")
    assert known.get(store.read) == 2 and store.reads == 3
    assert not known.watched
    assert known.get(store.read) == 2 and store.reads == 4  # read while it waits
    monkeypatch.setattr(
        generation_hints.time,
        "monotonic",
        lambda: 10**9,  # a second later, and more
    )
    known.get(store.read)
    assert known.watched
    known.reset()


@pytest.fixture
def postgres_params(django_db_setup):
    """A PostgreSQL server's connection parameters (the test database's on a
    PostgreSQL run). The test makes connections of its own, which commit: no
    Django test transaction (nor a flush) is needed."""
    params = postgres_server_params()
    if params is None:
        pytest.skip(f"needs a PostgreSQL server: none at {POSTGRES_SERVER} (TEST_POSTGRES_URL)")
    return params


def test_a_postgres_hint_hears_a_notify_at_its_commit_and_never_for_a_rollback(
    postgres_params,
):
    import psycopg

    store = Store()
    known = KnownGeneration(lambda: PostgresHint(postgres_params))
    assert known.get(store.read) == 1 and known.get(store.read) == 1 and store.reads == 1
    with psycopg.connect(**postgres_params) as other:  # another process's transaction
        with other.cursor() as cursor:
            generation_hints.notify_postgres(cursor)
        assert known.get(store.read) == 1 and store.reads == 1  # not committed yet
        other.rollback()
        assert known.get(store.read) == 1 and store.reads == 1  # never announced
        with other.cursor() as cursor:
            generation_hints.notify_postgres(cursor)
        other.commit()
    import time

    deadline = time.monotonic() + 5
    while store.reads == 1 and time.monotonic() < deadline:
        known.get(store.read)  # delivered asynchronously, within microseconds
    assert store.reads == 2

    # The listening connection is cut (a restart of the server): read again.
    with psycopg.connect(**postgres_params, autocommit=True) as other:
        other.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND query LIKE %s AND pid <> pg_backend_pid()",
            [f"LISTEN {generation_hints.CHANNEL}%"],
        )
    deadline = time.monotonic() + 5
    while known.watched and time.monotonic() < deadline:
        known.get(store.read)
    assert not known.watched
    known.reset()

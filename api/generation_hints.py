"""Knowing, without a round trip, that the API cache's generation is unchanged.

A cached hit needs the current generation (see :mod:`api.caching`), and
reading it is a round trip: a query, or a Redis GET, on every request. So each
process keeps the value it last read, together with a *hint* that every bump
sets off once it is committed, in every process:

- PostgreSQL: ``LISTEN``/``NOTIFY``. The bump's ``NOTIFY`` is part of its own
  transaction: PostgreSQL delivers it at the commit, and never for a rollback.
  Each process keeps one connection of its own that listens.
- Redis: a ``PUBLISH`` after the commit, which each process receives on one
  subscribed connection of its own.
- SQLite: a small file beside the database, rewritten after the commit, of
  which each process reads 8 bytes (one ``pread``). Every process that opens
  a SQLite file is on the machine that holds it.

A hit checks its hint without waiting (it drains what has already arrived on
the socket, or reads the file) and reads the generation again only when the
hint has gone off, or cannot be trusted: not set up yet, or its connection
lost (then it is set up again, at most once a second, and until then every
hit reads the generation, as without hints). The hint is set up *before* the
read whose value it keeps, so a bump committed after that read always sets it
off. A change made in this process is also forgotten at once
(:meth:`KnownGeneration.forget`), before its commit: its own transaction
reads its own bump.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)

CHANNEL = "careers_api_generation"
#: How long a hint that could not be set up waits before it is tried again.
RETRY_SECONDS = 1.0


class PostgresHint:
    """``LISTEN`` on a connection of this process's own, in autocommit."""

    def __init__(self, connection_params: dict):
        import psycopg

        self._connection = psycopg.connect(**connection_params, autocommit=True)
        self._connection.execute(f"LISTEN {CHANNEL}")
        self._pgconn = self._connection.pgconn

    def fired(self) -> bool:
        # What has arrived on the socket, without blocking; a closed
        # connection raises here (psycopg.OperationalError).
        self._pgconn.consume_input()
        fired = False
        while self._pgconn.notifies() is not None:
            fired = True
        return fired

    def close(self) -> None:
        self._connection.close()


def notify_postgres(cursor) -> None:
    """Set off every process's :class:`PostgresHint` when the cursor's
    transaction commits (at once, outside a transaction)."""
    cursor.execute(f"NOTIFY {CHANNEL}")


class RedisHint:
    """A subscription to :data:`CHANNEL` on a connection of this process's own."""

    def __init__(self, url: str, options: dict):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # No silent reconnection: publishes made while it was away would be
        # missed. An error drops the hint instead, and it is set up again.
        # Kept: the client owns the connection pool, and closes it when collected.
        self._client = redis.Redis.from_url(url, **options, retry=Retry(NoBackoff(), 0))
        self._pubsub = self._client.pubsub()
        self._pubsub.subscribe(CHANNEL)
        # Subscribed only once Redis says so: a publish before is not received.
        confirmation = self._pubsub.get_message(timeout=options.get("socket_timeout") or 1)
        if confirmation is None or confirmation["type"] != "subscribe":
            self.close()
            raise ConnectionError(f"Redis did not confirm the subscription to {CHANNEL}")

    def fired(self) -> bool:
        fired = False
        while self._pubsub.get_message(timeout=0) is not None:
            fired = True
        return fired

    def close(self) -> None:
        self._pubsub.close()
        self._client.close()


def publish_redis(client) -> None:
    """Set off every process's :class:`RedisHint` (after the commit)."""
    client.publish(CHANNEL, b"")


class FileHint:
    """Eight bytes of a file that every bump rewrites with new random ones."""

    SIZE = 8

    def __init__(self, path: Path):
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        self._seen = os.pread(self._fd, self.SIZE, 0)

    def fired(self) -> bool:
        now = os.pread(self._fd, self.SIZE, 0)
        if now == self._seen:
            return False
        self._seen = now
        return True

    def close(self) -> None:
        os.close(self._fd)


def touch_file(path: Path) -> None:
    """Set off every process's :class:`FileHint` on ``path`` (after the commit)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        os.pwrite(fd, os.urandom(FileHint.SIZE), 0)
    finally:
        os.close(fd)


def sqlite_hint_path(database_name) -> Path | None:
    """The hint file of a SQLite database file (None for an in-memory one)."""
    name = str(database_name)
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    path = Path(name)
    return path.with_name(f"{path.name}-api-generation")


class KnownGeneration:
    """The generation this process last read, kept while its hint stays quiet.

    ``make_hint`` sets up a hint (or returns None where there is none); it is
    called again after a fork, after an error, and when the configuration
    changes (:meth:`reset`).
    """

    def __init__(self, make_hint: Callable[[], object | None]):
        self._make_hint = make_hint
        self._lock = threading.Lock()
        self._hint = None
        self._value: int | None = None
        self._retry_at = 0.0

    def get(self, read: Callable[[], int | None]) -> int | None:
        """The current generation: the kept one while the hint is quiet, else
        ``read()`` (whose errors, the database's included, go to the caller)."""
        with self._lock:
            hint = self._hint
            if hint is not None:
                try:
                    fired = hint.fired()
                except Exception:
                    logger.warning("The API cache's change hint was lost", exc_info=True)
                    self._drop()
                    fired = True
                if not fired and self._value is not None:
                    return self._value
            elif time.monotonic() >= self._retry_at:
                self._set_up()
            self._value = None
            value = read()
            if self._hint is not None:
                self._value = value
            return value

    @property
    def watched(self) -> bool:
        """Whether a hint is set up: hits then read nothing while it is quiet."""
        return self._hint is not None

    def forget(self) -> None:
        """Read the generation again on the next hit (a change in this process)."""
        self._value = None

    def reset(self) -> None:
        """Drop the hint and the kept value (settings changed, a fork, tests)."""
        with self._lock:
            self._drop()
            self._retry_at = 0.0

    def after_fork(self) -> None:
        """In a child process: start afresh, leaving the parent's connection
        alone (closing it here would close it for the parent too)."""
        self._lock = threading.Lock()
        self._hint, self._value, self._retry_at = None, None, 0.0

    def _set_up(self) -> None:
        try:
            self._hint = self._make_hint()
            if self._hint is None:  # none for this configuration
                self._retry_at = float("inf")
        except Exception:
            logger.warning(
                "The API cache's change hint could not be set up; "
                "every hit reads the generation until it is",
                exc_info=True,
            )
            self._hint = None
            self._retry_at = time.monotonic() + RETRY_SECONDS

    def _drop(self) -> None:
        hint, self._hint, self._value = self._hint, None, None
        self._retry_at = time.monotonic() + RETRY_SECONDS
        if hint is not None:
            with contextlib.suppress(Exception):  # already broken, maybe
                hint.close()

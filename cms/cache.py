"""A Redis cache that degrades to "always a miss" while Redis is unreachable.

Django's RedisCache raises on a lost connection, and Wagtail reads the cache
on most requests (site root paths): without this, a Redis outage would turn
into 500s. Errors are logged, at most once a minute.

It also reads one integer with a single GET (:meth:`ResilientRedisCache.get_int`):
the API cache's generation, read on every cached hit. Through Django's cache
API that read costs three times as much CPU as the GET itself.
"""

import logging
import re
import threading
import time

import redis
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _get_default(key, default=None, version=None):
    return default


def _set_many_failed(data, timeout=None, version=None):
    return list(data)


def _cannot_incr(key, delta=1, version=None):
    raise ValueError(f"Key '{key}' cannot be incremented: the cache is unavailable")


# What each operation answers while Redis is down: what a cache without the key would.
_WHEN_DOWN = {
    "get": _get_default,
    "get_many": lambda *args, **kwargs: {},
    "has_key": lambda *args, **kwargs: False,
    "add": lambda *args, **kwargs: False,
    "set": lambda *args, **kwargs: None,
    "set_many": _set_many_failed,
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "delete_many": lambda *args, **kwargs: None,
    "incr": _cannot_incr,
    "clear": lambda *args, **kwargs: None,
}


def _tolerant(name, fallback):
    operation = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        try:
            return operation(self, *args, **kwargs)
        except RedisError:
            self._warn(name)
            return fallback(*args, **kwargs)

    method.__name__ = name
    return method


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        # The primary server (the first one), which incr() writes to.
        servers = re.split("[;,]", server) if isinstance(server, str) else server
        self.primary_url = servers[0]
        # The connection options, as Django's client hands them to redis-py.
        self.client_options = {
            name: value
            for name, value in params.get("OPTIONS", {}).items()
            if name not in ("parser_class", "pool_class", "serializer")
        }
        self._plain_client = None
        self._plain_client_lock = threading.Lock()

    def plain_client(self) -> redis.Redis:
        """One redis-py client, kept: a GET through it is one round trip and little else."""
        if self._plain_client is None:
            with self._plain_client_lock:
                if self._plain_client is None:
                    self._plain_client = redis.Redis.from_url(
                        self.primary_url, **self.client_options
                    )
        return self._plain_client

    def get_int(self, key, version=None) -> int | None:
        """The integer that set(), add() or incr() stored under ``key`` (they
        store integers as their digits), or None if there is none, or it is
        not an integer, or Redis is unreachable."""
        try:
            value = self.plain_client().get(self.make_and_validate_key(key, version=version))
        except RedisError:
            self._warn("get")
            return None
        try:
            return int(value) if value is not None else None
        except ValueError:  # not stored as an integer
            return None

    def _warn(self, operation: str):
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning > 60:
            ResilientRedisCache._last_warning = now
            logger.warning("Redis cache unavailable (%s); using the database", operation)


for _name, _fallback in _WHEN_DOWN.items():
    setattr(ResilientRedisCache, _name, _tolerant(_name, _fallback))

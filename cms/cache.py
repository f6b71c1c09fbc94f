"""A Redis cache that degrades to "always a miss" while Redis is unreachable.

Django's RedisCache raises on a lost connection, and Wagtail reads the cache
on most requests (site root paths): without this, a Redis outage would turn
into 500s. Errors are logged, at most once a minute.
"""

import logging
import time

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

    def _warn(self, operation: str):
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning > 60:
            ResilientRedisCache._last_warning = now
            logger.warning("Redis cache unavailable (%s); using the database", operation)


for _name, _fallback in _WHEN_DOWN.items():
    setattr(ResilientRedisCache, _name, _tolerant(_name, _fallback))

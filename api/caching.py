"""Public API responses, serialized once and served as stored bytes.

Entries are kept one per *public URL*: the origin the response's links are
built from, the path and only the query parameters the view reads, as it reads
them. Unknown, empty or reordered parameters, and Host ports that change
nothing in the answer, find the same entry instead of adding one.

Each entry is marked with the *generation* it was made in: publishing,
unpublishing, moving or deleting a page, importing, and any change to
departments, the hiring organization, sites or view restrictions bump the
generation, so every entry made before is ignored at once, in every process.
The generation lives where every process reads it on every request:

- in the shared cache (Redis, when ``REDIS_URL`` is set): bumped once the
  change is committed, read with one GET;
- otherwise in the database (``CacheGeneration``, one row): bumped in the
  same transaction as the change, read with one primary-key query.

Each process keeps the generation it last read while a change hint that
every bump sets off stays quiet (:mod:`api.generation_hints`: ``NOTIFY`` on
PostgreSQL, ``PUBLISH`` with Redis, a file beside a SQLite database), so a hit
makes no round trip at all until something changes.

Entries live in this process's memory (:class:`LocalEntries`, bounded in
entries and bytes) and, with a shared cache, in it too, for the other
processes: only a local miss fetches the entry from the shared cache. Scheduled expiry needs no signal: an
entry holds the moment its content next expires and is not served after it.
The cache failing (Redis down) costs speed, never an error.

A hit is answered by :class:`CachedResponseMiddleware`, which sits below the
middleware that adds headers to every response and above sessions, users,
CSRF and messages, which a public cached answer does not need.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.test.signals import setting_changed
from django.urls import Resolver404, resolve
from rest_framework.settings import api_settings
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .generation_hints import (
    FileHint,
    KnownGeneration,
    PostgresHint,
    RedisHint,
    notify_postgres,
    publish_redis,
    sqlite_hint_path,
    touch_file,
)
from .models import CacheGeneration

logger = logging.getLogger(__name__)

GENERATION_KEY = "careers:api:generation"
_FAR_FUTURE = float("inf")
_ROW = 1  # the primary key of CacheGeneration's one row
# What an entry costs besides its body (the dict, its key, headers), for the byte bound.
_ENTRY_OVERHEAD = 400


def _clock() -> int:
    """A generation to start from: the time in microseconds, above any
    generation an entry made earlier can carry (bumps add one each)."""
    return time.time_ns() // 1000


def generation_in_cache() -> bool:
    """Whether the generation lives in the cache: only a cache every process
    shares can hold it (local memory is one per process, a dummy keeps nothing)."""
    return _options().shared


class _Options:
    """The settings a cached hit reads, read once: on every hit, each read of
    ``django.conf.settings`` goes through its lazy wrapper."""

    def __init__(self):
        self.enabled = settings.CAREERS_API_CACHE
        self.shared = not isinstance(caches["default"], LocMemCache | DummyCache)
        self.base_url = settings.CAREERS_API_BASE_URL
        self.cache_control = f"public, max-age={settings.CAREERS_API_MAX_AGE:d}"
        #: CommonMiddleware's checks a hit answered above it would skip: with
        #: either set, hits are left to the views, below it.
        self.early_hits = not (settings.PREPEND_WWW or settings.DISALLOWED_USER_AGENTS)
        #: (scheme, Host headers) -> origin, for hosts get_host() has accepted.
        self.origins: dict[tuple, str] = {}


@functools.cache
def _options() -> _Options:
    return _Options()


def _settings_changed(**kwargs) -> None:
    # Tests override settings; a running server's settings never change.
    _options.cache_clear()
    known_generation.reset()


setting_changed.connect(_settings_changed, dispatch_uid="careers_api_cache_options")


# The generation in the shared cache.


def _cached_generation() -> int | None:
    """The generation in the shared cache; a lost one (a new or flushed cache,
    the key evicted while entries stayed) starts again from the clock. None
    while the cache keeps nothing (Redis down)."""
    # One GET (ResilientRedisCache's plain one, when the cache is that).
    read = getattr(cache, "get_int", cache.get)
    generation = read(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _clock(), timeout=None)  # the first process here wins
        generation = cache.get(GENERATION_KEY)
    return generation


def _bump_cached_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation stored: the next read starts a newer one
        pass
    except Exception:
        logger.error("Could not invalidate the API cache", exc_info=True)
    if hasattr(cache, "plain_client"):
        try:
            publish_redis(cache.plain_client())
        except Exception:  # the hints are lost too, and read the generation meanwhile
            logger.error("Could not announce the API cache's new generation", exc_info=True)


# The generation in the database.


@functools.cache
def _read_sql(vendor: str) -> str:
    """The generation's query, constants only: without parameters the database
    driver's wrapper has nothing to convert on each run."""
    quote = connection.ops.quote_name
    table = quote(CacheGeneration._meta.db_table)
    return f"SELECT {quote('value')} FROM {table} WHERE {quote('id')} = {_ROW:d}"


def _database_generation() -> int:
    """The generation in the database: one primary-key query (raw, as it runs
    on every cached hit). A missing row (a new or flushed database) starts
    again from the clock."""
    with connection.cursor() as cursor:
        cursor.execute(_read_sql(connection.vendor))
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    return CacheGeneration.objects.get_or_create(pk=_ROW, defaults={"value": _clock()})[0].value


def _bump_database_generation() -> None:
    """One more than before, and at least the clock: a bump rolled back with
    its transaction is never handed out again for other content."""
    now = _clock()
    rows = CacheGeneration.objects.filter(pk=_ROW)
    if rows.update(value=Greatest(F("value") + 1, Value(now))):
        return
    _, created = CacheGeneration.objects.get_or_create(pk=_ROW, defaults={"value": now})
    if not created:  # another process made the row meanwhile, maybe before this change
        rows.update(value=Greatest(F("value") + 1, Value(now)))


def _read_generation() -> int | None:
    return _cached_generation() if generation_in_cache() else _database_generation()


def _make_hint():
    """This configuration's change hint (see :mod:`api.generation_hints`)."""
    if generation_in_cache():
        if not hasattr(cache, "plain_client"):  # not a Redis cache of ours
            return None
        return RedisHint(cache.primary_url, cache.client_options)
    if connection.vendor == "postgresql":
        return PostgresHint(connection.get_connection_params())
    if connection.vendor == "sqlite" and (path := _sqlite_hint_path()):
        return FileHint(path)
    return None


def _sqlite_hint_path():
    return sqlite_hint_path(connection.settings_dict["NAME"])


#: The generation this process last read, and its change hint.
known_generation = KnownGeneration(_make_hint)
os.register_at_fork(after_in_child=known_generation.after_fork)


def current_generation() -> int | None:
    """The generation every process agrees on now; None when it cannot be
    read (then nothing is served from, or stored in, the cache). Without a
    round trip while this process's change hint is quiet."""
    return known_generation.get(_read_generation)


def invalidate(**kwargs) -> None:
    """Make every cached response stale, in every process (a signal receiver, too).

    In the database the bump is part of the change's own transaction: whoever
    reads the new generation reads the new content. In the shared cache it
    waits for the commit: a request that read the new generation before the
    change was visible would store the old content under it.
    """
    if generation_in_cache():
        transaction.on_commit(_bump_cached_generation)
        return
    _bump_database_generation()  # failing, it fails the change: never stale unnoticed
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            notify_postgres(cursor)  # delivered when this transaction commits
    elif connection.vendor == "sqlite" and (path := _sqlite_hint_path()):
        transaction.on_commit(functools.partial(touch_file, path), robust=True)
    known_generation.forget()


class LocalEntries:
    """Entries kept in this process, least recently used dropped first, within
    ``CAREERS_API_CACHE_LOCAL_ENTRIES`` entries and
    ``CAREERS_API_CACHE_LOCAL_BYTES`` bytes. Each is served only while it
    carries the current generation, so it is never older than the shared cache."""

    def __init__(self):
        self._entries: OrderedDict[str, dict] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self.bytes = 0
        #: The generation this process last read from the database.
        self.last_generation: int | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> dict | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        size = len(entry["body"]) + _ENTRY_OVERHEAD
        max_entries = settings.CAREERS_API_CACHE_LOCAL_ENTRIES
        max_bytes = settings.CAREERS_API_CACHE_LOCAL_BYTES
        with self._lock:
            self._discard(key)
            if size > max_bytes or max_entries < 1:
                return
            self._entries[key] = entry
            self._sizes[key] = size
            self.bytes += size
            while len(self._entries) > max_entries or self.bytes > max_bytes:
                self._discard(next(iter(self._entries)))

    def _discard(self, key: str) -> None:
        if self._entries.pop(key, None) is not None:
            self.bytes -= self._sizes.pop(key)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._sizes.clear()
            self.bytes = 0
            self.last_generation = None


#: This process's entries.
local_entries = LocalEntries()


def _servable(entry: dict | None, generation: int) -> bool:
    return (
        entry is not None
        and entry["generation"] == generation
        and entry["fresh_until"] > time.time()
    )


# The request headers get_host() reads: the same ones give the same host.
_HOST_HEADERS = ("HTTP_X_FORWARDED_HOST", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT")
_MAX_ORIGINS = 256


def public_origin(request) -> str:
    """The origin (``https://careers.example.com``) of the absolute URLs a
    cached response holds: ``CAREERS_API_BASE_URL``, or else the request's own
    scheme and host, the host in lower case and the scheme's default port
    left out (``http://host:80`` is ``http://host``)."""
    options = _options()
    meta = request.META
    seen = (request.scheme, *(meta.get(name) for name in _HOST_HEADERS))
    origin = options.origins.get(seen)
    if origin is None:
        # Validated against ALLOWED_HOSTS, or raises: with a base URL too, as a
        # hit is answered above CommonMiddleware, which would have checked.
        host = request.get_host().lower()
        name, _, port = host.rpartition(":")
        default_port = "443" if request.scheme == "https" else "80"
        if name and port == default_port:  # "[::1]" has no port: its tail "1]" is not one
            host = name
        origin = options.base_url or f"{request.scheme}://{host}"
        if len(options.origins) >= _MAX_ORIGINS:  # many allowed hosts (a wildcard)
            options.origins.clear()
        options.origins[seen] = origin
    return origin


def read_parameters(request, names: Iterable[str]) -> list[tuple[str, str]]:
    """The query parameters among ``names`` as a view reads them: the last
    value of a repeated one (``QueryDict.get``, as DRF and django-filter do),
    empty ones left out (an empty filter or paging value is the default), in
    the order of ``names``."""
    if not request.META.get("QUERY_STRING"):
        return []  # no need to parse the query
    return [(name, value) for name in names if (value := request.GET.get(name))]


def public_url(request, names: Iterable[str] = ()) -> str:
    """The absolute URL of ``request`` with only the parameters among ``names``:
    what a cached response may depend on, and the base of its own links."""
    query = urlencode(read_parameters(request, names))
    return f"{public_origin(request)}{request.path}" + (f"?{query}" if query else "")


def _key(request, parameters: Iterable[str]) -> str:
    raw = public_url(request, parameters)
    return f"careers:api:response:{hashlib.sha256(raw.encode()).hexdigest()}"


def etag_for(body: bytes) -> str:
    return f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'


def cached_public_get(view, parameters: Iterable[str] = ()):
    """Serve a public GET view's 200 responses from the cache. ``parameters``
    names every query parameter the view reads; the view builds absolute URLs
    only from :func:`public_origin` (or :func:`public_url`), so that its answer
    depends on nothing the cache key leaves out. The view may set
    ``response.fresh_until`` (a Unix time) when its content expires by itself.
    DRF's ``?format=`` (which picks the renderer) counts for every view.

    A hit is normally answered by :class:`CachedResponseMiddleware`, before
    the middleware after it; here, only where that middleware is not installed."""
    parameters = tuple(parameters)
    if api_settings.URL_FORMAT_OVERRIDE:
        parameters += (api_settings.URL_FORMAT_OVERRIDE,)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        options = _options()
        if request.method not in ("GET", "HEAD") or not options.enabled:
            return view(request, *args, **kwargs)
        # Read before the response is made: made from older data than this
        # generation's, an entry could not be newer than its mark. The
        # middleware has looked this request up already, and missed.
        looked_up = getattr(request, "api_cache_miss", None)
        if looked_up is not None:
            key, generation = looked_up
        else:
            key = _key(request, parameters)
            generation, entry = _look_up(key, options)
            if entry is not None:
                return _from_entry(entry)
        response = view(request, *args, **kwargs)
        if (
            generation is None
            or response.status_code != 200
            or getattr(response, "streaming", False)
        ):
            return response
        if hasattr(response, "render"):
            response.render()
        body = response.content
        entry = {
            "generation": generation,
            "body": body,
            "etag": etag_for(body),
            "content_type": response["Content-Type"],
            "allow": response.get("Allow"),  # DRF's views name their methods
            # Until the content expires by itself, and at most the timeout:
            # what bounds the staleness if an invalidation is lost (Redis down).
            "fresh_until": min(
                getattr(response, "fresh_until", None) or _FAR_FUTURE,
                time.time() + settings.CAREERS_API_CACHE_TIMEOUT,
            ),
        }
        response["ETag"] = entry["etag"]
        local_entries.put(key, entry)
        if options.shared:
            timeout = max(1, math.ceil(entry["fresh_until"] - time.time()))
            try:
                cache.set(key, entry, timeout=timeout)
            except Exception:
                logger.warning("Could not store an API response in the cache", exc_info=True)
        return response

    wrapped.cached_public_parameters = parameters
    return wrapped


def _look_up(key: str, options: _Options) -> tuple[int | None, dict | None]:
    """The generation to store a new response under (None: store none), and
    the entry of ``key`` to serve, or None."""
    try:
        generation = current_generation()
    except DatabaseError:
        # Nothing can change while the database is unreachable: what was
        # current at this process's last read of the generation is served
        # (a change committed just before the outage shows once it is back).
        entry = local_entries.get(key)
        return None, entry if _servable(entry, local_entries.last_generation) else None
    except Exception:
        logger.warning("The API cache's generation is unreadable", exc_info=True)
        return None, None
    if generation is None:
        return None, None
    if not options.shared:
        local_entries.last_generation = generation
    entry = local_entries.get(key)
    if _servable(entry, generation):
        return generation, entry
    if options.shared:
        entry = cache.get(key)  # made by another process, maybe
        if _servable(entry, generation):
            local_entries.put(key, entry)
            return generation, entry
    return generation, None


def _from_entry(entry: dict) -> HttpResponse:
    body = entry["body"]
    response = HttpResponse(body, content_type=entry["content_type"])
    response.headers["ETag"] = entry["etag"]
    response.headers["Content-Length"] = str(len(body))
    if entry.get("allow"):  # entries of an older release have none
        response.headers["Allow"] = entry["allow"]
    # What the view's own patch_cache_control() made, without parsing it again.
    response.headers["Cache-Control"] = _options().cache_control
    return response


class CachedResponseMiddleware:
    """Answers a GET or HEAD of a :func:`cached_public_get` view from its cached
    entry, before the middleware below this one and before the view: a hit
    needs no session, user, CSRF check or messages, and those were most of
    its time. It goes back through the middleware above (security headers,
    CSP, CORS, ETag and 304, X-Frame-Options), as every response does; a miss
    goes on to the view, which makes and stores the response.

    Only the responses of the URL's own view are found: the URL is resolved
    first, and its view names the query parameters its key is made of."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        options = _options()
        if request.method in ("GET", "HEAD") and options.enabled and options.early_hits:
            try:
                match = resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404:
                return self.get_response(request)
            parameters = getattr(match.func, "cached_public_parameters", None)
            if parameters is not None:
                try:
                    key = _key(request, parameters)
                except SuspiciousOperation:
                    # A Host not allowed, too many query parameters: the view's
                    # own path refuses them again, answered as it answers them.
                    return self.get_response(request)
                generation, entry = _look_up(key, options)
                if entry is not None:
                    return _from_entry(entry)
                request.api_cache_miss = (key, generation)  # for the view: no second look
        return self.get_response(request)


def connect_signals() -> None:
    page_published.connect(invalidate, dispatch_uid="careers_api_published")
    page_unpublished.connect(invalidate, dispatch_uid="careers_api_unpublished")
    post_page_move.connect(invalidate, dispatch_uid="careers_api_moved")
    post_delete.connect(_invalidate_for_pages, dispatch_uid="careers_api_page_deleted")
    for model in (PageViewRestriction, Site):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"careers_api_{model.__name__}")
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"careers_api_d_{model.__name__}"
        )
    from careers_pages.models import Department, HiringOrganization

    post_save.connect(invalidate, sender=Department, dispatch_uid="careers_api_department")
    post_delete.connect(invalidate, sender=Department, dispatch_uid="careers_api_d_department")
    post_save.connect(
        _invalidate_unless_created, sender=HiringOrganization, dispatch_uid="careers_api_org"
    )
    from careers_pages.hiring.models import PrivacyNotice

    # The form's consent field is the current privacy notice.
    post_save.connect(invalidate, sender=PrivacyNotice, dispatch_uid="careers_api_notice")
    post_delete.connect(invalidate, sender=PrivacyNotice, dispatch_uid="careers_api_d_notice")


def _invalidate_unless_created(sender, created=False, **kwargs):
    # Settings rows are created, with their defaults, on first read.
    if not created:
        invalidate()


def _invalidate_for_pages(sender, **kwargs):
    if issubclass(sender, Page):
        invalidate()

"""Public API responses, serialized once and served as stored bytes.

Entries live in Django's cache (local memory, or Redis shared by every app
server when ``REDIS_URL`` is set), one per *public URL*: the origin the
response's links are built from, the path and only the query parameters the
view reads, as it reads them. Unknown, empty or reordered parameters, and
Host ports that change nothing in the answer, find the same entry instead of
adding one. Each entry is marked with the
*generation* it was made in: publishing, unpublishing, moving or deleting a
page, and any change to departments, the hiring organization, sites or view
restrictions bump the generation, so every entry made before is ignored at
once (and replaced when next made). A hit reads the generation and the entry
in one round trip. Scheduled expiry needs no signal: an entry holds
the moment its content next expires and is not served after it. The cache
failing (Redis down) costs speed, never an error.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from rest_framework.settings import api_settings
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)

GENERATION_KEY = "careers:api:generation"
_FAR_FUTURE = float("inf")


def _initial_generation() -> int:
    """The generation when none is stored (a new or flushed cache, or the key
    evicted while entries stayed): the time in milliseconds, above any
    generation an entry still in the cache can carry."""
    start = time.time_ns() // 1_000_000
    cache.add(GENERATION_KEY, start, timeout=None)  # the first server to get here wins
    return cache.get(GENERATION_KEY, start)


def invalidate(**kwargs) -> None:
    """Make every cached response stale (a signal receiver, too)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation stored: a new one is above every entry's
        _initial_generation()
    except Exception:
        logger.error("Could not invalidate the API cache", exc_info=True)


def public_origin(request) -> str:
    """The origin (``https://careers.example.com``) of the absolute URLs a
    cached response holds: ``CAREERS_API_BASE_URL``, or else the request's own
    scheme and host, the host in lower case and the scheme's default port
    left out (``http://host:80`` is ``http://host``)."""
    if settings.CAREERS_API_BASE_URL:
        return settings.CAREERS_API_BASE_URL
    host = request.get_host().lower()  # validated against ALLOWED_HOSTS
    name, _, port = host.rpartition(":")
    default_port = "443" if request.scheme == "https" else "80"
    if name and port == default_port:  # "[::1]" has no port: its tail "1]" is not one
        host = name
    return f"{request.scheme}://{host}"


def read_parameters(request, names: Iterable[str]) -> list[tuple[str, str]]:
    """The query parameters among ``names`` as a view reads them: the last
    value of a repeated one (``QueryDict.get``, as DRF and django-filter do),
    empty ones left out (an empty filter or paging value is the default), in
    the order of ``names``."""
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
    DRF's ``?format=`` (which picks the renderer) counts for every view."""
    parameters = tuple(parameters)
    if api_settings.URL_FORMAT_OVERRIDE:
        parameters += (api_settings.URL_FORMAT_OVERRIDE,)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not settings.CAREERS_API_CACHE:
            return view(request, *args, **kwargs)
        key = _key(request, parameters)
        try:
            # One round trip to Redis: the generation and the entry together.
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or _initial_generation()
        except Exception:
            logger.warning("The API cache is unavailable; serving from the database", exc_info=True)
            return view(request, *args, **kwargs)
        entry = found.get(key)
        if (
            entry is not None
            and entry["generation"] == generation
            and entry["fresh_until"] > time.time()
        ):
            return _from_entry(entry)

        response = view(request, *args, **kwargs)
        if response.status_code != 200 or getattr(response, "streaming", False):
            return response
        if hasattr(response, "render"):
            response.render()
        body = response.content
        entry = {
            "generation": generation,
            "body": body,
            "etag": etag_for(body),
            "content_type": response["Content-Type"],
            "fresh_until": getattr(response, "fresh_until", None) or _FAR_FUTURE,
        }
        response["ETag"] = entry["etag"]
        timeout = settings.CAREERS_API_CACHE_TIMEOUT
        if entry["fresh_until"] != _FAR_FUTURE:
            timeout = max(1, min(timeout, int(entry["fresh_until"] - time.time())))
        try:
            cache.set(key, entry, timeout=timeout)
        except Exception:
            logger.warning("Could not store an API response in the cache", exc_info=True)
        return response

    return wrapped


def _from_entry(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["body"], content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    patch_cache_control(response, public=True, max_age=settings.CAREERS_API_CACHE_SECONDS)
    return response


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


def _invalidate_unless_created(sender, created=False, **kwargs):
    # Settings rows are created, with their defaults, on first read.
    if not created:
        invalidate()


def _invalidate_for_pages(sender, **kwargs):
    if issubclass(sender, Page):
        invalidate()

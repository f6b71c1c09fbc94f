"""The project's URLs behind a floor view, for bench/api_speed.py.

``/api/bench-floor/`` answers fixed JSON bytes through the same middleware as
the API, without touching the database: what serving any response costs, to
set the careers API's own figures against. It lies under ``/api/`` so that
the middleware that acts on API paths only (CORS) acts on it too. The bytes are those of the file named
by ``BENCH_FLOOR_BODY`` (the benchmark writes our detail response there, so
both are the same size), read on the first request.

The floor is a view, so it goes through every middleware. A cached API hit
is answered higher up (``api.caching.CachedResponseMiddleware``, above
sessions, users, CSRF and messages), so our detail can be faster than the
floor: a ratio to the floor above 1 says that, not a measuring error.
"""

import functools
import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as project_urlpatterns


@functools.cache
def floor_body() -> bytes:
    source = os.environ.get("BENCH_FLOOR_BODY")
    return Path(source).read_bytes() if source else b'{"floor": true}'


def floor(request):
    """The same JSON bytes on every request."""
    return HttpResponse(floor_body(), content_type="application/json")


urlpatterns = [path("api/bench-floor/", floor), *project_urlpatterns]

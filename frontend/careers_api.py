"""The careers API as a separate frontend sees it, called in-process.

The reference frontend renders from the same JSON a frontend on another server
would fetch, so it never reads the models: each call resolves an API path,
runs its view with a GET built from the visitor's request (same host, same
scheme) and parses the rendered body. An application sent without JavaScript
is POSTed to the API the same way, as the form's script would send it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import unquote

from django.test import RequestFactory
from django.urls import resolve, reverse

# What the API's views read from a request besides the path: the host and port
# (the Wagtail site, absolute URLs) and the scheme.
_FORWARDED_META = ("HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "HTTP_ACCEPT_LANGUAGE")
# And what an application's view reads besides: who sends it (the throttle
# counts by this address) and the page it was sent from (its origin is kept).
_FORWARDED_POST_META = (*_FORWARDED_META, "REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_REFERER")


@dataclass(frozen=True)
class ApiResponse:
    status: int
    data: dict
    # What the preview endpoint says the page is: "posting" or "index".
    page_type: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 200


def get_api(request, path: str, params: dict | None = None) -> ApiResponse:
    """GET ``path`` (an API URL path such as ``/api/careers/``) for ``request``'s visitor."""
    meta = {key: request.META[key] for key in _FORWARDED_META if key in request.META}
    api_request = RequestFactory().get(
        path, params or {}, secure=request.is_secure(), HTTP_ACCEPT="application/json", **meta
    )
    match = resolve(unquote(path))
    response = match.func(api_request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    data = json.loads(response.content) if response.content else {}
    return ApiResponse(response.status_code, data, response.get("X-Careers-Page-Type", ""))


def post_application(
    request, slug: str, *, exclude: tuple[str, ...] = (), idempotency_key: str = ""
) -> ApiResponse:
    """POST the visitor's form (``request.POST`` and ``request.FILES``, but the
    ``exclude``d fields) to the posting's application endpoint, as the form's
    script would: the API checks, throttles and stores it as it does any other."""
    meta = {key: request.META[key] for key in _FORWARDED_POST_META if key in request.META}
    if idempotency_key:
        meta["HTTP_IDEMPOTENCY_KEY"] = idempotency_key
    data = {name: values for name, values in request.POST.lists() if name not in exclude}
    data.update(request.FILES.lists())
    path = reverse("careers-api:posting-applications", args=[slug])
    api_request = RequestFactory().post(
        path, data, secure=request.is_secure(), HTTP_ACCEPT="application/json", **meta
    )
    match = resolve(path)
    response = match.func(api_request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    try:
        data = json.loads(response.content) if response.content else {}
    except ValueError:  # a response of Django's own (a 400 for a malformed body)
        data = {}
    return ApiResponse(response.status_code, data if isinstance(data, dict) else {})


def get_careers_index(request) -> ApiResponse:
    """The careers page: its ``url``, hero, sections and open positions."""
    return get_api(request, reverse("careers-api:index"))


def get_posting(request, slug: str) -> ApiResponse:
    """One open posting in full, or a 404."""
    return get_api(request, reverse("careers-api:posting-detail", args=[slug]))


def get_preview(request, token: str, slug: str) -> ApiResponse:
    """A draft for a preview token, in its published shape, or a 4xx with a message."""
    return get_api(request, reverse("careers-api:preview"), {"token": token, "slug": slug})

"""Errors that happen outside a view's own handling, answered in JSON under /api/:
the database unreachable (503), a request over Django's size limits (400/413)."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = "30"


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable: %s", exception)
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": "The service is unavailable for a moment; please try again."},
                status=503,
            )
        else:
            response = HttpResponse(
                "<!doctype html><title>Unavailable</title><h1>Back in a moment</h1>"
                "<p>The service is unavailable for a moment; please try again.</p>",
                status=503,
            )
        response["Retry-After"] = RETRY_AFTER_SECONDS
        response["Cache-Control"] = "no-store"
        return response


def request_limit_error(exception) -> tuple[int, str] | None:
    """The status and message for a request over one of Django's upload limits,
    naming the limit; None for any other exception."""
    if isinstance(exception, TooManyFieldsSent):
        return 400, (
            f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields "
            "(form fields or query parameters)."
        )
    if isinstance(exception, TooManyFilesSent):
        return 400, f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files."
    if isinstance(exception, RequestDataTooBig):
        return 413, (
            "The request's data other than files is larger than "
            f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
        )
    return None


class RequestLimitMiddleware:
    """Django's answer to a request over DATA_UPLOAD_MAX_NUMBER_FIELDS,
    DATA_UPLOAD_MAX_NUMBER_FILES or DATA_UPLOAD_MAX_MEMORY_SIZE is its HTML 400
    page; under /api/ it is JSON in the shape of the API's other errors
    (``{"detail": …}``, Wagtail's ``{"message": …}`` under /api/v2/). The limits
    are hit when a view first reads the body or the query string."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        error = request_limit_error(exception)
        if error is None or not request.path.startswith("/api/"):
            return None
        status, message = error
        key = "message" if request.path.startswith("/api/v2/") else "detail"
        return JsonResponse({key: message}, status=status)

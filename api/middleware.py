"""When the database is unreachable, answer 503 with a reason, not a 500 page."""

import logging

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

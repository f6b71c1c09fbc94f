"""Access logs without secrets: preview tokens travel in URLs
(``?preview_token=…``, ``/api/careers/preview/?token=…``), so every query
parameter whose name holds ``token`` is logged as ``token=[redacted]``.

Used by gunicorn (``logger_class`` in gunicorn.conf.py) for the request line,
the query string, the Referer and every other field of its access log, and by
the development server's ``django.server`` log (a logging filter). Django's
own ``django.request`` log names the path only, never the query.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

from gunicorn.glogging import Logger

REDACTED = "[redacted]"
# A URL's query inside a longer text: from "?" to a space, a quote, a fragment
# or the end (one character class, so the match is linear).
_QUERY = re.compile(r'\?([^\s#"]*)')


def redact_query(query: str) -> str:
    """``a=1&preview_token=x`` as ``a=1&preview_token=[redacted]``: the value of
    every parameter whose name, decoded as Django decodes it, holds "token"."""
    if "=" not in query:
        return query
    parts = []
    for part in query.split("&"):
        name, equals, _ = part.partition("=")
        if equals and "token" in unquote_plus(name).lower():
            part = f"{name}={REDACTED}"
        parts.append(part)
    return "&".join(parts)


def redact_urls(text: str) -> str:
    """``text`` (a URL, a request line such as ``GET /x?token=y HTTP/1.1``, a
    header holding URLs) with the query of each URL in it redacted."""
    if "?" not in text:
        return text
    return _QUERY.sub(lambda match: "?" + redact_query(match[1]), text)


class TokenRedactingLogger(Logger):
    """gunicorn's logger, its access log fields redacted (the format is unchanged)."""

    #: The fields that hold a bare query string, not a URL.
    QUERY_ATOMS = frozenset({"q", "{query_string}e"})

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if isinstance(value, str) and ("?" in value or name in self.QUERY_ATOMS):
                atoms[name] = (
                    redact_query(value) if name in self.QUERY_ATOMS else redact_urls(value)
                )
        return atoms


class RedactTokens(logging.Filter):
    """A logging filter: the record's message arguments with their URLs redacted
    (the development server logs each request line as an argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_urls(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        if isinstance(record.msg, str):
            record.msg = redact_urls(record.msg)
        return True

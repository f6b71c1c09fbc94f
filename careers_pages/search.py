"""Wagtail's database search backend, with one repair for SQLite.

Set as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]``: Wagtail looks up the
module's ``SearchBackend``. On SQLite, Wagtail's backend puts each word of a
search between double quotes for the FTS5 index without escaping a double quote
inside it, so a search holding one (``"``, ``a"b``) is a syntax error in the
database, and a search of spaces only fails to build. A double quote separates
words in the index anyway, so reading it as a space finds the same results; on
other databases nothing changes.
"""

from functools import cache

from django.db import connection
from wagtail.search.backends import database


def without_quotes(query):
    """A search text with its double quotes read as spaces, and one with no words
    left as the empty search (which finds nothing; blank text breaks the query as
    a quote does); a search query object (a phrase, a boolean query) as it is."""
    if not isinstance(query, str):
        return query
    text = query.replace('"', " ")
    return text if text.strip() else ""


class QuotesAsSpaces:
    def search(self, query, *args, **kwargs):
        return super().search(without_quotes(query), *args, **kwargs)

    def autocomplete(self, query, *args, **kwargs):
        return super().autocomplete(without_quotes(query), *args, **kwargs)


@cache
def with_quotes_as_spaces(backend_class):
    return type(backend_class.__name__, (QuotesAsSpaces, backend_class), {})


def SearchBackend(params):  # the name Wagtail looks up
    backend = database.SearchBackend(params)
    if connection.vendor != "sqlite":
        return backend
    return with_quotes_as_spaces(type(backend))(params)

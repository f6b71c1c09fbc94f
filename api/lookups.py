"""The lookups every uncached careers API request makes (the visible careers
index, one of its open postings, who hires), without Django compiling them
anew each time.

Compiling a queryset of a Wagtail page type (two tables, some 60 columns,
the view-restriction subquery) costs several times what the database takes to
answer it, and a cache miss asked two such questions and a third. Here each question is
the queryset ``careers_pages.visibility`` defines for everyone, with stand-in
values where the request's own go (this moment, the slug). It runs once per
process and database (and careers index) under Django's documented database
instrumentation, ``connection.execute_wrapper``, which records the SQL and
parameters Django sends, and the columns it got back; from then on that SQL
runs on a cursor with the request's values in their places. Its rows become
model instances as ``Manager.raw`` makes them (each column of a model field
through the backend's and the field's converters, then ``Model.from_db``),
except that which column is which field, and its converters, is worked out
once, at the capture, not on every run: for a page's 50 columns that plan
cost more than the query itself. Public API only (the cursor, the
converters a database backend and a field declare, ``Model.from_db``): no
compiler internals, so nothing here depends on how a Django release builds a
query, only on the SQL it sends. Should a stand-in not be found exactly once
among the parameters, the plain queryset runs instead, so the answer never
depends on this shortcut.

What else was weighed: ``.only()`` and ``values()`` shrink the select list but
not the cost of compiling the joins and the subquery (a cold detail stayed
below three times Wagtail's v2 detail); storing each posting's JSON when it is
published reads one row, but that JSON also depends on the careers index, the
department, the hiring organization and the request's host, each of which
would have to invalidate it.

The department and the locale come in the same row as annotations (``raw``
does not follow ``select_related``) and are made into instances with
``Model.from_db``. Add no ``prefetch_related`` to these querysets: ``raw`` would
not run it; the test of this module checks what the instances carry.
"""

from __future__ import annotations

import datetime
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, DateTimeField, F, Field, IntegerField
from django.utils import timezone
from wagtail.models import Locale, Site

from careers_pages import pay, visibility
from careers_pages.hiring.models import PrivacyNotice
from careers_pages.models import CareersIndexPage, Department, HiringOrganization, PostingLocation

#: Values no request gives, to find in the recorded parameters.
_NOW = datetime.datetime(2999, 12, 31, 23, 59, 58, 765432, tzinfo=datetime.UTC)
_SLUG = "careers-api-lookup-slug-stand-in"
#: Captured queries kept per process: two per careers index and database.
_MAX_CAPTURED = 64

_SITE_ID = -7_654_321
_PAGE_ID = -7_654_322
_STAND_INS = {
    "now": (_NOW, DateTimeField()),
    "slug": (_SLUG, CharField()),
    "site_id": (_SITE_ID, IntegerField()),
    "page_id": (_PAGE_ID, IntegerField()),
}
_RELATED = {"department": Department, "locale": Locale, "site": Site}
#: Page fields no API answer reads (editing, locking, revisions, the tree's
#: counts), left out of the row: fewer columns for Django to convert. A
#: deferred field read anyway would cost a query; the query-count tests see it.
_EDITING_FIELDS = (
    "draft_title",
    "has_unpublished_changes",
    "owner",
    "show_in_menus",
    "go_live_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by",
    "latest_revision_created_at",
    "live_revision",
    "alias_of",
    "translation_key",
    "latest_revision",
    "numchild",
)


@dataclass(frozen=True)
class RowReader:
    """How a row of a captured query becomes an instance of ``model``, as
    ``Manager.raw`` makes it: the first column named after each of the model's
    fields is that field, converted by what the backend and the field declare;
    a column named after no field becomes an attribute (an annotation)."""

    model: type
    names: tuple[str, ...]
    positions: tuple[int, ...]
    converters: tuple[tuple[int, tuple, object], ...]
    annotations: tuple[tuple[str, int], ...]

    @classmethod
    def for_columns(cls, model, columns: list[str], connection) -> RowReader | None:
        """The reader of rows with ``columns``, or None when they lack the primary key."""
        name_of = connection.introspection.identifier_converter
        columns = [name_of(column) for column in columns]
        fields = {name_of(field.column): field for field in model._meta.fields}
        first = {}  # column -> its first position (Manager.raw reads that one)
        for position, column in enumerate(columns):
            first.setdefault(column, position)
        names, positions, converters = [], [], []
        # In the model's field order, whatever the columns' order: Model.from_db
        # takes the values in that order.
        for field in model._meta.fields:
            position = first.get(name_of(field.column))
            if position is None:
                continue
            names.append(field.attname)
            positions.append(position)
            col = field.get_col(field.model._meta.db_table)
            declared = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if declared:
                converters.append((position, tuple(declared), col))
        if model._meta.pk.attname not in names:
            return None
        annotations = tuple(
            (column, position) for position, column in enumerate(columns) if column not in fields
        )
        return cls(model, tuple(names), tuple(positions), tuple(converters), annotations)

    def instance(self, using: str, row, connection):
        values = list(row)
        for position, declared, col in self.converters:
            value = values[position]
            for converter in declared:
                value = converter(value, col, connection)
            values[position] = value
        obj = self.model.from_db(using, self.names, [values[p] for p in self.positions])
        for column, position in self.annotations:
            setattr(obj, column, values[position])
        return obj


@dataclass(frozen=True)
class CapturedQuery:
    """The SQL and parameters Django sent for a queryset, where in the
    parameters each stand-in value is (with the field that prepares it), and
    how its rows are read."""

    sql: str
    params: tuple
    slots: dict[str, tuple[int, Field]]
    reader: RowReader

    @property
    def model(self) -> type:
        return self.reader.model

    def run(self, using: str, **values) -> list:
        connection = connections[using]
        params = list(self.params)
        for name, (position, field) in self.slots.items():
            params[position] = field.get_db_prep_value(values[name], connection)
        with binding_on_the_server(connection), connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        return [self.reader.instance(using, row, connection) for row in rows]


@contextmanager
def binding_on_the_server(connection):
    """On PostgreSQL, run the queries of this block with their parameters
    bound on the server, so that psycopg prepares each statement once it has
    run ``prepare_threshold`` times on the connection (``DATABASE_PREPARED_STATEMENTS``)
    and PostgreSQL plans it once instead of on every request. Django's own
    cursors bind on the client, and a prepared statement is never made for
    them. Only these captured lookups switch: their parameters all stand where
    a column gives their type. Elsewhere nothing changes."""
    if (
        connection.vendor != "postgresql"
        or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None
    ):
        yield
        return
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    client_side = raw.cursor_factory
    raw.cursor_factory = psycopg.Cursor
    try:
        yield
    finally:
        raw.cursor_factory = client_side


def capture(queryset, using: str, stand_ins: dict[str, tuple[object, Field]]):
    """``queryset`` (built with the ``stand_ins`` values) as Django sends it
    to ``using``, or None when a stand-in is not found exactly once."""
    connection = connections[using]
    sent = []

    def record(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        description = context["cursor"].description or ()
        sent.append((sql, tuple(params or ()), [column[0] for column in description]))
        return result

    with connection.execute_wrapper(record):
        list(queryset.using(using))
    # The queryset's own statement is the one holding the stand-ins. Others can
    # come first on a new connection: what the backend asks once about itself
    # (SQLite's JSON support, the first time a JSON expression is compiled).
    prepared = {
        name: field.get_db_prep_value(value, connection)
        for name, (value, field) in stand_ins.items()
    }
    holding = [each for each in sent if all(value in each[1] for value in prepared.values())]
    if len(holding) != 1 or (not stand_ins and len(sent) != 1):
        return None
    sql, params, columns = holding[0]
    slots = {}
    for name, (_, field) in stand_ins.items():
        positions = [i for i, param in enumerate(params) if param == prepared[name]]
        if len(positions) != 1:
            return None
        slots[name] = (positions[0], field)
    reader = RowReader.for_columns(queryset.model, columns, connection)
    return CapturedQuery(sql, params, slots, reader) if reader else None


def _related_columns(*names: str) -> dict:
    """Annotations bringing the concrete fields of related objects into the row."""
    return {
        f"related_{name}_{field.attname}": F(f"{name}__{field.attname}")
        for name in names
        for field in _RELATED[name]._meta.concrete_fields
    }


def _attach_related(obj, using: str, *names: str):
    """Make the related objects of ``_related_columns`` instances on ``obj``."""
    for name in names:
        model = _RELATED[name]
        fields = model._meta.concrete_fields
        values = [
            field.to_python(vars(obj).pop(f"related_{name}_{field.attname}")) for field in fields
        ]
        related = None
        if values[[f.primary_key for f in fields].index(True)] is not None:
            related = model.from_db(using, [f.attname for f in fields], values)
        setattr(obj, name, related)
    return obj


_captured: dict[tuple, CapturedQuery | None] = {}
_lock = threading.Lock()


def _captured_query(key: tuple, build, using: str, stand_ins: tuple[str, ...]):
    """The captured query of ``key``, captured from ``build()`` on first use."""
    query = _captured.get(key, False)
    if query is False:
        with _lock:
            if key not in _captured:
                if len(_captured) >= _MAX_CAPTURED:
                    _captured.clear()
                _captured[key] = capture(
                    build(), using, {name: _STAND_INS[name] for name in stand_ins}
                )
            query = _captured[key]
    return query


def careers_index(using: str = DEFAULT_DB_ALIAS):
    """``visibility.careers_index()``: the visible careers index, its locale
    selected, or None."""
    query = _captured_query(
        ("index", using),
        lambda: (
            visibility.careers_indexes(now=_NOW)
            .defer(*_EDITING_FIELDS, "import_extras")
            .annotate(**_related_columns("locale"))[:1]
        ),
        using,
        ("now",),
    )
    if query is None:
        return visibility.careers_index()
    found = query.run(using, now=timezone.now())
    return _attach_related(found[0], using, "locale") if found else None


def open_posting(index: CareersIndexPage, slug: str, using: str = DEFAULT_DB_ALIAS):
    """``visibility.open_posting(index, slug)``: the open posting of ``slug``
    under ``index``, its department and locale selected and its pay ranges in
    the same row (``pay.with_pay_ranges``), or None."""
    if "\x00" in slug:  # no slug has one, and PostgreSQL refuses it in a query
        return None
    query = _captured_query(
        ("posting", using, index.path, index.depth),
        lambda: (
            pay.with_pay_ranges(visibility.open_postings(index, now=_NOW))
            .filter(slug=_SLUG)
            .defer(*_EDITING_FIELDS, "hiring_emails", "front_matter_keys")
            .annotate(**_related_columns("department", "locale"))[:1]
        ),
        using,
        ("now", "slug"),
    )
    if query is None:
        return pay.with_pay_ranges(visibility.open_postings(index)).filter(slug=slug).first()
    found = query.run(using, now=timezone.now(), slug=slug)
    return _attach_related(found[0], using, "department", "locale") if found else None


def hiring_organization(index: CareersIndexPage, request=None, using: str = DEFAULT_DB_ALIAS):
    """``HiringOrganization.for_page(index)``: who hires, its site selected.
    One captured query once the site's setting is saved; the model's own
    lookup (which stores the defaults on first read) otherwise. (With the
    ``request``, Wagtail reads the sites' root paths once per request.)"""
    parts = index.get_url_parts(request)
    query = _captured_query(
        ("organization", using),
        lambda: HiringOrganization.objects.filter(site_id=_SITE_ID).annotate(
            **_related_columns("site")
        ),
        using,
        ("site_id",),
    )
    if parts is None or query is None:
        return HiringOrganization.for_page(index)
    found = query.run(using, site_id=parts[0])
    if not found:
        return HiringOrganization.for_page(index)
    return _attach_related(found[0], using, "site")


def posting_locations(posting, using: str = DEFAULT_DB_ALIAS) -> list:
    """``posting.posting_locations.all()``: the posting's structured locations, in order."""
    query = _captured_query(
        ("locations", using),
        lambda: PostingLocation.objects.filter(page_id=_PAGE_ID),
        using,
        ("page_id",),
    )
    if query is None:
        return list(posting.posting_locations.all())
    return query.run(using, page_id=posting.pk)


def privacy_notice(using: str = DEFAULT_DB_ALIAS):
    """``PrivacyNotice.current()``: the privacy notice the form asks consent to, or None."""
    query = _captured_query(
        ("notice", using), lambda: PrivacyNotice.objects.order_by("-version")[:1], using, ()
    )
    if query is None:
        return PrivacyNotice.current()
    found = query.run(using)
    return found[0] if found else None

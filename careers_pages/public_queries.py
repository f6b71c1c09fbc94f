"""The lookups every uncached public API request makes, compiled to SQL once.

Django compiles a queryset to SQL each time it is evaluated. For a Wagtail
page type (two tables, some 60 columns) that costs far more than the database
takes to answer: on SQLite about 0.7 to 1.0 ms against 0.06 ms. The public API
asks the same three questions on every request its response cache cannot
answer (the careers index, one of its postings, who hires), so each is built
once as an ordinary queryset with named ``Param`` placeholders, compiled once
per process and database, and from then on only executed; the rows become
model instances as Django's own iterator makes them.

The querysets are the same ones the rest of the project uses
(``PublicPageQuerySet``), so what counts as visible is written once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import CharField, DateTimeField, Expression, Field, IntegerField, QuerySet
from django.db.models.query import get_related_populators
from django.utils import timezone


class Param(Expression):
    """A named placeholder in a compiled query; its value is given when it runs."""

    def __init__(self, name: str, output_field: Field | None = None):
        super().__init__(output_field=output_field or CharField())
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple[tuple[int, str, Field], ...]  # (position in params, name, field)
    model: type
    init_list: tuple[str, ...]
    model_columns: slice
    related_populators: tuple
    annotation_col_map: dict
    converters: tuple  # ((position, converters, expression), ...)


class CompiledQuery:
    """A queryset (from ``build``, with ``Param`` placeholders) compiled once
    per database alias and run with values: ``query(slug="x")`` is the list of
    model instances the queryset would give for those values."""

    def __init__(self, build: Callable[[], QuerySet]):
        self._build = build
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def __call__(self, using: str = DEFAULT_DB_ALIAS, **values) -> list:
        compiled = self._compiled.get(using) or self._compile(using)
        connection = connections[using]
        params = list(compiled.params)
        for position, name, field in compiled.slots:
            params[position] = field.get_db_prep_value(values[name], connection)
        with _cursor(connection) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        objects = []
        for row in rows:
            if compiled.converters:
                row = list(row)
                for position, converters, expression in compiled.converters:
                    value = row[position]
                    for converter in converters:
                        value = converter(value, expression, connection)
                    row[position] = value
            obj = compiled.model.from_db(using, compiled.init_list, row[compiled.model_columns])
            for populator in compiled.related_populators:
                populator.populate(row, obj)
            for name, position in compiled.annotation_col_map.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def _compile(self, using: str) -> _Compiled:
        with self._lock:
            if using in self._compiled:
                return self._compiled[using]
            queryset = self._build().using(using)
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            slots = tuple(
                (position, param.name, param.output_field)
                for position, param in enumerate(params)
                if isinstance(param, Param)
            )
            klass_info = compiler.klass_info
            select_fields = klass_info["select_fields"]
            columns = slice(select_fields[0], select_fields[-1] + 1)
            converters = compiler.get_converters([s[0] for s in compiler.select])
            compiled = _Compiled(
                sql=sql,
                params=tuple(params),
                slots=slots,
                model=klass_info["model"],
                init_list=tuple(s[0].target.attname for s in compiler.select[columns]),
                model_columns=columns,
                related_populators=tuple(
                    get_related_populators(klass_info, compiler.select, using)
                ),
                annotation_col_map=dict(compiler.annotation_col_map or {}),
                converters=tuple(
                    (position, tuple(convs), expression)
                    for position, (convs, expression) in converters.items()
                ),
            )
            self._compiled[using] = compiled
            return compiled


def _cursor(connection):
    """A cursor of ``connection``. On PostgreSQL one that binds parameters on
    the server, where psycopg prepares a statement it has run a few times (the
    connection's ``prepare_threshold``, set in the settings): planning these
    queries took as long as running them. Django's own cursors bind on the
    client, where nothing is prepared."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    # What Django's connection.cursor() does first: drop a connection that
    # fails its health check (a restarted server), connect, stay in one thread.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    cursor = ServerBindingCursor(connection.connection)
    if connection.queries_logged:  # as Django's own cursors: for DEBUG and tests
        return _PreparedDebugCursor(cursor, connection)
    return connection.make_cursor(cursor)


class _PreparedDebugCursor(CursorDebugWrapper):
    """Logs the query as Django's debug cursor does; that one reads the SQL
    back from psycopg, which keeps none for a prepared statement."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return super(CursorDebugWrapper, self).execute(sql, params)


def _careers_index_query():
    from .models import CareersIndexPage

    return (
        CareersIndexPage.objects.visible(now=Param("now", DateTimeField()))
        .select_related("locale")
        .order_by("path")[:1]
    )


def _open_posting_query():
    from .models import JobPostingPage

    return (
        JobPostingPage.objects.visible_children(
            parent_path=Param("parent_path"),
            child_depth=Param("child_depth", IntegerField()),
            now=Param("now", DateTimeField()),
        )
        .filter(slug=Param("slug"))
        .select_related("department", "locale")[:1]
    )


def _hiring_organization_query():
    from .models import HiringOrganization

    return HiringOrganization.objects.select_related("site").filter(
        site_id=Param("site_id", IntegerField())
    )


_careers_index = CompiledQuery(_careers_index_query)
_open_posting = CompiledQuery(_open_posting_query)
_hiring_organization = CompiledQuery(_hiring_organization_query)


def careers_index():
    """The visible careers index (the first in tree order), or None."""
    found = _careers_index(now=timezone.now())
    return found[0] if found else None


def open_posting(index, slug: str):
    """The visible posting of ``slug`` under the (visible) careers index, or None."""
    found = _open_posting(
        parent_path=index.path, child_depth=index.depth + 1, slug=slug, now=timezone.now()
    )
    return found[0] if found else None


def hiring_organization(site_id: int | None):
    """The site's saved HiringOrganization (its site selected too), or None."""
    if site_id is None:
        return None
    found = _hiring_organization(site_id=site_id)
    return found[0] if found else None

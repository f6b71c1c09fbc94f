"""A database stopped part-way through migrations that have since been squashed.

A squashed migration ``replaces`` a run of older ones. A database that has
applied all of them counts as migrated by it, and a new one applies it whole;
but where only some are recorded, Django leaves the squashed migration out of
the plan without a word, and ``migrate`` ends with tables short of what the
models need. This database check (``migrate`` runs it first; careers_pages
registers it) refuses that database and says what to do instead."""

from __future__ import annotations

from django.core import checks
from django.db import connections
from django.db.migrations.loader import MigrationLoader


def check_partly_applied_squashes(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or ():
        loader = MigrationLoader(connections[alias])
        for (app, name), migration in loader.replacements.items():
            applied = [key for key in migration.replaces if key in loader.applied_migrations]
            if not applied or len(applied) == len(migration.replaces):
                continue
            last_app, last_name = migration.replaces[-1]
            errors.append(
                checks.Error(
                    f"The database {alias!r} applied {len(applied)} of the "
                    f"{len(migration.replaces)} migrations this one replaces (up to "
                    f"{applied[-1][0]}.{applied[-1][1]}), so it cannot apply it.",
                    hint=f"Migrate it to {last_app}.{last_name} with a checkout from before "
                    "they were squashed (CHANGELOG.md names the commit), then migrate "
                    "again with this one. A demo database (db.sqlite3) can instead be "
                    "deleted: `make run` makes it anew.",
                    obj=f"{app}.{name}",
                    id="cms.E001",
                )
            )
    return errors

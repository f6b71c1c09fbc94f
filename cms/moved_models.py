"""Moving a model from one app to another without touching its table: the
content type row (and with it the permissions, the groups holding them, the
admin's log entries) follows the model, under the new app label.

Used by the migrations that took the hiring, preview and webhook models out of
``careers_pages`` (``SeparateDatabaseAndState``, same table names)."""

from __future__ import annotations

from django.db import migrations
from django.db.migrations.operations.base import Operation


class AdoptModels(Operation):
    """State only: ``models`` of ``from_app``, as that app's migrations left
    them, belong to the migration's app from here on, on the tables they had
    (``db_table`` set to the old names). Foreign keys between them follow.

    What ``CreateModel`` would do with the fields written out again; the app
    that gave them up deletes them from its state in a migration of its own."""

    reversible = True
    reduces_to_sql = True  # it changes nothing in the database

    def __init__(self, from_app: str, models: list[str]):
        self.from_app = from_app
        self.models = models

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.from_app, self.models], {})

    def state_forwards(self, app_label, state):
        moved = {f"{self.from_app}.{name.lower()}" for name in self.models}
        for name in self.models:
            model = state.models[self.from_app, name.lower()].clone()
            model.app_label = app_label
            model.options.setdefault("db_table", f"{self.from_app}_{name.lower()}")
            for field_name, field in model.fields.items():
                target = getattr(field.remote_field, "model", None)
                if isinstance(target, str) and target.lower() in moved:
                    _, _, args, kwargs = field.deconstruct()
                    kwargs["to"] = f"{app_label}.{target.split('.')[-1].lower()}"
                    model.fields[field_name] = field.__class__(*args, **kwargs)
            state.add_model(model)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self):
        return f"Adopt {', '.join(self.models)} from {self.from_app}, tables and all"

    @property
    def migration_name_fragment(self):
        return f"adopt_{'_'.join(name.lower() for name in self.models)}"


#: What moving a model's content types needs, besides the migrations that made it.
MOVE_DEPENDENCIES = [
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
]


def move_models(from_app: str, to_app: str, models: list[str]) -> list[Operation]:
    """The operations of a migration of ``to_app`` that takes ``models`` over
    from ``from_app``: their state (the tables are already there) and their
    content types."""
    return [
        migrations.SeparateDatabaseAndState(
            state_operations=[AdoptModels(from_app, models)], database_operations=[]
        ),
        move_content_types(from_app, to_app, [name.lower() for name in models]),
    ]


def move_content_types(from_app: str, to_app: str, models: list[str]) -> migrations.RunPython:
    """A migration operation that gives ``models``' content types the label
    ``to_app``; migrating back gives them ``from_app`` again."""

    def forward(apps, schema_editor):
        for model in models:
            move_content_type(apps, model, from_app, to_app)

    def backward(apps, schema_editor):
        for model in models:
            move_content_type(apps, model, to_app, from_app)

    return migrations.RunPython(forward, backward)


def move_content_type(apps, model: str, from_app: str, to_app: str) -> None:
    """Relabel ``from_app``'s content type of ``model`` as ``to_app``'s, in place
    (its id, which every reference holds, stays). Where both labels have a row
    (``post_migrate`` made one while a migration was still to run) the older
    row is kept: the other's permissions are merged into it, groups and users
    holding one keep holding it, and the other row goes."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    rows = list(
        ContentType.objects.filter(app_label__in=(from_app, to_app), model=model).order_by("pk")
    )
    if not rows:
        return  # a fresh database: post_migrate makes it, under the model's current app
    kept, *others = rows
    for other in others:
        for permission in Permission.objects.filter(content_type=other):
            same = Permission.objects.filter(
                content_type=kept, codename=permission.codename
            ).first()
            if same is None:
                permission.content_type = kept
                permission.save(update_fields=["content_type"])
                continue
            for group in permission.group_set.all():
                group.permissions.add(same)
            for user in permission.user_set.all():
                user.user_permissions.add(same)
            permission.delete()
        other.delete()
    if kept.app_label != to_app:
        kept.app_label = to_app
        kept.save(update_fields=["app_label"])
    # Only the migration's own cache: the process's is keyed by model, and
    # clearing it would make the next lookups create rows (as loading a
    # serialized test database does, before the rows are back).
    ContentType.objects.clear_cache()

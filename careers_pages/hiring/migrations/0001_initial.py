"""Application moves here from careers_pages: its table, content type and
permissions (the "Hiring team" group's among them) as they were."""

from django.db import migrations

from cms.moved_models import AdoptModels, move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("careers_pages", "0008_webhook_targets"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        # The tables are there already: careers_pages made them.
        migrations.SeparateDatabaseAndState(
            state_operations=[AdoptModels("careers_pages", ['Application'])],
            database_operations=[],
        ),
        move_content_types("careers_pages", "careers_hiring", ['application']),
    ]

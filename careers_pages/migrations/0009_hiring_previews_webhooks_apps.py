"""Application, PagePreview, WebhookEndpoint and WebhookDelivery now belong to
the careers_hiring, careers_previews and careers_webhooks apps, which took them
over (state, content types) in their 0001 migrations; their tables stay."""

from django.db import migrations

from cms.moved_models import move_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("careers_pages", "0001_squashed_0008_initial"),
        ("careers_hiring", "0001_initial"),
        ("careers_previews", "0001_initial"),
        ("careers_webhooks", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Application"),
                migrations.DeleteModel(name="PagePreview"),
                migrations.DeleteModel(name="WebhookDelivery"),
                migrations.DeleteModel(name="WebhookEndpoint"),
            ],
            database_operations=[],
        ),
        # Nothing to do, unless post_migrate ran in between (a migrate stopped
        # before this one) and made the old label's rows again: merged away.
        *(
            migrations.RunPython(operation.code, migrations.RunPython.noop)
            for operation in (
                move_content_types("careers_pages", "careers_hiring", ["application"]),
                move_content_types("careers_pages", "careers_previews", ["pagepreview"]),
                move_content_types(
                    "careers_pages", "careers_webhooks", ["webhookendpoint", "webhookdelivery"]
                ),
            )
        ),
    ]

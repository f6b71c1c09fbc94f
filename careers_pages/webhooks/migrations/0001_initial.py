"""WebhookEndpoint and WebhookDelivery move here from careers_pages: their
tables and content types as they were."""

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
            state_operations=[AdoptModels("careers_pages", ['WebhookEndpoint', 'WebhookDelivery'])],
            database_operations=[],
        ),
        move_content_types("careers_pages", "careers_webhooks", ['webhookendpoint', 'webhookdelivery']),
    ]

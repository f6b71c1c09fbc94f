"""WebhookEndpoint and WebhookDelivery move here from careers_pages, tables and
content types as they were."""

import careers_pages.webhooks.targets
import django.db.models.deletion
import django.utils.timezone
import uuid
from django.db import migrations, models

from cms.moved_models import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("careers_pages", "0008_webhook_targets"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        # The table is there already: careers_pages made it.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='WebhookEndpoint',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100)),
                        ('url', models.URLField(help_text='An http:// or https:// URL on a public address; redirects are not followed.', max_length=500, validators=[careers_pages.webhooks.targets.validate_webhook_url], verbose_name='URL')),
                        ('secret', models.CharField(help_text='Deliveries are signed with HMAC-SHA256 of this secret: see the X-Careers-Signature header.', max_length=200)),
                        ('active', models.BooleanField(default=True)),
                    ],
                    options={
                        'verbose_name': 'webhook',
                        'db_table': 'careers_pages_webhookendpoint',
                    },
                ),
                migrations.CreateModel(
                    name='WebhookDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('event', models.CharField(max_length=50)),
                        ('payload', models.JSONField()),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('delivered', 'Delivered'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], db_index=True, default='pending', max_length=10)),
                        ('attempts', models.PositiveIntegerField(default=0)),
                        ('response_status', models.PositiveIntegerField(blank=True, null=True)),
                        ('error', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('delivered_at', models.DateTimeField(blank=True, null=True)),
                        ('endpoint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='careers_webhooks.webhookendpoint')),
                    ],
                    options={
                        'verbose_name_plural': 'webhook deliveries',
                        'db_table': 'careers_pages_webhookdelivery',
                        'ordering': ['-created_at'],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types("careers_pages", "careers_webhooks", ['webhookendpoint', 'webhookdelivery']),
    ]

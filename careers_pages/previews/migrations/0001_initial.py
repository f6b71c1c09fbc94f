"""PagePreview moves here from careers_pages, table and content type as they were."""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models

from cms.moved_models import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("careers_pages", "0008_webhook_targets"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        # The table is there already: careers_pages made it.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PagePreview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('kind', models.CharField(choices=[('editor', 'Editor preview'), ('shared', 'Shared link')], default='editor', max_length=10)),
                        ('content', models.JSONField(help_text="The page's content as previewed.")),
                        ('content_hash', models.CharField(max_length=64)),
                        ('follow_latest', models.BooleanField(default=False, help_text="Show the page's latest draft at each visit instead of this version.", verbose_name='follow the latest draft')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('expires_at', models.DateTimeField(db_index=True)),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('note', models.CharField(blank=True, help_text="Who the link is for, such as 'the hiring manager'.", max_length=255)),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                        ('parent', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                    ],
                    options={
                        'db_table': 'careers_pages_pagepreview',
                        'ordering': ['-created_at'],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types("careers_pages", "careers_previews", ['pagepreview']),
    ]

"""Application moves here from careers_pages, table, content type and
permissions (the "Hiring team" group's among them) as they were."""

import careers_pages.hiring.resumes
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
                    name='Application',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('role', models.CharField(help_text='The role as the posting named it.', max_length=255)),
                        ('name', models.CharField(max_length=200)),
                        ('email', models.EmailField(db_index=True, max_length=254)),
                        ('linkedin', models.URLField(blank=True, max_length=500, verbose_name='LinkedIn')),
                        ('github', models.URLField(blank=True, max_length=500, verbose_name='GitHub')),
                        ('message', models.TextField()),
                        ('resume', models.FileField(blank=True, max_length=255, storage=careers_pages.hiring.resumes.private_storage, upload_to=careers_pages.hiring.resumes.resume_upload_to)),
                        ('resume_filename', models.CharField(blank=True, help_text="The file's name on the applicant's machine.", max_length=255)),
                        ('resume_content_type', models.CharField(blank=True, max_length=100)),
                        ('resume_size', models.PositiveIntegerField(blank=True, null=True)),
                        ('consent', models.BooleanField(default=False)),
                        ('consent_text', models.TextField(blank=True, help_text='What the applicant agreed to.')),
                        ('submitted_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('status', models.CharField(choices=[('new', 'New'), ('reviewing', 'Reviewing'), ('interviewing', 'Interviewing'), ('offer', 'Offer'), ('hired', 'Hired'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn')], db_index=True, default='new', max_length=20)),
                        ('idempotency_key', models.CharField(blank=True, max_length=255, null=True, unique=True)),
                        ('fingerprint', models.CharField(editable=False, max_length=64)),
                        ('hiring_team_notified_at', models.DateTimeField(blank=True, null=True)),
                        ('applicant_confirmed_at', models.DateTimeField(blank=True, null=True)),
                        ('notification_attempts', models.PositiveIntegerField(default=0)),
                        ('posting', models.ForeignKey(help_text='Empty once the posting is deleted; the role below stays.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='applications', to='careers_pages.jobpostingpage')),
                    ],
                    options={
                        'db_table': 'careers_pages_application',
                        'ordering': ['-submitted_at'],
                        'permissions': [('download_resume', 'Can download resumes')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types("careers_pages", "careers_hiring", ['application']),
    ]

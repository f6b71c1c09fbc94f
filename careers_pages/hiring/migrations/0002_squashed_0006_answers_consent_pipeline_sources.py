"""careers_hiring 0002 to 0006 in one: answers and private answers, the
privacy notice and consent record, the pipeline (stages, every application's
status moved to its stage, notes, stage e-mails), sources, and applications out
of Wagtail's reference index. Replaces them as careers_pages 0001 does."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


DEFAULT_STAGES = [
    ("New", "new"),
    ("Reviewing", "reviewing"),
    ("Interview", "interview"),
    ("Offer", "offer"),
    ("Hired", "hired"),
    ("Rejected", "rejected"),
]
# The old status values, by the slug of the stage of the same name.
STATUS_OF_STAGE = {
    "new": "new",
    "reviewing": "reviewing",
    "interview": "interviewing",
    "offer": "offer",
    "hired": "hired",
    "rejected": "rejected",
}
# The same with Withdrawn, a stage made only where an application was withdrawn.
STATUS_OF_ANY_STAGE = {**STATUS_OF_STAGE, "withdrawn": "withdrawn"}


def create_default_stages(apps, schema_editor):
    PipelineStage = apps.get_model("careers_hiring", "PipelineStage")
    for order, (name, slug) in enumerate(DEFAULT_STAGES, start=1):
        PipelineStage.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


def statuses_to_stages(apps, schema_editor):
    """One UPDATE per stage, whatever the number of applications."""
    Application = apps.get_model("careers_hiring", "Application")
    PipelineStage = apps.get_model("careers_hiring", "PipelineStage")
    if Application.objects.filter(status="withdrawn").exists():
        PipelineStage.objects.get_or_create(
            slug="withdrawn", defaults={"name": "Withdrawn", "sort_order": len(DEFAULT_STAGES) + 1}
        )
    stages = {stage.slug: stage for stage in PipelineStage.objects.all()}
    for slug, status in STATUS_OF_ANY_STAGE.items():
        if slug not in stages:
            continue
        Application.objects.filter(status=status).update(stage=stages[slug])
    Application.objects.filter(stage__isnull=True).update(stage=stages["new"])


def stages_to_statuses(apps, schema_editor):
    Application = apps.get_model("careers_hiring", "Application")
    for slug, status in STATUS_OF_ANY_STAGE.items():
        Application.objects.filter(stage__slug=slug).update(status=status)
    Application.objects.exclude(stage__slug__in=STATUS_OF_ANY_STAGE).update(status="new")


def forget_applications(apps, schema_editor):
    """Applications are not in Wagtail's reference index (which made each one a
    "usage" of its posting): its rows for them go. Going back leaves the index
    as it is; ``manage.py rebuild_references_index`` fills it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    application = ContentType.objects.filter(app_label="careers_hiring", model="application")
    ReferenceIndex.objects.filter(content_type__in=application).delete()


class Migration(migrations.Migration):

    replaces = [('careers_hiring', '0002_application_answers_and_private_answers'), ('careers_hiring', '0003_privacy_notice_and_consent_record'), ('careers_hiring', '0004_pipeline_stages'), ('careers_hiring', '0005_application_sources'), ('careers_hiring', '0006_applications_out_of_the_reference_index')]

    dependencies = [
        ('careers_hiring', '0001_initial'),
        ('careers_pages', '0009_hiring_previews_webhooks_apps'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0078_referenceindex'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='application',
            name='answers',
            field=models.JSONField(blank=True, default=dict, help_text="Answers to the posting's questions, keyed by the question's name; a file answer is {file, filename, content_type, size}. Private answers are not here."),
        ),
        migrations.CreateModel(
            name='PrivateAnswer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('question', models.CharField(max_length=50)),
                ('answer', models.CharField(max_length=255)),
                ('month', models.DateField(help_text='The first day of the month it was given in.')),
                ('posting', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='private_answers', to='careers_pages.jobpostingpage')),
            ],
            options={
                'permissions': [('view_private_answer_report', 'Can see the self-identification report')],
                'indexes': [models.Index(fields=['posting', 'question'], name='careers_hir_posting_1c8a61_idx')],
            },
        ),
        migrations.CreateModel(
            name='PrivacyNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(editable=False, unique=True)),
                ('text', models.TextField(help_text='What applicants agree to when they apply: how their data is processed, for what, and for how long. Saving a change makes a new version.')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ],
            options={
                'ordering': ['-version'],
                'get_latest_by': 'version',
            },
        ),
        migrations.AddField(
            model_name='application',
            name='consent_given_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='application',
            name='privacy_notice_version',
            field=models.PositiveIntegerField(blank=True, help_text='The version of the privacy notice accepted.', null=True),
        ),
        migrations.AddField(
            model_name='application',
            name='talent_pool_until',
            field=models.DateField(blank=True, help_text='The applicant agreed to be kept for future roles until this day.', null=True),
        ),
        migrations.CreateModel(
            name='PipelineStage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, unique=True)),
                ('slug', models.SlugField(help_text="Names the stage in the inbox's filter links.", unique=True)),
                ('sort_order', models.PositiveIntegerField(default=0, help_text='Stages are listed from the lowest number; the first is where new applications start.')),
            ],
            options={
                'verbose_name': 'pipeline stage',
                'ordering': ['sort_order', 'pk'],
            },
        ),
        migrations.RunPython(create_default_stages, migrations.RunPython.noop),
        migrations.AddField(
            model_name='application',
            name='stage',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='careers_hiring.pipelinestage'),
        ),
        migrations.RunPython(statuses_to_stages, stages_to_statuses),
        migrations.AlterField(
            model_name='application',
            name='stage',
            field=models.ForeignKey(help_text='Where the application is in the hiring pipeline.', on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='careers_hiring.pipelinestage'),
        ),
        migrations.RemoveField(
            model_name='application',
            name='status',
        ),
        migrations.CreateModel(
            name='ApplicationNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(max_length=5000)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='careers_hiring.application')),
                ('author', models.ForeignKey(help_text="Empty once the author's account is deleted.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='StageEmailTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='What the hiring team picks it by.', max_length=100)),
                ('subject', models.CharField(max_length=200)),
                ('body', models.TextField(help_text='Placeholders: {candidate_name}, {posting_title}, {organization_name}.', max_length=10000)),
                ('stage', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='email_templates', to='careers_hiring.pipelinestage')),
            ],
            options={
                'verbose_name': 'stage e-mail template',
                'ordering': ['stage__sort_order', 'stage', 'name'],
            },
        ),
        migrations.CreateModel(
            name='ApplicationMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('recipient', models.EmailField(max_length=254)),
                ('subject', models.CharField(max_length=255)),
                ('body', models.TextField()),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('sent', 'Sent'), ('failed', 'Failed')], default='queued', max_length=10)),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='careers_hiring.application')),
                ('sent_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('template', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='careers_hiring.stageemailtemplate')),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='application',
            name='referrer_origin',
            field=models.CharField(blank=True, help_text='The origin (scheme://host[:port]) of the page the form was sent from, never its path or query.', max_length=300, verbose_name='Referrer'),
        ),
        migrations.AddField(
            model_name='application',
            name='source',
            field=models.CharField(blank=True, help_text="Where the applicant came from, as the page's ?source= named it.", max_length=100),
        ),
        migrations.AddField(
            model_name='application',
            name='utm_campaign',
            field=models.CharField(blank=True, max_length=200, verbose_name='UTM campaign'),
        ),
        migrations.AddField(
            model_name='application',
            name='utm_medium',
            field=models.CharField(blank=True, max_length=100, verbose_name='UTM medium'),
        ),
        migrations.AddField(
            model_name='application',
            name='utm_source',
            field=models.CharField(blank=True, max_length=100, verbose_name='UTM source'),
        ),
        migrations.RunPython(forget_applications, migrations.RunPython.noop),
    ]
